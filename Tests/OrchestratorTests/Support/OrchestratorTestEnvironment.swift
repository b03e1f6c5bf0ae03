import AgentService
import AuthService
import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOTestSupport
import Foundation
import Logging
import NIOCore
import Orchestrator

/// The real services on mutual-TLS loopback servers: AuthService (tokens), one or more
/// AgentService replicas (the six agents, with a result cache each), and the
/// Orchestrator over its own SQLite file, called as the edge with users' tokens.
struct OrchestratorTestEnvironment {
    let directory: URL
    let pki: TestPKI
    var agentReplicas = 1
    var settings = OrchestrationSettings(maxConcurrentTasks: 3, taskTimeout: .seconds(20))
    /// An extra AgentService replica whose every execution fails UNAVAILABLE.
    var brokenAgentReplica = false
    /// Wraps the agent caller (to inject faults or observe calls).
    var wrapAgents: @Sendable (any AgentCaller) -> any AgentCaller = { $0 }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("orchestrator-env-\(UUID().uuidString)")
        pki = try TestPKI()
    }

    /// What a test gets: typed calls as the edge, and the pieces behind them.
    struct Running: Sendable {
        let orchestrator: RPCClient
        let auth: RPCClient
        let core: AuthCore
        let store: JobStore
        let engine: OrchestrationEngine
        let agentPorts: [Int]
        let orchestratorPort: Int
        /// The AgentService certificate: a caller the orchestrator must refuse.
        let notTheEdge: MutualTLSConfiguration

        /// A new user's access token.
        func signUp(_ email: String) async throws -> String { try await TestAccounts.signUp(email, through: auth) }

        func login(_ email: String) async throws -> String { try await TestAccounts.login(email, through: auth) }

        /// The first admin's access token.
        func admin() async throws -> String {
            _ = try await core.bootstrapAdmin(email: "root@example.com", password: TestAccounts.password)
            return try await login("root@example.com")
        }

        func call<Request, Response>(_ method: RPCMethodDescriptor<Request, Response>, _ request: Request, token: String) async throws -> Response {
            try await orchestrator.unary(method, request, options: CallOptions(timeout: .seconds(30), metadata: BearerCredentials.metadata(token)))
        }

        func start(_ company: Company, _ objectives: [String], token: String, key: String = "") async throws -> Job {
            var request = StartOrchestrationRequest()
            request.company = company
            request.objectives = objectives
            request.idempotencyKey = key
            return try await call(OrchestratorRPC.startOrchestration, request, token: token)
        }

        func job(_ id: String, token: String) async throws -> Job {
            var request = GetJobRequest()
            request.jobID = id
            return try await call(OrchestratorRPC.getJob, request, token: token)
        }

        /// Every event of a run from `after`, until its final event.
        func watch(_ id: String, after: Int64 = 0, token: String) async throws -> [JobEvent] {
            var request = WatchJobRequest()
            request.jobID = id
            request.afterSeq = after
            return try await orchestrator.serverStreaming(
                OrchestratorRPC.watchJob, request, options: CallOptions(timeout: .seconds(60), metadata: BearerCredentials.metadata(token))
            ) { events in
                var all: [JobEvent] = []
                for try await event in events { all.append(event) }
                return all
            }
        }
    }

    func run<Result: Sendable>(_ body: @Sendable (Running) async throws -> Result) async throws -> Result {
        defer { try? FileManager.default.removeItem(at: directory) }
        let core = try await TestAccounts.openCore(directory.appendingPathComponent("auth"))
        let reference = try ReferenceData.bundled()
        var agentServices: [any RPCService] = try (0..<agentReplicas).map { replica in
            AgentRPCService(executor: AgentExecutor(
                agents: try AgentServiceApp.agents(reference: reference),
                cache: try AgentResultCache(path: directory.appendingPathComponent("agents-\(replica)/cache.sqlite").path)
            ))
        }
        if brokenAgentReplica {
            agentServices.insert(ClosureRPCService { router in
                router.register(AgentServiceRPC.executeTaskStreaming) { _, _, _ in throw RPCError(.unavailable, "this replica is broken") }
            }, at: 0)
        }
        let store = try JobStore(path: directory.appendingPathComponent("orchestrator/orchestrator.sqlite").path)
        let settings = self.settings
        let wrap = wrapAgents
        let pki = self.pki
        return try await TestHarness.withServer(pki: pki, identity: "auth", services: [AuthRPCService(core: core)]) { authPort in
            try await Self.withServers(pki: pki, identity: "agents", services: agentServices) { agentPorts in
                try await TestHarness.withClient(pki: pki, identity: "orchestrator", ports: agentPorts) { agentClient in
                    try await TestHarness.withClient(pki: pki, identity: "orchestrator", ports: [authPort]) { keyClient in
                        let engine = OrchestrationEngine(
                            store: store, agents: wrap(RPCAgentCaller(client: agentClient)), settings: settings, logger: TestHarness.logger
                        )
                        let verifier = AccessTokenVerifier(source: RemoteSigningKeySource(client: keyClient, timeout: .seconds(60)))
                        let service = OrchestratorRPCService(store: store, engine: engine, verifier: verifier)
                        let result = try await TestHarness.withServer(pki: pki, identity: "orchestrator", services: [service]) { orchestratorPort in
                            try await TestHarness.withClient(pki: pki, identity: "edge", ports: [orchestratorPort]) { orchestrator in
                                try await TestHarness.withClient(pki: pki, identity: "edge", ports: [authPort]) { auth in
                                    try await body(Running(
                                        orchestrator: orchestrator, auth: auth, core: core, store: store, engine: engine, agentPorts: agentPorts,
                                        orchestratorPort: orchestratorPort, notTheEdge: try pki.tls("agents")
                                    ))
                                }
                            }
                        }
                        await engine.stopAll()
                        return result
                    }
                }
            }
        }
    }

    /// Runs one server per service on ephemeral ports for `body`.
    static func withServers<Result: Sendable>(
        pki: TestPKI, identity: String, services: [any RPCService], body: ([Int]) async throws -> Result
    ) async throws -> Result {
        let servers = try services.map { try TestHarness.makeServer(pki: pki, identity: identity, services: [$0]) }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for server in servers { group.addTask { try await server.run() } }
            defer { group.cancelAll() }
            var ports: [Int] = []
            for server in servers { ports.append(try await server.boundAddress().port!) }
            return try await body(ports)
        }
    }
}
