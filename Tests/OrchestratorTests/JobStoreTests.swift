import CEODomain
import CEOAPI
import CEORPC
import CEOTestSupport
import Foundation
import Orchestrator
import Synchronization
import Testing

/// A job store on a new SQLite file or a new PostgreSQL database.
func makeStore(_ backend: StoreBackend = .sqlite) async throws -> JobStore {
    try await TestStoreLocation.fresh(backend).open()
}

/// An agent result that spent `cents`.
func result(_ agent: AgentType, spent cents: Int64, cached: Bool = false) -> AgentResult {
    var result = AgentResult()
    result.agent = agent
    result.budgetUsedCents = cents
    result.cached = cached
    var deliverable = Deliverable()
    deliverable.kind = "work"
    deliverable.title = "\(agent) work"
    deliverable.bodyMarkdown = "Done."
    var item = LineItem()
    item.description_p = "work"
    item.quantity = 1
    item.unitCostCents = cents
    item.totalCents = cents
    deliverable.lineItems = [item]
    result.deliverables = [deliverable]
    return result
}

/// Checks the ledger invariant of a run from its entries: settled + reserved within the
/// run's allocatable budget and each agent's allocation; each task settled at most once.
func checkLedgerInvariant(_ store: JobStore, _ jobID: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let ledger = try #require(try await store.ledger(jobID: jobID), sourceLocation: sourceLocation)
    let job = try #require(try await store.job(jobID), sourceLocation: sourceLocation)
    var committedByAgent: [AgentType: Int64] = [:]
    var settles: [String: Int] = [:]
    for entry in ledger.entries {
        switch entry.kind {
        case .reserve: committedByAgent[entry.agent, default: 0] += entry.amountCents
        case .release: committedByAgent[entry.agent, default: 0] -= entry.amountCents
        case .settle: settles[entry.taskID, default: 0] += 1  // a settle turns reserved into spent: committed is unchanged
        case .approved, .rejected, .allocationRaised, .budgetRaised, .budgetLowered, .actual: break  // the owner's entries commit nothing
        default: Issue.record("unknown ledger entry kind", sourceLocation: sourceLocation)
        }
    }
    // Settled amounts move from reserved to spent; the release entry returns the rest.
    // Allocations with the raises the owner approved; the budget less the reserve still held.
    for allocation in ledger.allocations {
        #expect(committedByAgent[allocation.agent, default: 0] <= allocation.budgetCents, sourceLocation: sourceLocation)
    }
    #expect(committedByAgent.values.reduce(0, +) <= job.budget.totalCents - job.budget.contingencyCents, sourceLocation: sourceLocation)
    #expect(settles.values.allSatisfy { $0 == 1 }, sourceLocation: sourceLocation)
    #expect(job.budget.reservedCents + job.budget.spentCents <= job.budget.totalCents, sourceLocation: sourceLocation)
    #expect(job.budget.spentCents == job.tasks.reduce(0) { $0 + $1.budgetUsedCents }, sourceLocation: sourceLocation)
}

@Suite("Job store: runs, ledger, events")
struct JobStoreTests {
    let plan = try! Founders.plan(Founders.delawareSaaS, Founders.saasObjectives)

    @Test("a task's life: reserve its allocation, settle what the agent spent, release the rest; events numbered without gaps", arguments: StoreBackend.available)
    func taskLifecycle(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        let (job, created) = try await store.create(owner: "user-a", plan: plan, idempotencyKey: nil)
        #expect(created && job.status == .pending && job.tasks.count == AgentCatalog.standard.agents.count)
        try await store.begin(job.id)
        let branding = try #require(job.tasks.first { $0.agent == .branding })
        let started = try await store.startTask(job.id, taskID: branding.taskID)
        #expect(started.status == .running && started.budgetReservedCents == branding.budgetAllocatedCents && started.attempts == 1)
        try await store.progress(job.id, taskID: branding.taskID, agent: .branding, percent: 50, message: "halfway")
        try await store.completeTask(job.id, taskID: branding.taskID, result: result(.branding, spent: 123_45))
        let after = try #require(try await store.job(job.id))
        let done = try #require(after.tasks.first { $0.taskID == branding.taskID })
        #expect(done.status == .succeeded && done.budgetUsedCents == 12_345 && done.budgetReservedCents == 0 && done.deliverables.count == 1)
        #expect(after.budget.spentCents == 12_345 && after.budget.reservedCents == 0)
        #expect(after.budget.remainingCents == plan.totalBudgetCents - 12_345)
        let ledger = try #require(try await store.ledger(jobID: job.id))
        #expect(ledger.entries.map(\.kind) == [.reserve, .settle, .release])
        #expect(ledger.entries.map(\.amountCents) == [branding.budgetAllocatedCents, 12_345, branding.budgetAllocatedCents - 12_345])
        let events = try await store.events(jobID: job.id, after: 0)
        #expect(events.map(\.seq) == Array(1...Int64(events.count)))
        #expect(events.map(\.type) == [.jobStarted, .taskStarted, .budgetUpdated, .taskProgress, .taskCompleted, .budgetUpdated])
        #expect(after.lastSeq == Int64(events.count))
        try await checkLedgerInvariant(store, job.id)
    }

