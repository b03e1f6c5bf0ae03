import CEOAPI
import CEOAuthTokens
public import CEORPC

/// `ceo.auth.v1.AuthService` over the internal RPC.
///
/// Which service may call what is declared in the proto (`allowed_callers`) and
/// enforced by the router; which user may is decided here, from the bearer token
/// the edge forwards in the call metadata.
public struct AuthRPCService: RPCService {
    private let core: AuthCore
    private let verifier: AccessTokenVerifier

    public init(core: AuthCore) {
        self.core = core
        self.verifier = core.makeVerifier()
    }

    public func registerMethods(with router: inout RPCRouter) {
        router.register(AuthServiceRPC.register) { [core] request, _ in try await core.register(request) }
        router.register(AuthServiceRPC.login) { [core] request, _ in try await core.login(request) }
        router.register(AuthServiceRPC.refresh) { [core] request, _ in try await core.refresh(request) }
        router.register(AuthServiceRPC.logout) { [core] request, _ in try await core.logout(request) }
        router.register(AuthServiceRPC.getSigningKeys) { [core] _, _ in await core.keyring.published() }
        router.register(AuthServiceRPC.exchangeApiKey) { [core] request, _ in try await core.exchangeAPIKey(request) }
        router.register(AuthServiceRPC.getCurrentUser) { [core, verifier] _, context in
            try await core.currentUser(verifier.principal(from: context.metadata))
        }
        router.register(AuthServiceRPC.createApiKey) { [core, verifier] request, context in
            try await core.createAPIKey(request, by: verifier.principal(from: context.metadata))
        }
        router.register(AuthServiceRPC.listApiKeys) { [core, verifier] _, context in
            try await core.listAPIKeys(by: verifier.principal(from: context.metadata))
        }
        router.register(AuthServiceRPC.revokeApiKey) { [core, verifier] request, context in
            try await core.revokeAPIKey(request, by: verifier.principal(from: context.metadata))
        }
        router.register(AuthServiceRPC.listUsers) { [core, verifier] request, context in
            try await core.listUsers(request, by: verifier.principal(from: context.metadata))
        }
        router.register(AuthServiceRPC.updateUser) { [core, verifier] request, context in
            try await core.updateUser(request, by: verifier.principal(from: context.metadata))
        }
        router.register(AuthServiceRPC.listAuditEvents) { [core, verifier] request, context in
            try await core.listAuditEvents(request, by: verifier.principal(from: context.metadata))
        }
        router.register(AuthServiceRPC.rotateSigningKey) { [core, verifier] _, context in
            try await core.rotateSigningKey(by: verifier.principal(from: context.metadata))
        }
    }
}
