import AgentService
import AuthService
import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOServiceKit
import CEOTestSupport
import Foundation
import Logging
import NIOCore
import NIOPosix
import Orchestrator
import Synchronization
import Testing

/// The embedded playbook, slowed down so that a run is still going when the
/// orchestrator is killed; counts the plans it makes per task.
struct SlowPlaybook: AgentModel {
    let delay: Duration
    let plans = PlanCounter()

    var name: String { "playbook-v1" }

    func plan(_ agent: any Agent, for brief: AgentBrief) async throws -> ModelPlan {
        try await Task.sleep(for: delay)
        plans.count(brief.task.id)
        return try await PlaybookModel().plan(agent, for: brief)
    }
}

final class PlanCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    func count(_ task: String) { counts.withLock { $0[task, default: 0] += 1 } }
    var snapshot: [String: Int] { counts.withLock { $0 } }
}

@Suite("Crash recovery: SIGKILL the orchestrator mid-run", .serialized, .timeLimit(.minutes(2)))
struct CrashRecoveryTests {
    @Test("the run resumes after a restart: finished tasks are not re-run, every task is charged once, the watcher gets every seq once")
    func sigkillMidRun() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let pki = DevelopmentPKI(dataDirectory: data)
        _ = try pki.ensure()
        let core = try await TestAccounts.openCore(data.appendingPathComponent("auth"))
        let model = SlowPlaybook(delay: .milliseconds(400))
        let executor = AgentExecutor(
            agents: try AgentServiceApp.agents(reference: ReferenceData.bundled()), model: model,
            cache: try AgentResultCache(path: data.appendingPathComponent("agents/cache.sqlite").path)
        )
        let authServer = RPCServer(configuration: RPCServerConfiguration(port: 0, security: .mutualTLS(try pki.tls(.auth))), router: RPCRouter(services: [AuthRPCService(core: core)]), logger: TestHarness.logger)
        let agentServer = RPCServer(configuration: RPCServerConfiguration(port: 0, security: .mutualTLS(try pki.tls(.agents))), router: RPCRouter(services: [AgentRPCService(executor: executor)]), logger: TestHarness.logger)

        try await withThrowingTaskGroup(of: Void.self) { servers in
            servers.addTask { try await authServer.run() }
            servers.addTask { try await agentServer.run() }
            defer { servers.cancelAll() }
            let authPort = try await authServer.boundAddress().port!
            let agentsPort = try await agentServer.boundAddress().port!
            let port = try await CEOProcess.freePort()

            let edge = try pki.tls(.edge)
            try await RPCClient.withRunning(RPCClientConfiguration(endpoints: [RPCEndpoint(host: "127.0.0.1", port: authPort)], security: .mutualTLS(edge)), logger: TestHarness.logger) { auth in
                let token = try await TestAccounts.signUp("founder@example.com", through: auth)
                let bearer = BearerCredentials.metadata(token)

                var first = try CEOProcess.orchestrator(dataDirectory: data, port: port, authPort: authPort, agentPorts: [agentsPort])
                defer { first.terminate() }
                let received = Mutex<[Int64]>([])
                let jobID = try await RPCClient.withRunning(RPCClientConfiguration(endpoints: [RPCEndpoint(host: "127.0.0.1", port: port)], security: .mutualTLS(edge)), logger: TestHarness.logger) { orchestrator in
                    try #require(try await eventually(timeout: .seconds(20)) {
                        (try? await orchestrator.unary(HealthRPC.check, HealthCheckRequest(), options: CallOptions(timeout: .seconds(1)))) != nil
                    })
                    var start = StartOrchestrationRequest()
                    start.company = Founders.delawareSaaS
                    start.objectives = Founders.saasObjectives
                    let job = try await orchestrator.unary(OrchestratorRPC.startOrchestration, start, options: CallOptions(metadata: bearer))
                    // Watch until the second phase is under way, then kill the process.
                    var watch = WatchJobRequest()
                    watch.jobID = job.id
                    _ = try? await orchestrator.serverStreaming(OrchestratorRPC.watchJob, watch, options: CallOptions(metadata: bearer)) { events in
                        for try await event in events {
                            received.withLock { $0.append(event.seq) }
                            if event.type == .taskStarted, event.taskID == "content" || event.taskID == "web_development" {
                                first.kill()
                            }
                        }
                    }
                    return job.id
                }
                #expect(!first.process.isRunning)
                let plansBeforeRestart = model.plans.snapshot
                let lastSeen = received.withLock { $0.last ?? 0 }

                first = try CEOProcess.orchestrator(dataDirectory: data, port: port, authPort: authPort, agentPorts: [agentsPort])
                try await RPCClient.withRunning(RPCClientConfiguration(endpoints: [RPCEndpoint(host: "127.0.0.1", port: port)], security: .mutualTLS(edge)), logger: TestHarness.logger) { orchestrator in
                    var watch = WatchJobRequest()
                    watch.jobID = jobID
                    watch.afterSeq = lastSeen
                    let resumed = try await eventually(timeout: .seconds(30)) {
                        do {
                            try await orchestrator.serverStreaming(OrchestratorRPC.watchJob, watch, options: CallOptions(timeout: .seconds(30), metadata: bearer)) { events in
                                for try await event in events {
                                    received.withLock { $0.append(event.seq) }
                                    watch.afterSeq = event.seq
                                }
                            }
                            return true
                        } catch {
                            return false  // not up yet: reconnect from the last seq seen
                        }
                    }
                    #expect(resumed)
                    var get = GetJobRequest()
                    get.jobID = jobID
                    let job = try await orchestrator.unary(OrchestratorRPC.getJob, get, options: CallOptions(metadata: bearer))
                    #expect(job.status == .succeeded, "\(job.failureReason) \(job.tasks.map(\.reason))")
                    // Every seq exactly once, across the kill.
                    #expect(received.withLock { $0 } == Array(1...job.lastSeq))
                    // Each task settled once; the budget is what the tasks used.
                    var budget = GetBudgetRequest()
                    budget.jobID = jobID
                    let ledger = try await orchestrator.unary(OrchestratorRPC.getBudget, budget, options: CallOptions(metadata: bearer))
                    let settles = Dictionary(grouping: ledger.entries.filter { $0.kind == .settle }, by: \.taskID).mapValues(\.count)
                    #expect(settles == Dictionary(uniqueKeysWithValues: job.tasks.map { ($0.taskID, 1) }))
                    #expect(ledger.summary.spentCents == job.tasks.reduce(0) { $0 + $1.budgetUsedCents })
                    #expect(ledger.summary.reservedCents == 0)
                    // Tasks finished before the kill were not run again.
                    let plansAfter = model.plans.snapshot
                    for task in job.tasks where task.attempts == 1 && plansBeforeRestart[task.taskID] != nil {
                        #expect(plansAfter[task.taskID] == plansBeforeRestart[task.taskID], "\(task.taskID) planned again")
                    }
                    #expect(job.tasks.contains { $0.attempts == 2 }, "no task was interrupted: \(job.tasks.map { "\($0.taskID)=\($0.attempts)" })")
                }
                first.terminate()
            }
        }
    }
}