    @Test("progress steps moments after a change are stored with the run's next change, in order and gap-free; a step after a pause is stored at once", arguments: StoreBackend.available)
    func progressBatching(backend: StoreBackend) async throws {
        // A long interval, so that a loaded machine cannot make the steps "late".
        let store = try await TestStoreLocation.fresh(backend).open(progressBatching: .seconds(120))
        let job = try await store.create(owner: "user-a", plan: plan, idempotencyKey: nil).job
        try await store.begin(job.id)
        try await store.startTask(job.id, taskID: "branding")
        for percent in [25, 50, 75] as [Int32] {
            try await store.progress(job.id, taskID: "branding", agent: .branding, percent: percent, message: "step \(percent)")
        }
        // Held: nothing stored yet beyond the start.
        #expect(try await store.events(jobID: job.id, after: 0).map(\.type) == [.jobStarted, .taskStarted, .budgetUpdated])
        try await store.completeTask(job.id, taskID: "branding", result: result(.branding, spent: 100))
        let events = try await store.events(jobID: job.id, after: 0)
        #expect(events.map(\.type) == [.jobStarted, .taskStarted, .budgetUpdated, .taskProgress, .taskProgress, .taskProgress, .taskCompleted, .budgetUpdated])
        #expect(events.filter { $0.type == .taskProgress }.map(\.progressPercent) == [25, 50, 75])
        #expect(events.map(\.seq) == Array(1...Int64(events.count)))

        // Held steps end with the run: finishing stores them before the final event.
        try await store.startTask(job.id, taskID: "legal")
        try await store.progress(job.id, taskID: "legal", agent: .legal, percent: 20, message: "drafting")
        try await store.finish(job.id, status: .succeeded)
        let all = try await store.events(jobID: job.id, after: 0)
        #expect(all.map(\.seq) == Array(1...Int64(all.count)))
        #expect(all.last?.type == .jobCompleted && all.contains { $0.type == .taskProgress && $0.progressPercent == 20 })

        // A step that comes after the interval (zero here: always) is stored at once.
        let atOnce = try await TestStoreLocation.fresh(backend).open(progressBatching: .zero)
        let other = try await atOnce.create(owner: "user-a", plan: plan, idempotencyKey: nil).job
        try await atOnce.begin(other.id)
        try await atOnce.startTask(other.id, taskID: "legal")
        try await atOnce.progress(other.id, taskID: "legal", agent: .legal, percent: 10, message: "reading the statutes")
        let stored = try await atOnce.events(jobID: other.id, after: 0)
        #expect(stored.map(\.type) == [.jobStarted, .taskStarted, .budgetUpdated, .taskProgress], "\(stored.map(\.type))")
    }

