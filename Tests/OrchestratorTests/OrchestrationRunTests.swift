import AgentService
import CEOAPI
import CEOAuthTokens
import CEODomain
import CEORPC
import CEOTestSupport
import Foundation
import Orchestrator
import Synchronization
import Testing

/// Checks a finished run's events: gap-free, dependencies completed before dependants
/// started, one final event.
func checkEvents(_ events: [JobEvent], plan: Plan, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(events.map(\.seq) == Array(1...Int64(events.count)), sourceLocation: sourceLocation)
    #expect(events.filter { $0.type.isFinal }.count == 1 && events.last?.type.isFinal == true, sourceLocation: sourceLocation)
    for task in plan.tasks {
        guard let started = events.firstIndex(where: { $0.type == .taskStarted && $0.taskID == task.id }) else { continue }
        for dependency in task.dependsOn {
            let completed = events.firstIndex { $0.type == .taskCompleted && $0.taskID == dependency }
            #expect(completed != nil && completed! < started, "\(task.id) started before \(dependency) completed", sourceLocation: sourceLocation)
        }
    }
}

/// An agent caller that waits before each call.
struct SlowAgents: AgentCaller {
    let inner: any AgentCaller
    let delay: Duration

    func execute(_ request: ExecuteTaskRequest, timeout: Duration, progress: @escaping @Sendable (CEOAPI.Progress) async throws -> Void) async throws -> AgentResult {
        try await Task.sleep(for: delay)
        return try await inner.execute(request, timeout: timeout, progress: progress)
    }
}

/// An agent caller that fails the tasks of one agent.
struct FailingAgent: AgentCaller {
    let inner: any AgentCaller
    let failing: AgentType

    func execute(_ request: ExecuteTaskRequest, timeout: Duration, progress: @escaping @Sendable (CEOAPI.Progress) async throws -> Void) async throws -> AgentResult {
        if request.agent == failing { throw RPCError(.internal, "the \(failing.machineName) agent crashed") }
        return try await inner.execute(request, timeout: timeout, progress: progress)
    }
}

@Suite("Orchestration over mutual TLS with real AgentService and AuthService", .timeLimit(.minutes(2)))
struct OrchestrationRunTests {
    @Test("a full six-agent run: phases in order, every task settled once, the watcher sees every event")
    func fullRun() async throws {
        try await OrchestratorTestEnvironment().run { env in
            let token = try await env.signUp("founder@example.com")
            let started = try await env.start(Founders.delawareSaaS, Founders.saasObjectives, token: token)
            #expect(started.tasks.count == AgentCatalog.standard.agents.count && started.ownerUserID != "")
            let events = try await env.watch(started.id, token: token)
            let job = try await env.job(started.id, token: token)
            #expect(job.status == .succeeded, "\(job.failureReason)")
            #expect(job.tasks.allSatisfy { $0.status == .succeeded && !$0.deliverables.isEmpty && $0.attempts == 1 })
            #expect(job.budget.reservedCents == 0)
            #expect(job.budget.spentCents == job.tasks.reduce(0) { $0 + $1.budgetUsedCents })
            #expect(job.budget.spentCents <= job.plan.totalBudgetCents - job.plan.reserveCents)
            for task in job.tasks { #expect(task.budgetUsedCents <= task.budgetAllocatedCents) }
            checkEvents(events, plan: job.plan)
            #expect(events.filter { $0.type == .phaseCompleted }.map(\.phase) == [0, 1, 2, 3])
            #expect(events.filter { $0.type == .taskProgress }.count >= 6)
            #expect(events.last?.type == .jobCompleted && events.last?.budget.spentCents == job.budget.spentCents)
            try await checkLedgerInvariant(env.store, job.id)
            // A watcher joining late from the middle gets exactly the rest.
            let rest = try await env.watch(started.id, after: 10, token: token)
            #expect(rest.map(\.seq) == Array(11...Int64(events.count)))
        }
    }

    @Test("the same idempotency key starts one run; a different key starts another")
    func idempotentStart() async throws {
        try await OrchestratorTestEnvironment().run { env in
            let token = try await env.signUp("founder@example.com")
            let first = try await env.start(Founders.texasRestaurant, Founders.restaurantObjectives, token: token, key: "launch-1")
            let again = try await env.start(Founders.texasRestaurant, Founders.restaurantObjectives, token: token, key: "launch-1")
            let other = try await env.start(Founders.texasRestaurant, Founders.restaurantObjectives, token: token, key: "launch-2")
            #expect(first.id == again.id && other.id != first.id)
            _ = try await env.watch(first.id, token: token)
            _ = try await env.watch(other.id, token: token)
            var list = ListJobsRequest()
            list.page.pageSize = 10
            #expect(try await env.call(OrchestratorRPC.listJobs, list, token: token).jobs.map(\.id) == [other.id, first.id])
        }
    }

    @Test("tenancy: another user can neither read, watch, cancel nor see the ledger of a run; an admin can; no token is UNAUTHENTICATED")
    func tenancy() async throws {
        try await OrchestratorTestEnvironment().run { env in
            let alice = try await env.signUp("alice@example.com")
            let bob = try await env.signUp("bob@example.com")
            let admin = try await env.admin()
            let run = try await env.start(Founders.texasRestaurant, Founders.restaurantObjectives, token: alice)
            _ = try await env.watch(run.id, token: alice)

            await #expect { try await env.job(run.id, token: bob) } throws: { ($0 as? RPCError)?.code == .notFound }
            await #expect { try await env.watch(run.id, token: bob) } throws: { ($0 as? RPCError)?.code == .notFound }
            var cancel = CancelJobRequest()
            cancel.jobID = run.id
            await #expect { try await env.call(OrchestratorRPC.cancelJob, cancel, token: bob) } throws: { ($0 as? RPCError)?.code == .notFound }
            var budget = GetBudgetRequest()
            budget.jobID = run.id
            await #expect { try await env.call(OrchestratorRPC.getBudget, budget, token: bob) } throws: { ($0 as? RPCError)?.code == .notFound }
            #expect(try await env.call(OrchestratorRPC.listJobs, ListJobsRequest(), token: bob).jobs.isEmpty)

            #expect(try await env.job(run.id, token: admin).id == run.id)
            #expect(try await env.call(OrchestratorRPC.listJobs, ListJobsRequest(), token: admin).jobs.map(\.id) == [run.id])
            let ledger = try await env.call(OrchestratorRPC.getBudget, budget, token: alice)
            #expect(ledger.entries.filter { $0.kind == .settle }.count == run.tasks.count)

            var get = GetJobRequest()
            get.jobID = run.id
            await #expect { try await env.orchestrator.unary(OrchestratorRPC.getJob, get) } throws: { ($0 as? RPCError)?.code == .unauthenticated }
            await #expect { try await env.call(OrchestratorRPC.getJob, get, token: alice + "x") } throws: { ($0 as? RPCError)?.code == .unauthenticated }
            // Only the edge's certificate may call the orchestrator, even with a valid token.
            let intruderConfiguration = RPCClientConfiguration(
                endpoints: [RPCEndpoint(host: "127.0.0.1", port: env.orchestratorPort)], security: .mutualTLS(env.notTheEdge)
            )
            _ = try await RPCClient.withRunning(intruderConfiguration, logger: TestHarness.logger) { intruder in
                await #expect {
                    try await intruder.unary(OrchestratorRPC.getJob, get, options: CallOptions(metadata: BearerCredentials.metadata(alice)))
                } throws: { ($0 as? RPCError)?.code == .permissionDenied }
            }
        }
    }

