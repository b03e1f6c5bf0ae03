/// The authorization step of one method: what it requires of the end user and the
/// authorizer that checks it, run once per call between decoding and the handler.
struct MethodAuthorization: Sendable {
    let requirement: RequiredScope
    let authorizer: (any RPCCallAuthorizer)?

    /// Runs `handler` with the call's context; for a method that needs an end user, the
    /// principal is resolved first (and `handler` does not run when it is refused).
    func run<Result>(_ context: ServerContext, _ handler: (ServerContext) async throws -> Result) async throws -> Result {
        guard requirement.needsPrincipal else { return try await handler(context) }
        guard let authorizer else {
            // The router refuses to register such a method; kept as a closed door.
            throw RPCError(.internal, "no authorizer for \(context.method)")
        }
        var context = context
        context.principal = try await authorizer.principal(for: requirement, context: context)
        return try await ServerContext.$current.withValue(context) { try await handler(context) }
    }
}