    @Test("a phase's start and end are held like progress steps: stored, in order, with the next change", arguments: StoreBackend.available)
    func phaseEventsHeld(backend: StoreBackend) async throws {
        let store = try await TestStoreLocation.fresh(backend).open(progressBatching: .seconds(120))
        let job = try await store.create(owner: "user-a", plan: plan, idempotencyKey: nil).job
        try await store.begin(job.id)
        let first = try #require(plan.phases.min { $0.index < $1.index })
        try await store.phase(job.id, first, completed: false)
        #expect(try await store.events(jobID: job.id, after: 0).map(\.type) == [.jobStarted])
        let task = try #require(first.taskIds.first)
        try await store.startTask(job.id, taskID: task)
        try await store.completeTask(job.id, taskID: task, result: result(job.tasks.first { $0.taskID == task }!.agent, spent: 100))
        try await store.phase(job.id, first, completed: true)
        try await store.finish(job.id, status: .partiallySucceeded)
        let events = try await store.events(jobID: job.id, after: 0)
        #expect(events.map(\.type) == [.jobStarted, .phaseStarted, .taskStarted, .budgetUpdated, .taskCompleted, .budgetUpdated, .phaseCompleted, .jobCompleted])
        #expect(events.filter { $0.type == .phaseStarted || $0.type == .phaseCompleted }.allSatisfy { $0.phase == first.index && $0.message == first.name })
        #expect(events.map(\.seq) == Array(1...Int64(events.count)))
    }

    @Test("where a run stands: begun, its policy, the rejection that ends it; a closed task is not started", arguments: StoreBackend.available)
    func standingAndClosedTasks(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        let job = try await store.create(owner: "user-a", plan: plan, idempotencyKey: nil).job
        let begun = try await store.begin(job.id)
        #expect(begun.job.status == .running && begun.job.tasks.count == job.tasks.count)
        #expect(!begun.policyMayStopTasks && begun.endingRejection == nil)
        try await store.skipTask(job.id, taskID: "legal", reason: "skipped: not needed")
        #expect(try await store.startTaskIfPending(job.id, taskID: "legal") == nil)
        let eventsAfterSkip = try await store.events(jobID: job.id, after: 0).count
        let started = try #require(try await store.startTaskIfPending(job.id, taskID: "branding"))
        #expect(started.status == .running && started.attempts == 1)
        #expect(try await store.startTaskIfPending(job.id, taskID: "branding") == nil)
        #expect(try await store.events(jobID: job.id, after: 0).count == eventsAfterSkip + 2)  // started and budget, once
        let standing = try #require(try await store.standing(job.id))
        #expect(standing.job.tasks.first { $0.taskID == "branding" }?.status == .running)
        #expect(try await store.standing("no-such-run") == nil)

        // A policy with an amount can stop tasks; one that only ends runs on a rejection cannot.
        var stopping = ApprovalPolicy()
        stopping.autoApproveUpToCents = 0
        let guarded = try await store.create(owner: "user-a", plan: plan, idempotencyKey: nil, policy: stopping).job
        #expect(try await store.begin(guarded.id).policyMayStopTasks)
        var ending = ApprovalPolicy()
        ending.onRejection = .endRun
        let ended = try await store.create(owner: "user-a", plan: plan, idempotencyKey: nil, policy: ending).job
        #expect(try await !store.begin(ended.id).policyMayStopTasks)
    }

    @Test("a phase's tasks start together in one change, each reserved as if alone; a closed task is left out; an overrun refuses them all", arguments: StoreBackend.available)
    func tasksStartTogether(backend: StoreBackend) async throws {
        let store = try await TestStoreLocation.fresh(backend).open(progressBatching: .seconds(120))
        let first = try #require(plan.phases.min { $0.index < $1.index })
        #expect(first.taskIds.count >= 2, "the founders' plan starts with two tasks side by side")
        let (a, b) = (first.taskIds[0], first.taskIds[1])
        let later = try #require(plan.tasks.last { !first.taskIds.contains($0.id) }).id

        let job = try await store.create(owner: "user-a", plan: plan, idempotencyKey: nil).job
        try await store.begin(job.id)
        try await store.skipTask(job.id, taskID: later, reason: "skipped: not needed")
        let before = try await store.events(jobID: job.id, after: 0).count
        try await store.phase(job.id, first, completed: false)
        let started = try await store.startTasksIfPending(job.id, taskIDs: [a, later, b])
        #expect(Set(started.keys) == [a, b])
        #expect(started.values.allSatisfy { $0.status == .running && $0.attempts == 1 })
        let events = Array(try await store.events(jobID: job.id, after: 0).dropFirst(before))
        #expect(events.map(\.type) == [.phaseStarted, .taskStarted, .budgetUpdated, .taskStarted, .budgetUpdated])
        #expect(events.filter { $0.type == .taskStarted }.map(\.taskID) == [a, b])
        let amounts = [a, b].map { id in job.tasks.first { $0.taskID == id }!.budgetAllocatedCents }
        #expect(events.filter { $0.type == .budgetUpdated }.map(\.budget.reservedCents) == [amounts[0], amounts[0] + amounts[1]])
        #expect(try await store.startTasksIfPending(job.id, taskIDs: [a, b]).isEmpty, "started once")
        try await checkLedgerInvariant(store, job.id)

        // A budget that holds either task but not both: neither starts, nothing is written.
        let tight = try await store.create(owner: "user-a", plan: plan, idempotencyKey: nil).job
        try await store.begin(tight.id)
        _ = try await store.changeBudget(tight.id, totalCents: amounts[0] + amounts[1] - 1, note: "", by: "user-a")
        let eventsBefore = try await store.events(jobID: tight.id, after: 0).count
        await #expect(throws: RPCError.self) { try await store.startTasksIfPending(tight.id, taskIDs: [a, b]) }
        let standing = try #require(try await store.standing(tight.id))
        #expect(standing.job.tasks.filter { [a, b].contains($0.taskID) }.allSatisfy { $0.status == .pending })
        #expect(standing.job.budget.reservedCents == 0)
        #expect(try await store.events(jobID: tight.id, after: 0).count == eventsBefore)
        #expect(try await store.startTaskIfPending(tight.id, taskID: a) != nil, "each fits alone")
    }

