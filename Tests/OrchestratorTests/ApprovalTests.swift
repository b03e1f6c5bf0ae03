import CEOAPI
import CEODomain
import CEORPC
import CEOTestSupport
import Foundation
import Orchestrator
import Synchronization
import Testing

/// Agents that answer at once, each task spending what `spend` says of its budget.
struct ScriptedAgents: AgentCaller {
    let spend: @Sendable (ExecuteTaskRequest) -> Int64

    func execute(_ request: ExecuteTaskRequest, timeout: Duration, progress: @escaping @Sendable (CEOAPI.Progress) async throws -> Void) async throws -> AgentResult {
        result(request.agent, spent: spend(request))
    }
}

/// Waits (on the run's progress, not a clock) until `condition` holds for the run.
func waitForRun(_ store: JobStore, _ jobID: String, sourceLocation: SourceLocation = #_sourceLocation, until condition: (Job) -> Bool) async throws -> Job {
    for _ in 0..<6_000 {
        if let job = try await store.job(jobID, deliverables: false), condition(job) { return job }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("the run never reached the expected state", sourceLocation: sourceLocation)
    return try #require(try await store.job(jobID, deliverables: false), sourceLocation: sourceLocation)
}

/// Approves every request of the run as it comes, until the run ends; the decided ids.
@discardableResult
func approveUntilFinished(_ store: JobStore, _ jobID: String, by owner: String = "owner") async throws -> Set<String> {
    var decided: Set<String> = []
    while true {
        let current = try await waitForRun(store, jobID) { job in
            job.finishedAtUnixMs != 0 || job.tasks.contains { !$0.awaitingApprovalID.isEmpty && !decided.contains($0.awaitingApprovalID) }
        }
        guard current.finishedAtUnixMs == 0 else { return decided }
        for task in current.tasks where !task.awaitingApprovalID.isEmpty && !decided.contains(task.awaitingApprovalID) {
            var request = DecideApprovalRequest()
            request.approvalID = task.awaitingApprovalID
            request.decision = .approve
            _ = try await store.decide(request, by: owner)
            decided.insert(task.awaitingApprovalID)
        }
    }
}

/// A policy that lets tasks up to `cents` run without asking.
func policy(upTo cents: Int64?, currency: String = "USD", expireAfter seconds: Int64? = nil, onRejection: RejectionPolicy = .continue) -> ApprovalPolicy {
    var policy = ApprovalPolicy()
    if let cents { policy.autoApproveUpToCents = cents }
    policy.currency = currency
    if let seconds { policy.expireAfterSeconds = seconds }
    policy.onRejection = onRejection
    return policy
}

func decision(_ id: String, _ decision: ApprovalDecision, raise: Int64 = 0, raiseBudget: Int64 = 0, note: String = "") -> DecideApprovalRequest {
    var request = DecideApprovalRequest()
    request.approvalID = id
    request.decision = decision
    request.raiseCents = raise
    request.raiseBudgetCents = raiseBudget
    request.note = note
    return request
}

@Suite("Spend governance: approval gates, decisions, budget changes and actuals", .timeLimit(.minutes(3)))
struct ApprovalTests {
    let plan = try! Founders.plan(Founders.delawareSaaS, Founders.saasObjectives)

    /// The plan's most expensive task: the one a policy just below its cost stops.
    var largest: PlannedTask { plan.tasks.max { $0.budgetCents < $1.budgetCents }! }

    @Test("a run pauses before a task above the policy amount, durably awaiting_approval; the owner's approval resumes it; each task is charged once; a repeat is idempotent, a contrary decision 409, another user's 404", arguments: StoreBackend.available)
    func pauseAndApprove(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        let limit = largest.budgetCents - 1
        let job = try await store.create(owner: "owner", plan: plan, idempotencyKey: nil, policy: policy(upTo: limit)).job
        let engine = OrchestrationEngine(store: store, agents: ScriptedAgents { $0.budgetCents / 2 }, logger: TestHarness.logger)
        await engine.start(job.id)
        let paused = try await waitForRun(store, job.id) { $0.status == .awaitingApproval }
        let waiting = try #require(paused.tasks.first { !$0.awaitingApprovalID.isEmpty })
        let gated = Set(plan.tasks.filter { $0.budgetCents > limit }.map(\.id))
        #expect(gated.contains(waiting.taskID) && waiting.status == .pending)

        let pending = try await store.approvals(owner: "owner", jobID: job.id, status: .pending, page: PageRequest()).approvals
        let request = try #require(pending.first { $0.taskID == waiting.taskID })
        let task = try #require(plan.tasks.first { $0.id == waiting.taskID })
        #expect(request.kind == .taskCost && request.amountCents == task.budgetCents && request.options == ["approve", "reject", "raise"])
        #expect(request.reason.contains(task.title) && request.reason.contains("$"), "\(request.reason)")
        #expect(request.expiresAtUnixMs - request.requestedAtUnixMs == 86_400_000)

        await #expect { try await store.decide(decision(request.id, .approve), by: "someone-else") } throws: { ($0 as? RPCError)?.code == .notFound }
        let approved = try await store.decide(decision(request.id, .approve, note: "worth it"), by: "owner")
        #expect(approved.status == .approved && approved.decidedByUserID == "owner" && approved.note == "worth it")
        #expect(try await store.decide(decision(request.id, .approve, note: "again"), by: "owner") == approved)
        let contrary = await #expect(throws: RPCError.self) { try await store.decide(decision(request.id, .reject), by: "owner") }
        #expect(contrary?.code == .failedPrecondition && contrary?.message.contains("already approved") == true)

        let others = try await approveUntilFinished(store, job.id)
        #expect(others.count == gated.count - 1)
        let done = try #require(try await store.job(job.id))
        #expect(done.status == .succeeded, "\(done.failureReason)")
        let events = try await store.events(jobID: job.id, after: 0)
        checkEvents(events, plan: plan)
        let requested = try #require(events.firstIndex { $0.type == .approvalRequested && $0.approval.id == request.id })
        let decided = try #require(events.firstIndex { $0.type == .approvalDecided && $0.approval.id == request.id })
        let started = try #require(events.firstIndex { $0.type == .taskStarted && $0.taskID == task.id })
        #expect(requested < decided && decided < started)
        #expect(events[decided].approval.status == .approved)
        #expect(events.filter { $0.type == .approvalRequested }.count == gated.count)
        let ledger = try #require(try await store.ledger(jobID: job.id))
        let decisionEntry = try #require(ledger.entries.first { $0.kind == .approved && $0.taskID == task.id })
        #expect(decisionEntry.actorUserID == "owner" && decisionEntry.amountCents == task.budgetCents && decisionEntry.note == "worth it")
        try await checkLedgerInvariant(store, job.id)
    }

    @Test("a rejection skips the task (and the tasks that need it) and the run goes on; with end_run the run stops", arguments: StoreBackend.available)
    func rejection(backend: StoreBackend) async throws {
        for onRejection in [RejectionPolicy.continue, .endRun] {
            let store = try await makeStore(backend)
            let job = try await store.create(owner: "owner", plan: plan, idempotencyKey: nil, policy: policy(upTo: largest.budgetCents - 1, onRejection: onRejection)).job
            let engine = OrchestrationEngine(store: store, agents: ScriptedAgents { $0.budgetCents }, logger: TestHarness.logger)
            await engine.start(job.id)
            _ = try await waitForRun(store, job.id) { $0.status == .awaitingApproval }
            let request = try #require(try await store.approvals(owner: "owner", jobID: job.id, status: .pending, page: PageRequest()).approvals.first)
            let rejected = try await store.decide(decision(request.id, .reject, note: "not now"), by: "owner")
            #expect(rejected.status == .rejected)
            try await approveUntilFinished(store, job.id)
            let done = try #require(try await store.job(job.id))
            let task = try #require(done.tasks.first { $0.taskID == request.taskID })
            #expect(task.status == .skipped && task.reason.contains("rejected") && task.budgetUsedCents == 0)
            let dependants = plan.tasks.filter { $0.dependsOn.contains(request.taskID) }.map(\.id)
            for id in dependants { #expect(done.tasks.first { $0.taskID == id }?.status != .succeeded) }
            if onRejection == .continue {
                #expect(done.status == .partiallySucceeded && done.tasks.contains { $0.status == .succeeded })
            } else {
                #expect(done.failureReason.hasPrefix("stopped: the owner rejected"), "\(done.failureReason)")
            }
            #expect(try await store.ledger(jobID: job.id)?.entries.contains { $0.kind == .rejected && $0.actorUserID == "owner" } == true)
            try await checkLedgerInvariant(store, job.id)
        }
    }

    @Test("an agent's result above its allocation waits instead of failing; approval pays the difference from the reserve, once", arguments: StoreBackend.available)
    func overrunApproved(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        let over: Int64 = 2_500
        let job = try await store.create(owner: "owner", plan: plan, idempotencyKey: nil, policy: policy(upTo: nil)).job
        let engine = OrchestrationEngine(store: store, agents: ScriptedAgents { $0.agent == .legal ? $0.budgetCents + over : $0.budgetCents / 2 }, logger: TestHarness.logger)
        await engine.start(job.id)
        let paused = try await waitForRun(store, job.id) { $0.status == .awaitingApproval }
        let legal = try #require(paused.tasks.first { $0.agent == .legal })
        #expect(legal.status == .running && legal.budgetReservedCents == legal.budgetAllocatedCents && !legal.awaitingApprovalID.isEmpty)
        let request = try #require(try await store.approval(legal.awaitingApprovalID))
        #expect(request.kind == .overrun && request.amountCents == over)

        let approved = try await store.decide(decision(request.id, .approve), by: "owner")
        #expect(approved.status == .approved && approved.raisedCents == over)
        let done = try await waitForRun(store, job.id) { $0.finishedAtUnixMs != 0 }
        let settled = try #require(done.tasks.first { $0.agent == .legal })
        #expect(settled.status == .succeeded && settled.budgetUsedCents == legal.budgetAllocatedCents + over && settled.budgetRaisedCents == over)
        #expect(done.budget.contingencyCents == plan.reserveCents - over)
        let ledger = try #require(try await store.ledger(jobID: job.id))
        #expect(ledger.entries.filter { $0.kind == .settle && $0.taskID == settled.taskID }.count == 1)
        #expect(ledger.entries.contains { $0.kind == .allocationRaised && $0.amountCents == over })
        #expect(ledger.allocations.first { $0.agent == .legal }?.budgetCents == (plan.allocations.first { $0.agent == .legal }?.budgetCents ?? 0) + over)
        try await checkLedgerInvariant(store, job.id)
    }

    @Test("raising a cap beyond the reserve is refused unless the budget rises with it; then the run's budget and the ledger say so", arguments: StoreBackend.available)
    func raiseBeyondReserve(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        let over = plan.reserveCents + 10_000
        let job = try await store.create(owner: "owner", plan: plan, idempotencyKey: nil, policy: policy(upTo: nil)).job
        let engine = OrchestrationEngine(store: store, agents: ScriptedAgents { $0.agent == .legal ? $0.budgetCents + over : $0.budgetCents / 2 }, logger: TestHarness.logger)
        await engine.start(job.id)
        let paused = try await waitForRun(store, job.id) { $0.status == .awaitingApproval }
        let id = try #require(paused.tasks.first { $0.agent == .legal }?.awaitingApprovalID)

        let refused = await #expect(throws: RPCError.self) { try await store.decide(decision(id, .approve), by: "owner") }
        #expect(refused?.code == .failedPrecondition && refused?.message.contains("raise the budget by at least") == true, "\(String(describing: refused))")
        let short = await #expect(throws: RPCError.self) { try await store.decide(decision(id, .raise, raise: over - 1), by: "owner") }
        #expect(short?.code == .invalidArgument && short?.details.map(\.field) == ["raise_cents"])
        let beyond = await #expect(throws: RPCError.self) { try await store.decide(decision(id, .raise, raise: over, raiseBudget: 9_999), by: "owner") }
        #expect(beyond?.code == .failedPrecondition)
        #expect(try await store.approval(id)?.status == .pending)

        let raised = try await store.decide(decision(id, .raise, raise: over, raiseBudget: 10_000, note: "the lawyer needs it"), by: "owner")
        #expect(raised.status == .approved && raised.raisedCents == over && raised.budgetRaisedCents == 10_000)
        let done = try await waitForRun(store, job.id) { $0.finishedAtUnixMs != 0 }
        #expect(done.budget.totalCents == plan.totalBudgetCents + 10_000 && done.budget.contingencyCents == 0)
        #expect(done.tasks.first { $0.agent == .legal }?.status == .succeeded)
        try await checkLedgerInvariant(store, job.id)
    }

    @Test("a pause survives a restart: a new engine on the same database keeps waiting, the approval resumes the run, no task runs twice", arguments: StoreBackend.available)
    func pauseSurvivesRestart(backend: StoreBackend) async throws {
        let location = try await TestStoreLocation.fresh(backend)
        let calls = Mutex<[String: Int]>([:])
        let agents = ScriptedAgents { request in
            calls.withLock { $0[request.idempotencyKey, default: 0] += 1 }
            return request.agent == .legal ? request.budgetCents + 1_000 : request.budgetCents / 2
        }
        var store = try await location.open()
        let job = try await store.create(owner: "owner", plan: plan, idempotencyKey: nil, policy: policy(upTo: largest.budgetCents - 1)).job
        var engine = OrchestrationEngine(store: store, agents: agents, logger: TestHarness.logger)
        await engine.start(job.id)
        // Stop while only the approval waits: a task cut off mid-call would rightly run again
        // after the restart (with the same idempotency key), which is another test's subject.
        // Quiet means: waiting, and every task of the waiting phase either finished or
        // waiting for the owner (a task between its gate and its start is neither).
        _ = try await waitForRun(store, job.id) { job in
            guard job.status == .awaitingApproval,
                  let phase = job.plan.phases.first(where: { phase in job.tasks.contains { phase.taskIds.contains($0.taskID) && !$0.awaitingApprovalID.isEmpty } })
            else { return false }
            return job.tasks.filter { phase.taskIds.contains($0.taskID) }.allSatisfy { task in
                !task.awaitingApprovalID.isEmpty || [.succeeded, .failed, .skipped].contains(task.status)
            }
        }
        await engine.stopAll()

        // The next process: the run is still waiting, and resumes where it was.
        store = try await location.open()
        engine = OrchestrationEngine(store: store, agents: agents, logger: TestHarness.logger)
        try await engine.resumeUnfinished()
        var decided: Set<String> = []
        while true {
            let current = try await waitForRun(store, job.id) { $0.finishedAtUnixMs != 0 || $0.tasks.contains { !$0.awaitingApprovalID.isEmpty && !decided.contains($0.awaitingApprovalID) } }
            guard current.finishedAtUnixMs == 0 else { break }
            for task in current.tasks where !task.awaitingApprovalID.isEmpty && !decided.contains(task.awaitingApprovalID) {
                _ = try await store.decide(decision(task.awaitingApprovalID, .approve), by: "owner")
                decided.insert(task.awaitingApprovalID)
            }
        }
        let done = try #require(try await store.job(job.id))
        #expect(done.status == .succeeded, "\(done.failureReason)")
        #expect(decided.count == plan.tasks.filter { $0.budgetCents > largest.budgetCents - 1 }.count + 1, "the large tasks' costs and the legal overrun")
        #expect(calls.withLock { $0 }.values.allSatisfy { $0 == 1 }, "\(calls.withLock { $0 })")
        let events = try await store.events(jobID: job.id, after: 0)
        #expect(events.map(\.seq) == Array(1...Int64(events.count)))
        #expect(events.filter { $0.type == .approvalRequested }.count == decided.count)
        try await checkLedgerInvariant(store, job.id)
    }

    @Test("a request nobody decides expires, as a rejection with an event, even across a restart", arguments: StoreBackend.available)
    func expiry(backend: StoreBackend) async throws {
        let location = try await TestStoreLocation.fresh(backend)
        let clock = ManualClock()
        var store = try await location.open(now: { clock.now })
        let job = try await store.create(owner: "owner", plan: plan, idempotencyKey: nil, policy: policy(upTo: largest.budgetCents - 1, expireAfter: 3_600)).job
        var engine = OrchestrationEngine(store: store, agents: ScriptedAgents { $0.budgetCents / 2 }, logger: TestHarness.logger)
        await engine.start(job.id)
        _ = try await waitForRun(store, job.id) { $0.status == .awaitingApproval }
        await engine.stopAll()
        clock.advance(by: .seconds(3_601))
        store = try await location.open(now: { clock.now })
        engine = OrchestrationEngine(store: store, agents: ScriptedAgents { $0.budgetCents / 2 }, logger: TestHarness.logger)
        try await engine.resumeUnfinished()
        let done = try await waitForRun(store, job.id) { $0.finishedAtUnixMs != 0 }
        let expired = try #require(try await store.approvals(owner: "owner", jobID: job.id, status: .expired, page: PageRequest()).approvals.first)
        #expect(expired.note == "no decision within 1 hour")
        #expect(done.tasks.first { $0.taskID == largest.id }?.reason.contains("expired") == true)
        let events = try await store.events(jobID: job.id, after: 0)
        #expect(events.contains { $0.type == .approvalDecided && $0.approval.status == .expired })
        let late = await #expect(throws: RPCError.self) { try await store.decide(decision(expired.id, .approve), by: "owner") }
        #expect(late?.code == .failedPrecondition && late?.message.contains("expired") == true)
    }

    @Test("budget changes keep the invariant: raised into the reserve, never lowered below committed plus paid; actuals convert only with a rate", arguments: StoreBackend.available)
    func budgetAndActuals(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        let job = try await store.create(owner: "owner", plan: plan, idempotencyKey: nil).job
        try await store.begin(job.id)
        let legal = try #require(job.tasks.first { $0.agent == .legal })
        try await store.startTask(job.id, taskID: legal.taskID)
        try await store.completeTask(job.id, taskID: legal.taskID, result: result(.legal, spent: 40_000))

        var ledger = try await store.changeBudget(job.id, totalCents: plan.totalBudgetCents + 100_000, note: "a new investor", by: "owner")
        #expect(ledger.summary.totalCents == plan.totalBudgetCents + 100_000 && ledger.summary.contingencyCents == plan.reserveCents + 100_000)
        var actual = Actual()
        actual.taskID = legal.taskID
        actual.amountCents = 45_000
        actual.paidAmountMinor = 45_000
        actual.paidCurrency = "USD"
        actual.paidOn = "2026-11-30"
        actual.vendor = "Delaware Registered Agents LLC"
        ledger = try await store.recordActual(job.id, actual, by: "owner")
        let row = try #require(ledger.tasks.first { $0.taskID == legal.taskID })
        #expect(row.plannedCents == legal.budgetAllocatedCents && row.committedCents == 40_000 && row.actualCents == 45_000)
        #expect(row.varianceCents == 45_000 - legal.budgetAllocatedCents && ledger.total.actualCents == 45_000)
        #expect(ledger.agents.first { $0.agent == .legal }?.actualCents == 45_000)

        let below = await #expect(throws: RPCError.self) { try await store.changeBudget(job.id, totalCents: 84_999, note: "", by: "owner") }
        #expect(below?.code == .failedPrecondition && below?.details.map(\.field) == ["total_cents"])
        ledger = try await store.changeBudget(job.id, totalCents: 85_000, note: "", by: "owner")
        #expect(ledger.summary.totalCents == 85_000 && ledger.summary.contingencyCents == 0)
        #expect(ledger.entries.map(\.kind).suffix(3) == [.budgetRaised, .actual, .budgetLowered])

        var request = RecordActualRequest()
        request.amountMinor = 10_000
        request.currency = "EUR"
        request.paidOn = "2026-11-30"
        let noRate = #expect(throws: RPCError.self) { try ActualInput.validated(request, runCurrency: "USD", today: Date()) }
        #expect(noRate?.details.map(\.field) == ["rate"])
        request.rate = "1.0825"
        let converted = try ActualInput.validated(request, runCurrency: "USD", today: Date())
        #expect(converted.amountCents == 10_825 && converted.paidAmountMinor == 10_000 && converted.paidCurrency == "EUR")
        request.paidOn = "2026-02-30"
        #expect(throws: RPCError.self) { try ActualInput.validated(request, runCurrency: "USD", today: Date()) }

        try await store.finish(job.id, status: .cancelled, reason: "test")
        let ended = await #expect(throws: RPCError.self) { try await store.changeBudget(job.id, totalCents: 90_000, note: "", by: "owner") }
        #expect(ended?.code == .failedPrecondition)
    }

    @Test("a policy is validated, and converted to a run's currency at the planning rates")
    func policies() throws {
        let bad = policy(upTo: -1, currency: "XYZ", expireAfter: 10)
        let error = #expect(throws: RPCError.self) { try ApprovalPolicyInput.validated(bad) }
        #expect(Set(error?.details.map(\.field) ?? []) == ["currency", "auto_approve_up_to_cents", "expire_after_seconds"])
        let usd = try ApprovalPolicyInput.validated(policy(upTo: 100_000, currency: "usd"))
        #expect(usd.currency == "USD")
        let euros = try #require(ApprovalPolicyInput.forRun(usd, currency: "EUR"))
        #expect(euros.currency == "EUR" && euros.autoApproveUpToCents == PlanningRates.standard.convert(100_000, from: "USD", to: "EUR"))
        #expect(ApprovalPolicyInput.forRun(nil, currency: "EUR") == nil)
    }
}
