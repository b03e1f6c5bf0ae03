import CEOAPI
import CEOAuthTokens
public import CEORPC

/// `ceo.auth.v1.AuthService` over the internal RPC.
///
/// Which service may call what is declared in the proto (`allowed_callers`) and
/// enforced by the router; so is whether a method needs the end user's bearer token
/// (`required_scope`), which the router verifies with ``AccessTokenAuthorizer`` before
/// a handler runs. Which user may act on what (admins, their own keys) is decided
/// by ``AuthCore`` from the verified principal.
public struct AuthRPCService: RPCService {
    private let core: AuthCore
    public let authorizer: (any RPCCallAuthorizer)?

    public init(core: AuthCore) {
        self.core = core
        self.authorizer = AccessTokenAuthorizer(verifier: core.makeVerifier())
    }

    public func registerMethods(with router: inout RPCRouter) {
        router.register(AuthServiceRPC.register) { [core] request, _ in try await core.register(request) }
        router.register(AuthServiceRPC.login) { [core] request, _ in try await core.login(request) }
        router.register(AuthServiceRPC.refresh) { [core] request, _ in try await core.refresh(request) }
        router.register(AuthServiceRPC.logout) { [core] request, _ in try await core.logout(request) }
        router.register(AuthServiceRPC.getSigningKeys) { [core] _, _ in await core.keyring.published() }
        router.register(AuthServiceRPC.getRevocations) { [core] _, _ in try await core.revocations() }
        router.register(AuthServiceRPC.revokeSessions) { [core] request, context in
            try await core.revokeSessions(request, by: context.authPrincipal)
        }
        router.register(AuthServiceRPC.exchangeApiKey) { [core] request, _ in try await core.exchangeAPIKey(request) }
        router.register(AuthServiceRPC.getCurrentUser) { [core] _, context in
            try await core.currentUser(context.authPrincipal)
        }
        router.register(AuthServiceRPC.createApiKey) { [core] request, context in
            try await core.createAPIKey(request, by: context.authPrincipal)
        }
        router.register(AuthServiceRPC.listApiKeys) { [core] _, context in
            try await core.listAPIKeys(by: context.authPrincipal)
        }
        router.register(AuthServiceRPC.revokeApiKey) { [core] request, context in
            try await core.revokeAPIKey(request, by: context.authPrincipal)
        }
        router.register(AuthServiceRPC.listUsers) { [core] request, context in
            try await core.listUsers(request, by: context.authPrincipal)
        }
        router.register(AuthServiceRPC.updateUser) { [core] request, context in
            try await core.updateUser(request, by: context.authPrincipal)
        }
        router.register(AuthServiceRPC.listAuditEvents) { [core] request, context in
            try await core.listAuditEvents(request, by: context.authPrincipal)
        }
        router.register(AuthServiceRPC.rotateSigningKey) { [core] _, context in
            try await core.rotateSigningKey(by: context.authPrincipal)
        }
    }
}