    @Test("a task cannot be started twice, and an agent reporting more than was reserved is failed without a charge", arguments: StoreBackend.available)
    func guards(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        let job = try await store.create(owner: "user-a", plan: plan, idempotencyKey: nil).job
        try await store.begin(job.id)
        try await store.startTask(job.id, taskID: "legal")
        let error = await #expect(throws: RPCError.self) { try await store.startTask(job.id, taskID: "legal") }
        #expect(error?.code == .failedPrecondition)
        let legal = try #require(job.tasks.first { $0.taskID == "legal" })
        try await store.completeTask(job.id, taskID: "legal", result: result(.legal, spent: legal.budgetAllocatedCents + 1))
        let after = try #require(try await store.job(job.id)?.tasks.first { $0.taskID == "legal" })
        #expect(after.status == .failed && after.budgetUsedCents == 0 && after.budgetReservedCents == 0)
        try await checkLedgerInvariant(store, job.id)
    }

    @Test("the same idempotency key returns the same run for its owner only", arguments: StoreBackend.available)
    func idempotentCreate(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        let first = try await store.create(owner: "user-a", plan: plan, idempotencyKey: "key-1")
        let again = try await store.create(owner: "user-a", plan: plan, idempotencyKey: "key-1")
        let other = try await store.create(owner: "user-b", plan: plan, idempotencyKey: "key-1")
        #expect(first.created && !again.created && other.created)
        #expect(first.job.id == again.job.id && other.job.id != first.job.id)
        // Ten concurrent starts with one key make one run.
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 { group.addTask { try await store.create(owner: "user-c", plan: self.plan, idempotencyKey: "same").job.id } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(ids.count == 1)
    }

    @Test("after a restart, interrupted tasks are released and re-run; each is charged once", arguments: StoreBackend.available)
    func requeue(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        let job = try await store.create(owner: "user-a", plan: plan, idempotencyKey: nil).job
        try await store.begin(job.id)
        try await store.startTask(job.id, taskID: "branding")
        try await store.requeueInterrupted(job.id)
        let requeued = try #require(try await store.job(job.id)?.tasks.first { $0.taskID == "branding" })
        #expect(requeued.status == .pending && requeued.budgetReservedCents == 0)
        try await store.begin(job.id)  // resumed: no second start event
        try await store.startTask(job.id, taskID: "branding")
        try await store.completeTask(job.id, taskID: "branding", result: result(.branding, spent: 10_000, cached: true))
        let done = try #require(try await store.job(job.id))
        #expect(done.tasks.first { $0.taskID == "branding" }?.attempts == 2)
        #expect(done.budget.spentCents == 10_000)
        let types = try await store.events(jobID: job.id, after: 0).map(\.type)
        #expect(types.filter { $0 == .jobStarted }.count == 1)
        try await checkLedgerInvariant(store, job.id)
    }

    @Test("finishing a run cancels what is left and releases its reservations; finishing again does nothing", arguments: StoreBackend.available)
    func finish(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        let job = try await store.create(owner: "user-a", plan: plan, idempotencyKey: nil).job
        try await store.begin(job.id)
        try await store.startTask(job.id, taskID: "branding")
        #expect(try await store.requestCancel(job.id))
        try await store.finish(job.id, status: .cancelled, reason: "cancelled by the user")
        try await store.finish(job.id, status: .succeeded)
        let done = try #require(try await store.job(job.id))
        #expect(done.status == .cancelled && done.finishedAtUnixMs > 0 && done.failureReason == "cancelled by the user")
        #expect(done.tasks.allSatisfy { $0.status == .cancelled && $0.budgetReservedCents == 0 })
        #expect(done.budget.reservedCents == 0 && done.budget.spentCents == 0)
        #expect(try await store.events(jobID: job.id, after: 0).last?.type == .jobCancelled)
        #expect(try await !store.requestCancel(job.id))
        try await checkLedgerInvariant(store, job.id)
    }

    @Test("listing is newest first, paged, per owner; a forged page token is refused", arguments: StoreBackend.available)
    func listing(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        var ids: [String] = []
        for index in 0..<7 {
            ids.append(try await store.create(owner: index % 2 == 0 ? "user-a" : "user-b", plan: plan, idempotencyKey: nil).job.id)
            try await Task.sleep(for: .milliseconds(2))
        }
        var seen: [String] = []
        var token = ""
        repeat {
            var request = PageRequest()
            request.pageSize = 2
            request.pageToken = token
            let page = try await store.list(owner: "user-a", status: nil, page: request)
            seen += page.jobs.map(\.id)
            #expect(page.jobs.allSatisfy { $0.ownerUserID == "user-a" })
            token = page.nextPageToken
        } while !token.isEmpty
        #expect(seen == [ids[6], ids[4], ids[2], ids[0]])
        var everything = PageRequest()
        everything.pageSize = 100
        #expect(try await store.list(owner: nil, status: nil, page: everything).jobs.count == 7)
        var forged = PageRequest()
        forged.pageToken = "bm9wZQ=="
        let error = await #expect(throws: RPCError.self) { try await store.list(owner: nil, status: nil, page: forged) }
        #expect(error?.code == .invalidArgument)
    }

    @Test("the ledger invariant holds across 50 concurrent runs with racing starts, failures and settlements", arguments: StoreBackend.available)
    func fiftyConcurrentRuns(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        let plan = self.plan
        let jobIDs = try await withThrowingTaskGroup(of: String.self) { group in
            for run in 0..<50 {
                group.addTask {
                    let job = try await store.create(owner: "user-\(run % 5)", plan: plan, idempotencyKey: nil).job
                    try await store.begin(job.id)
                    try await withThrowingTaskGroup(of: Void.self) { tasks in
                        for (index, task) in job.tasks.enumerated() {
                            tasks.addTask {
                                // Two racing starts of the same task: exactly one may reserve.
                                async let first: Bool = (try? await store.startTask(job.id, taskID: task.taskID)) != nil
                                async let second: Bool = (try? await store.startTask(job.id, taskID: task.taskID)) != nil
                                let (a, b) = await (first, second)
                                #expect(a != b)
                                switch (run + index) % 4 {
                                case 0: try await store.failTask(job.id, taskID: task.taskID, reason: "agent unavailable")
                                case 1: try await store.completeTask(job.id, taskID: task.taskID, result: result(task.agent, spent: task.budgetAllocatedCents))
                                default: try await store.completeTask(job.id, taskID: task.taskID, result: result(task.agent, spent: task.budgetAllocatedCents / 3))
                                }
                                // A late duplicate settlement changes nothing.
                                try await store.completeTask(job.id, taskID: task.taskID, result: result(task.agent, spent: 1))
                            }
                        }
                        try await tasks.waitForAll()
                    }
                    try await store.finish(job.id, status: .partiallySucceeded)
                    return job.id
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(jobIDs.count == 50)
        for jobID in jobIDs {
            try await checkLedgerInvariant(store, jobID)
            let events = try await store.events(jobID: jobID, after: 0)
            #expect(events.map(\.seq) == Array(1...Int64(events.count)))
        }
    }
}
