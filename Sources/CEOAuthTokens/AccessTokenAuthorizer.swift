public import CEORPC

/// The ``RPCCallAuthorizer`` of every service that serves end users: verifies the bearer
/// token of a call with an ``AccessTokenVerifier`` and checks the method's required scope,
/// once per call, before the handler runs.
///
/// Missing or malformed credentials and invalid tokens get UNAUTHENTICATED (UNAVAILABLE
/// when the signing keys cannot be fetched); a token without the scope gets
/// PERMISSION_DENIED.
public struct AccessTokenAuthorizer: RPCCallAuthorizer {
    private let verifier: AccessTokenVerifier

    /// An authorizer that verifies tokens with `verifier`.
    public init(verifier: AccessTokenVerifier) {
        self.verifier = verifier
    }

    /// The ``AuthPrincipal`` of the call's bearer token, when it carries the scope
    /// `requirement` names (any scope for ``RequiredScope/anyScope``).
    public func principal(for requirement: RequiredScope, context: ServerContext) async throws -> any Sendable {
        let principal = try await verifier.principal(from: context.metadata)
        if case .scope(let scope) = requirement {
            try principal.require(scope: scope)
        }
        return principal
    }
}