    @Test("cancelling mid-run cancels the agent calls, releases every reservation and ends with JOB_CANCELLED")
    func cancelMidRun() async throws {
        var environment = try OrchestratorTestEnvironment()
        environment.wrapAgents = { SlowAgents(inner: $0, delay: .seconds(30)) }
        try await environment.run { env in
            let token = try await env.signUp("founder@example.com")
            let run = try await env.start(Founders.delawareSaaS, Founders.saasObjectives, token: token)
            #expect(try await eventually(timeout: .seconds(10)) {
                try await env.job(run.id, token: token).tasks.contains { $0.status == .running }
            })
            var cancel = CancelJobRequest()
            cancel.jobID = run.id
            let start = ContinuousClock.now
            let cancelled = try await env.call(OrchestratorRPC.cancelJob, cancel, token: token)
            #expect(ContinuousClock.now - start < .seconds(10))
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.tasks.allSatisfy { $0.status == .cancelled && $0.budgetReservedCents == 0 && $0.budgetUsedCents == 0 })
            #expect(cancelled.budget.reservedCents == 0 && cancelled.budget.spentCents == 0)
            let events = try await env.watch(run.id, token: token)
            #expect(events.last?.type == .jobCancelled)
            checkEvents(events, plan: cancelled.plan)
            try await checkLedgerInvariant(env.store, run.id)
            // Cancelling again is harmless.
            #expect(try await env.call(OrchestratorRPC.cancelJob, cancel, token: token).status == .cancelled)
        }
    }

    @Test("a failing agent fails its task, its dependants are skipped with a reason, the rest succeed")
    func failingAgent() async throws {
        var environment = try OrchestratorTestEnvironment()
        environment.wrapAgents = { FailingAgent(inner: $0, failing: .branding) }
        try await environment.run { env in
            let token = try await env.signUp("founder@example.com")
            let run = try await env.start(Founders.delawareSaaS, Founders.saasObjectives, token: token)
            let events = try await env.watch(run.id, token: token)
            let job = try await env.job(run.id, token: token)
            #expect(job.status == .partiallySucceeded)
            let status = Dictionary(uniqueKeysWithValues: job.tasks.map { ($0.taskID, $0.status) })
            #expect(status == ["branding": .failed, "legal": .succeeded, "web_development": .skipped, "content": .skipped, "martech": .skipped, "campaigns": .skipped])
            #expect(job.tasks.first { $0.taskID == "branding" }?.reason.contains("crashed") == true)
            let brandingTitle = try #require(job.plan.tasks.first { $0.id == "branding" }?.title)
            #expect(job.tasks.first { $0.taskID == "web_development" }?.reason == "skipped: it needs \(brandingTitle), which did not succeed")
            #expect(job.budget.reservedCents == 0)
            checkEvents(events, plan: job.plan)
            try await checkLedgerInvariant(env.store, run.id)
        }
    }

    @Test("with one broken AgentService replica and one healthy, every task still succeeds")
    func brokenReplica() async throws {
        var environment = try OrchestratorTestEnvironment()
        environment.brokenAgentReplica = true
        try await environment.run { env in
            #expect(env.agentPorts.count == 2)
            let token = try await env.signUp("founder@example.com")
            let run = try await env.start(Founders.londonHealthcare, Founders.clinicObjectives, token: token)
            _ = try await env.watch(run.id, token: token)
            let job = try await env.job(run.id, token: token)
            #expect(job.status == .succeeded, "\(job.tasks.map(\.reason))")
            try await checkLedgerInvariant(env.store, run.id)
        }
    }

    @Test("50 concurrent runs through the engine keep the ledger invariant, each task charged once")
    func fiftyRuns() async throws {
        // 300 agent calls at once on a loaded machine: the product's own call deadline,
        // not the short one the failure tests use.
        var environment = try OrchestratorTestEnvironment()
        environment.settings.taskTimeout = .seconds(120)
        try await environment.run { env in
            let tokens = try await withThrowingTaskGroup(of: String.self) { group in
                for user in 0..<5 { group.addTask { try await env.signUp("user\(user)@example.com") } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            let runs = try await withThrowingTaskGroup(of: (String, String).self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let token = tokens[index % tokens.count]
                        let company = [Founders.delawareSaaS, Founders.texasRestaurant, Founders.londonHealthcare][index % 3]
                        let objectives = [Founders.saasObjectives, Founders.restaurantObjectives, Founders.clinicObjectives][index % 3]
                        let run = try await env.start(company, objectives, token: token)
                        _ = try await env.watch(run.id, token: token)
                        return (run.id, token)
                    }
                }
                return try await group.reduce(into: [(String, String)]()) { $0.append($1) }
            }
            #expect(runs.count == 50)
            for (id, token) in runs {
                let job = try await env.job(id, token: token)
                let unfinished = job.tasks.filter { $0.status != .succeeded }.map { "\($0.taskID): \($0.status) \($0.reason)" }
                #expect(job.status == .succeeded, "\(job.failureReason): \(unfinished)")
                try await checkLedgerInvariant(env.store, id)
            }
        }
    }

    @Test("ExecuteAgent runs one agent through the ledger for admins only")
    func executeAgent() async throws {
        try await OrchestratorTestEnvironment().run { env in
            let admin = try await env.admin()
            let user = try await env.signUp("founder@example.com")
            var request = ExecuteAgentRequest()
            request.agent = .legal
            request.company = Founders.texasRestaurant
            request.taskDescription = "Form the LLC and check permits"
            request.budgetCents = 60_000
            let job = try await env.call(OrchestratorRPC.executeAgent, request, token: admin).job
            #expect(job.status == .succeeded && job.tasks.count == 1)
            let task = try #require(job.tasks.first)
            #expect(task.budgetUsedCents > 0 && task.budgetUsedCents <= 60_000)
            #expect(task.deliverables.contains { $0.kind == "entity_formation" })
            try await checkLedgerInvariant(env.store, job.id)
            await #expect { try await env.call(OrchestratorRPC.executeAgent, request, token: user) } throws: { ($0 as? RPCError)?.code == .permissionDenied }
            request.budgetCents = 0
            await #expect { try await env.call(OrchestratorRPC.executeAgent, request, token: admin) } throws: {
                ($0 as? RPCError)?.details.map(\.field) == ["budget_cents"]
            }
        }
    }

    @Test("Analyze over RPC: a plan for a valid request, field violations for an invalid one")
    func analyze() async throws {
        try await OrchestratorTestEnvironment().run { env in
            let token = try await env.signUp("founder@example.com")
            var request = AnalyzeRequest()
            request.company = Founders.londonHealthcare
            request.objectives = Founders.clinicObjectives
            let plan = try await env.call(OrchestratorRPC.analyze, request, token: token).plan
            #expect(plan == (try Founders.plan(Founders.londonHealthcare, Founders.clinicObjectives)))
            request.company.timelineDays = 1_000
            request.objectives = Array(repeating: "Design a logo", count: 21)
            await #expect { try await env.call(OrchestratorRPC.analyze, request, token: token) } throws: {
                let error = $0 as? RPCError
                return error?.code == .invalidArgument && error?.details.map(\.field) == ["company.timeline_days", "objectives"]
            }
        }
    }
}
