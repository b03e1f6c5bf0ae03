public import CEORPC

/// The RPC status of each ``SignInError``: the one table where AuthService's sign-in
/// refusals become statuses. The server converts them when a handler throws one; the
/// error stays the status's cause.
extension SignInError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .lockedOut(let seconds):
            RPCError(.resourceExhausted, description, trailers: ["retry-after": String(seconds)], cause: self)
        case .wrongEmailOrPassword, .unknownRefreshToken, .sessionRevoked, .refreshTokenReused, .refreshTokenExpired,
             .unknownAPIKey, .apiKeyRevoked, .apiKeyExpired:
            RPCError(.unauthenticated, description, cause: self)
        case .notARefreshToken:
            RPCError(
                .invalidArgument, description,
                details: [FieldViolation(field: "refresh_token", description: "is not a refresh token")], cause: self
            )
        case .notAnAPIKey:
            RPCError(.unauthenticated, description, details: [FieldViolation(field: "api_key", description: "is not an API key")], cause: self)
        case .accountDisabled, .apiKeyAccountDisabled:
            RPCError(.permissionDenied, description, cause: self)
        }
    }
}
