public import CEORPC

/// The RPC status of each ``AccountError``: the one table where AuthService's domain
/// refusals become statuses. The server converts them when a handler throws one; the
/// error stays the status's cause.
extension AccountError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .userGone: RPCError(.unauthenticated, description, cause: self)
        case .accountDisabled, .adminsOnly, .apiKeyManagedWithAPIKey: RPCError(.permissionDenied, description, cause: self)
        case .noSuchUser, .noSuchAPIKey: RPCError(.notFound, description, cause: self)
        case .emailTaken:
            RPCError(
                .alreadyExists, description,
                details: [FieldViolation(field: "email", description: "an account with this email already exists")], cause: self
            )
        case .apiKeyLimitReached: RPCError(.resourceExhausted, description, cause: self)
        case .rotationRefused: RPCError(.failedPrecondition, description, cause: self)
        }
    }
}
