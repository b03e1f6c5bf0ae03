import AuthService
import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOTestSupport
import Foundation
import Synchronization
import Testing

/// How many times a handler ran, and with which user.
private final class HandlerRuns: Sendable {
    let users = Mutex<[String]>([])
}

/// A service of two methods that need an end user with a scope, authorized with real
/// access tokens from AuthService, as Orchestrator's are.
private struct GuardedService: RPCService {
    static let readRuns = RPCMethodDescriptor<GetJobRequest, Job>(
        path: "/test.Guarded/ReadRuns", kind: .unary, allowedCallers: [CallerRule("edge")],
        requiredScope: .scope(AccessScope.runsRead)
    )
    static let executeAgent = RPCMethodDescriptor<GetJobRequest, Job>(
        path: "/test.Guarded/ExecuteAgent", kind: .unary, allowedCallers: [CallerRule("edge")],
        requiredScope: .scope(AccessScope.agentsExecute)
    )

    let authorizer: (any RPCCallAuthorizer)?
    let runs: HandlerRuns

    func registerMethods(with router: inout RPCRouter) {
        for method in [Self.readRuns, Self.executeAgent] {
            router.register(method) { [runs] request, context in
                let principal = try context.authPrincipal
                runs.users.withLock { $0.append(principal.userID) }
                var job = Job()
                job.id = request.jobID
                job.ownerUserID = principal.userID
                return job
            }
        }
    }
}

@Suite("Access tokens checked by the router before handlers", .timeLimit(.minutes(1)))
struct CallAuthorizationTests {
    /// Runs AuthService, the guarded service (with a verifier of AuthService's keys) and
    /// an edge client of the guarded service.
    private func withGuardedService(
        _ body: (AuthClient, RPCClient, HandlerRuns) async throws -> Void
    ) async throws {
        let env = try await AuthTestEnvironment()
        defer { env.cleanUp() }
        try await env.withService { auth, _ in
            let runs = HandlerRuns()
            let service = GuardedService(authorizer: AccessTokenAuthorizer(verifier: auth.verifier()), runs: runs)
            try await TestHarness.withServer(pki: env.pki, identity: "orchestrator", services: [service]) { port in
                try await TestHarness.withClient(pki: env.pki, identity: "edge", ports: [port]) { client in
                    try await body(auth, client, runs)
                }
            }
        }
    }

    @Test("a call without a token (or with a bad one) to a scoped method is UNAUTHENTICATED, and its handler does not run")
    func noTokenIsRefusedBeforeTheHandler() async throws {
        try await withGuardedService { _, client, runs in
            let missing = await #expect(throws: RPCError.self) { try await client.unary(GuardedService.readRuns, GetJobRequest()) }
            #expect(missing?.code == .unauthenticated)
            #expect(missing?.message == "missing credentials: the call needs 'authorization: Bearer <access token>'")
            let basic = await #expect(throws: RPCError.self) {
                try await client.unary(GuardedService.readRuns, GetJobRequest(), options: CallOptions(metadata: ["authorization": "Basic eDp5"]))
            }
            #expect(basic?.code == .unauthenticated)
            #expect(basic?.message == "malformed credentials: expected 'authorization: Bearer <access token>'")
            let forged = await #expect(throws: RPCError.self) {
                try await client.unary(GuardedService.readRuns, GetJobRequest(), options: CallOptions(metadata: BearerCredentials.metadata("a.b.c")))
            }
            #expect(forged?.code == .unauthenticated && forged?.message.hasPrefix("access token rejected: ") == true)
            #expect(runs.users.withLock { $0 }.isEmpty)
        }
    }

    @Test("a token without the method's scope is PERMISSION_DENIED before the handler; one with it reaches the handler")
    func missingScopeIsDenied() async throws {
        try await withGuardedService { auth, client, runs in
            let pair = try await auth.signUp("founder@example.com")
            let options = CallOptions(metadata: BearerCredentials.metadata(pair.accessToken))
            let denied = await #expect(throws: RPCError.self) { try await client.unary(GuardedService.executeAgent, GetJobRequest(), options: options) }
            #expect(denied?.code == .permissionDenied)
            #expect(denied?.message == "this call needs the scope 'agents:execute', which the credential does not carry")
            #expect(runs.users.withLock { $0 }.isEmpty)

            var request = GetJobRequest()
            request.jobID = "job-1"
            let job = try await client.unary(GuardedService.readRuns, request, options: options)
            #expect(job.id == "job-1" && job.ownerUserID == pair.user.id)
            #expect(runs.users.withLock { $0 } == [pair.user.id])
        }
    }

    @Test("every scope a generated method requires is one that access tokens can carry")
    func declaredScopesAreKnown() {
        for method in APIMethods.all {
            if case .scope(let scope) = method.requiredScope {
                #expect(AccessScope.all.contains(scope), "\(method.path) requires the unknown scope '\(scope)'")
            }
        }
    }

    @Test("a refused token's status keeps the rejection as its cause")
    func rejectionIsTheCause() {
        let rejection = AccessTokenRejection(.expired, "the token expired")
        #expect(rejection.rpcError.code == .unauthenticated)
        #expect((rejection.rpcError.cause as? AccessTokenRejection)?.reason == .expired)
    }
}
