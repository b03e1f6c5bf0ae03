import CEODomain
import AuthService
import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOServiceKit
import CEOTestSupport
import Foundation
import NIOCore
import Testing

@Suite("Runs across real service processes", .serialized, .timeLimit(.minutes(2)))
struct ProcessRunTests {
    @Test("a full run through a `ceo orchestrator` process and two `ceo agents` processes; after one agents process is killed, runs still succeed on the other")
    func fullRunAcrossProcesses() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("processes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let pki = DevelopmentPKI(dataDirectory: data)
        _ = try pki.ensure()
        let core = try await TestAccounts.openCore(data.appendingPathComponent("auth"))
        let authServer = RPCServer(configuration: RPCServerConfiguration(port: 0, security: .mutualTLS(try pki.tls(.auth))), router: RPCRouter(services: [AuthRPCService(core: core)]), logger: TestHarness.logger)

        try await withThrowingTaskGroup(of: Void.self) { servers in
            servers.addTask { try await authServer.run() }
            defer { servers.cancelAll() }
            let authPort = try await authServer.boundAddress().port!
            let agentPorts = [try await CEOProcess.freePort(), try await CEOProcess.freePort()]
            let orchestratorPort = try await CEOProcess.freePort()
            let agents = try agentPorts.map { try CEOProcess(["agents", "--data-dir", data.path, "--port", String($0), "--drain-seconds", "1"]) }
            let orchestrator = try CEOProcess.orchestrator(dataDirectory: data, port: orchestratorPort, authPort: authPort, agentPorts: agentPorts)
            defer {
                orchestrator.terminate()
                for process in agents { process.terminate() }
            }
            let edge = try pki.tls(.edge)
            let endpoints = ([orchestratorPort] + agentPorts).map { RPCEndpoint(host: "127.0.0.1", port: $0) }
            for endpoint in endpoints {
                let healthy = try await RPCClient.withRunning(RPCClientConfiguration(endpoints: [endpoint], security: .mutualTLS(edge)), logger: TestHarness.logger) { client in
                    try await eventually(timeout: .seconds(30)) {
                        (try? await client.unary(HealthRPC.check, HealthCheckRequest(), options: CallOptions(timeout: .seconds(1))))?.status == .serving
                    }
                }
                try #require(healthy, "\(endpoint) did not become healthy")
            }

            let token = try await RPCClient.withRunning(RPCClientConfiguration(endpoints: [RPCEndpoint(host: "127.0.0.1", port: authPort)], security: .mutualTLS(edge)), logger: TestHarness.logger) { auth in
                return try await TestAccounts.signUp("founder@example.com", through: auth)
            }
            let options = CallOptions(timeout: .seconds(60), metadata: BearerCredentials.metadata(token))
            try await RPCClient.withRunning(RPCClientConfiguration(endpoints: [endpoints[0]], security: .mutualTLS(edge)), logger: TestHarness.logger) { client in
                func runToEnd(_ company: Company, _ objectives: [String]) async throws -> Job {
                    var start = StartOrchestrationRequest()
                    start.company = company
                    start.objectives = objectives
                    let job = try await client.unary(OrchestratorRPC.startOrchestration, start, options: options)
                    var watch = WatchJobRequest()
                    watch.jobID = job.id
                    let events = try await client.serverStreaming(OrchestratorRPC.watchJob, watch, options: options) { events in
                        try await events.reduce(into: [JobEvent]()) { $0.append($1) }
                    }
                    var get = GetJobRequest()
                    get.jobID = job.id
                    let finished = try await client.unary(OrchestratorRPC.getJob, get, options: options)
                    checkEvents(events, plan: finished.plan)
                    return finished
                }
                let first = try await runToEnd(Founders.delawareSaaS, Founders.saasObjectives)
                #expect(first.status == .succeeded, "\(first.tasks.map(\.reason))")
                #expect(first.tasks.count == AgentCatalog.standard.agents.count && first.tasks.allSatisfy { !$0.deliverables.isEmpty })

                agents[0].kill()
                let second = try await runToEnd(Founders.londonHealthcare, Founders.clinicObjectives)
                #expect(second.status == .succeeded, "\(second.tasks.map(\.reason))")
                #expect(second.budget.spentCents == second.tasks.reduce(0) { $0 + $1.budgetUsedCents })
            }
        }
    }
}
