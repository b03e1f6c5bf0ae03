import AgentService
import AuthService
import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOServiceKit
import Foundation
import Histogram
import Logging
import NIOCore
import Orchestrator
public import CEOStorage

/// Where the benchmarked orchestrators keep their runs.
public enum BenchmarkStore: Sendable {
    /// One orchestrator on its SQLite file (the embedded default).
    case sqlite
    /// `replicas` orchestrators on one PostgreSQL database, each with its own store,
    /// engine (leases) and event relay; the client balances across them.
    case postgres(PostgresSettings, replicas: Int)
}

/// Measures the orchestrator end to end, in one process over mutual-TLS loopback:
/// AuthService, AgentService (embedded playbook, no result cache) and the
/// Orchestrator, called as the edge with a user's token. Full six-agent runs per
/// second with start-to-final-event latency; then event fan-out to many watchers
/// (none when `watchers` is 0).
public struct OrchestratorBenchmark: Sendable {
    public let duration: Duration
    public let concurrency: Int
    public let watchers: Int
    public let store: BenchmarkStore

    public init(duration: Duration, concurrency: Int = 8, watchers: Int = 1_000, store: BenchmarkStore = .sqlite) {
        self.duration = duration
        self.concurrency = concurrency
        self.watchers = watchers
        self.store = store
    }

    public func run() async throws -> String {
        let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("orchestrator-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ca = try CertificateAuthority(commonName: "benchmark CA")
        func tls(_ identity: ServiceIdentity) throws -> MutualTLSConfiguration { try ca.tlsConfiguration(for: ca.issue(identity: identity)) }

        var authConfiguration = AuthConfiguration()
        authConfiguration.passwordHashing = PasswordHasher.Parameters(iterations: 1_000)
        let core = try await AuthCore.open(directory: directory.appendingPathComponent("auth"), configuration: authConfiguration, logger: logger)
        let executor = AgentExecutor(agents: try AgentServiceApp.agents(reference: ReferenceData.bundled()), cache: nil)
        let authServer = RPCServer(configuration: RPCSettings.defaults.server(security: .mutualTLS(try tls(.auth))), router: RPCRouter(services: [AuthRPCService(core: core)]), logger: logger)
        let agentServer = RPCServer(configuration: RPCSettings.defaults.server(security: .mutualTLS(try tls(.agents))), router: RPCRouter(services: [AgentRPCService(executor: executor)]), logger: logger)

        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await authServer.run() }
            group.addTask { try await agentServer.run() }
            defer { group.cancelAll() }
            let authEndpoint = RPCEndpoint(host: "127.0.0.1", port: try await authServer.boundAddress().port!)
            let agentEndpoint = RPCEndpoint(host: "127.0.0.1", port: try await agentServer.boundAddress().port!)
            let orchestratorTLS = try tls(.orchestrator)
            let agentClient = try RPCClient(configuration: RPCSettings.defaults.client(endpoints: [agentEndpoint], security: .mutualTLS(orchestratorTLS)), logger: logger)
            let keyClient = try RPCClient(configuration: RPCSettings.defaults.client(endpoints: [authEndpoint], security: .mutualTLS(orchestratorTLS)), logger: logger)
            group.addTask { try await agentClient.run() }
            group.addTask { try await keyClient.run() }
            var endpoints: [RPCEndpoint] = []
            var engines: [OrchestrationEngine] = []
            let layout: [JobStore]
            switch store {
            case .sqlite:
                layout = [try JobStore(path: directory.appendingPathComponent("orchestrator/orchestrator.sqlite").path)]
            case .postgres(let settings, let replicas):
                var stores: [JobStore] = []
                for _ in 0..<max(1, replicas) { stores.append(try await JobStore.open(postgres: settings, logger: logger)) }
                layout = stores
            }
            for (index, store) in layout.enumerated() {
                let engine = OrchestrationEngine(
                    store: store, agents: RPCAgentCaller(client: agentClient), settings: OrchestrationSettings(replicaID: "bench-\(index)"), logger: logger
                )
                engines.append(engine)
                if let database = store.database as? PostgresDatabase {
                    group.addTask { try await JobEventRelay(store: store, database: database, logger: logger).run() }
                    group.addTask { try await engine.run() }
                }
                let service = OrchestratorRPCService(store: store, engine: engine, verifier: AccessTokenVerifier(source: RemoteSigningKeySource(client: keyClient), logger: logger))
                let orchestratorServer = RPCServer(configuration: RPCSettings.defaults.server(security: .mutualTLS(orchestratorTLS)), router: RPCRouter(services: [service]), logger: logger)
                group.addTask { try await orchestratorServer.run() }
                endpoints.append(RPCEndpoint(host: "127.0.0.1", port: try await orchestratorServer.boundAddress().port!))
            }
            let edge = try tls(.edge)

            let token = try await RPCClient.withRunning(RPCSettings.defaults.client(endpoints: [authEndpoint], security: .mutualTLS(edge)), logger: logger) { auth in
                var register = RegisterRequest()
                register.email = "bench@example.com"
                register.password = "plum-orchard-lantern-42"
                _ = try await auth.unary(AuthServiceRPC.register, register)
                var login = LoginRequest()
                login.email = register.email
                login.password = register.password
                return try await auth.unary(AuthServiceRPC.login, login).accessToken
            }
            let report = try await RPCClient.withRunning(RPCSettings.defaults.client(endpoints: endpoints, security: .mutualTLS(edge)), logger: logger) { client in
                let options = CallOptions(timeout: .seconds(120), metadata: BearerCredentials.metadata(token))
                return try await measure(client: client, options: options)
            }
            for engine in engines { await engine.stopAll() }
            agentClient.shutdown()
            keyClient.shutdown()
            return report
        }
    }

    private static var request: StartOrchestrationRequest {
        var request = StartOrchestrationRequest()
        request.company.name = "Ledgerly"
        request.company.industry = "B2B SaaS for accounting teams"
        request.company.location = "Wilmington, DE"
        request.company.budgetCents = 5_000_000
        request.company.timelineDays = 180
        request.objectives = [
            "Build a memorable brand and logo", "Incorporate the company and file a trademark", "Launch a website with pricing and docs",
            "Set up CRM, email marketing and analytics", "Publish a blog and SEO content", "Run Google Ads to acquire the first customers",
        ]
        return request
    }

    /// Starts a run and waits for its final event; returns the events received.
    private static func runToEnd(_ client: RPCClient, _ options: CallOptions) async throws -> Int {
        let job = try await client.unary(OrchestratorRPC.startOrchestration, request, options: options)
        return try await watch(client, job.id, options)
    }

    private static func watch(_ client: RPCClient, _ jobID: String, _ options: CallOptions) async throws -> Int {
        var watch = WatchJobRequest()
        watch.jobID = jobID
        return try await client.serverStreaming(OrchestratorRPC.watchJob, watch, options: options) { events in
            // Every seq once, in order: 1, 2, 3, … (a gap or a repeat fails the benchmark).
            var count = 0
            for try await event in events {
                guard event.seq == Int64(count) + 1 else {
                    throw RPCError(.internal, "a watcher of \(jobID) received seq \(event.seq) after seq \(count)")
                }
                count += 1
                if event.type == .jobFailed { throw RPCError(.internal, "benchmark run failed: \(event.message)") }
            }
            return count
        }
    }

    private func measure(client: RPCClient, options: CallOptions) async throws -> String {
        // Warm-up: keys fetched, connections open.
        _ = try await Self.runToEnd(client, options)

        // 1. Full runs end to end.
        var latencies = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        let start = ContinuousClock.now
        let end = start + duration
        let samples = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var mine: [UInt64] = []
                    while ContinuousClock.now < end {
                        let began = ContinuousClock.now
                        _ = try await Self.runToEnd(client, options)
                        mine.append(UInt64((ContinuousClock.now - began).timeInterval * 1e6))
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [UInt64]()) { $0 += $1 }
        }
        let elapsed = (ContinuousClock.now - start).timeInterval
        for sample in samples { latencies.record(sample) }
        let runs = [
            "| full six-agent runs (\(concurrency) concurrent, playbook, no agent cache) | value |", "|---|---:|",
            "| runs completed | \(samples.count) in \(String(format: "%.1f", elapsed)) s |",
            "| runs per second | \(String(format: "%.1f", Double(samples.count) / elapsed)) |",
            "| run latency p50 / p99 (start → final event) | \(latencies.valueAtPercentile(50) / 1000) / \(latencies.valueAtPercentile(99) / 1000) ms |",
        ]
        guard watchers > 0 else { return runs.joined(separator: "\n") }

        // 2. Fan-out: one run, many watchers from seq 0.
        let job = try await client.unary(OrchestratorRPC.startOrchestration, Self.request, options: options)
        let fanStart = ContinuousClock.now
        let counts = try await withThrowingTaskGroup(of: (Int, UInt64).self) { group in
            for _ in 0..<watchers {
                group.addTask {
                    let events = try await Self.watch(client, job.id, options)
                    return (events, UInt64((ContinuousClock.now - fanStart).timeInterval * 1e6))
                }
            }
            return try await group.reduce(into: [(Int, UInt64)]()) { $0.append($1) }
        }
        let fanElapsed = (ContinuousClock.now - fanStart).timeInterval
        var done = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
        for (_, micros) in counts { done.record(micros) }
        let delivered = counts.reduce(0) { $0 + $1.0 }
        let perWatcher = Set(counts.map(\.0))

        return (runs + [
            "",
            "| fan-out: \(watchers) watchers of one run, from seq 0 | value |", "|---|---:|",
            "| events per watcher (each seq once, in order) | \(perWatcher.sorted().map(String.init).joined(separator: ", ")) |",
            "| events delivered | \(delivered) in \(String(format: "%.2f", fanElapsed)) s (\(Int(Double(delivered) / fanElapsed))/s) |",
            "| watcher done after p50 / p99 / max | \(done.valueAtPercentile(50) / 1000) / \(done.valueAtPercentile(99) / 1000) / \(done.max / 1000) ms |",
        ]).joined(separator: "\n")
    }
}
