public import CEOAPI
import CEODomain
import CEOServiceKit
import CEORPC
import Foundation
import CEOStorage
import SwiftProtobuf

/// The state changes of a run. Each is one transaction: the task's state, its ledger
/// entries and its events commit together or not at all.
extension JobStore {
    /// PENDING → RUNNING, with `JOB_STARTED`. A run that is already running (resumed after
    /// a restart) gets no second start event. Returns where the run then stands.
    @discardableResult
    public func begin(_ jobID: String) async throws -> RunStanding {
        try await change(jobID) { db, job, emit in
            var job = job
            if job.status == .pending {
                try Self.setJob(db, jobID, status: .running, at: self.now())
                emit(Self.event(.jobStarted) { $0.status = .running; $0.message = "\(job.plan.tasks.count) tasks in \(job.plan.phases.count) phases" })
                job.status = .running
            }
            return try Self.standing(db, job: job)
        }
    }

    /// `PHASE_STARTED` or `PHASE_COMPLETED` of the plan's `phase`. Like a progress step it
    /// changes no state, so it is held for the run's next change when the run was written
    /// moments ago (``ProgressBuffer``): a phase starts with its first task's start, and
    /// ends just before the next phase's first task starts or the run ends.
    public func phase(_ jobID: String, _ phase: Phase, completed: Bool) async throws {
        let event = Self.event(completed ? .phaseCompleted : .phaseStarted) { $0.phase = phase.index; $0.message = phase.name }
        if progress.hold(event, jobID: jobID) { return }
        try await change(jobID, parts: .header) { _, _, emit in emit(event) }
    }

    /// Reserves the task's allocation and marks it running (`TASK_STARTED`, `BUDGET_UPDATED`).
    /// Refuses (FAILED_PRECONDITION) when the reservation would break the invariant:
    /// settled + reserved within the run's budget and within the agent's allocation.
    @discardableResult
    public func startTask(_ jobID: String, taskID: String) async throws -> TaskRun {
        guard let started = try await startTask(jobID, taskID: taskID, unlessClosed: false) else {
            throw RPCError(.internal, "task \(taskID) was neither started nor refused")
        }
        return started
    }

    /// ``startTask(_:taskID:)`` for a task that may have been closed meanwhile (skipped, or
    /// its run cancelled): nil, and nothing changed, when it is no longer pending.
    public func startTaskIfPending(_ jobID: String, taskID: String) async throws -> TaskRun? {
        try await startTask(jobID, taskID: taskID, unlessClosed: true)
    }

    private func startTask(_ jobID: String, taskID: String, unlessClosed: Bool) async throws -> TaskRun? {
        try await change(jobID) { db, job, emit -> TaskRun? in
            var job = job
            return try Self.start(db, &job, taskID, unlessClosed: unlessClosed, at: self.now(), emit)
        }
    }

    /// Starts the tasks among `taskIDs` that are still pending, in that order, in one
    /// transaction (the tasks of a phase that start together): each is reserved and
    /// checked against the budget as ``startTaskIfPending(_:taskID:)`` would, counting
    /// the reservations before it, and the events are those of one start after another.
    /// A reservation that would break the budget refuses them all (FAILED_PRECONDITION).
    /// Returns the tasks started, by id; a task closed meanwhile is not among them.
    public func startTasksIfPending(_ jobID: String, taskIDs: [String]) async throws -> [String: TaskRun] {
        try await change(jobID) { db, job, emit in
            var job = job
            let at = self.now()
            var started: [String: TaskRun] = [:]
            for taskID in taskIDs {
                if let task = try Self.start(db, &job, taskID, unlessClosed: true, at: at, emit) { started[taskID] = task }
            }
            return started
        }
    }

    /// Reserves `taskID`'s allocation and marks it running within the transaction `db`;
    /// `job` is updated to match, for a next start in the same transaction.
    private static func start(
        _ db: any SQLConnection, _ job: inout Job, _ taskID: String, unlessClosed: Bool, at: Date, _ emit: (JobEvent) -> Void
    ) throws -> TaskRun? {
        let jobID = job.id
        let task = try Self.task(job, taskID)
        guard task.status == .pending else {
            if unlessClosed { return nil }
            throw RPCError(.failedPrecondition, "task \(taskID) is \(task.status), not pending")
        }
        let amount = task.budgetAllocatedCents
        let committed = job.budget.reservedCents + job.budget.spentCents
        guard committed + amount <= job.budget.totalCents - job.budget.contingencyCents else {
            throw RPCError(.failedPrecondition, "reserving \(amount) cents for \(taskID) would exceed the run's budget")
        }
        let agentAllocation = Self.agentAllocation(job, task.agent)
        let agentCommitted = job.tasks.filter { $0.agent == task.agent }.reduce(0) { $0 + $1.budgetReservedCents + $1.budgetUsedCents }
        guard agentCommitted + amount <= agentAllocation else {
            throw RPCError(.failedPrecondition, "reserving \(amount) cents for \(taskID) would exceed the \(task.agent) allocation")
        }
        try db.execute(
            sql: """
                UPDATE job_tasks SET status = ?, reserved_cents = ?, attempts = attempts + 1, started_at_ms = ?, reason = ''
                WHERE job_id = ? AND task_id = ?
                """,
            arguments: [TaskStatus.running.rawValue, amount, at.unixMilliseconds, jobID, taskID]
        )
        try Self.ledger(db, jobID, task, .reserve, amount, at)
        emit(Self.event(.taskStarted) { $0.taskID = taskID; $0.agent = task.agent; $0.message = "reserved \(job.plan.company.money(amount))" })
        emit(try Self.budgetEvent(db, jobID))
        // The task as this transaction left it.
        var started = task
        started.status = .running
        started.budgetReservedCents = amount
        started.attempts += 1
        started.startedAtUnixMs = at.unixMilliseconds
        started.reason = ""
        if let index = job.tasks.firstIndex(where: { $0.taskID == taskID }) { job.tasks[index] = started }
        job.budget.reservedCents += amount
        return started
    }

    /// `TASK_PROGRESS` from the agent: stored with the run's next change when the run was
    /// written moments ago (``ProgressBuffer``), else at once.
    public func progress(_ jobID: String, taskID: String, agent: AgentType, percent: Int32, message: String) async throws {
        let event = Self.event(.taskProgress) { $0.taskID = taskID; $0.agent = agent; $0.progressPercent = percent; $0.message = message }
        if progress.hold(event, jobID: jobID) { return }
        try await change(jobID, parts: .header) { _, _, emit in emit(event) }
    }

    /// Settles the task at the result's `budget_used_cents` and releases the rest of its
    /// reservation (`TASK_COMPLETED` with the deliverables, `BUDGET_UPDATED`). A result
    /// that spends more than was reserved waits for the owner's approval when the run has
    /// an approval policy (the reservation held, the result kept with the request);
    /// without one it fails the task, and nothing is charged.
    @discardableResult
    public func completeTask(_ jobID: String, taskID: String, result: AgentResult) async throws -> TaskSettlement {
        try await change(jobID) { db, job, emit -> TaskSettlement in
            let task = try Self.task(job, taskID)
            guard task.status == .running else { return .notRunning }  // cancelled meanwhile: nothing to settle
            let used = result.budgetUsedCents
            let at = self.now()
            if used > task.budgetReservedCents, let policy = try Self.policy(db, jobID: jobID) {
                let approval = try Self.requestApproval(
                    db, job: job, task: task, kind: .overrun, amount: used - task.budgetReservedCents, policy: policy, at: at, pendingResult: result, emit: emit
                )
                return .awaitingApproval(approval)
            }
            guard used >= 0, used <= task.budgetReservedCents else {
                try Self.closeTask(db, jobID, task, status: .failed, reason: "the agent reported \(used) cents, above the \(task.budgetReservedCents) reserved", at: at)
                emit(Self.event(.taskFailed) { $0.taskID = taskID; $0.agent = task.agent; $0.message = "the agent's result exceeded the reservation" })
                emit(try Self.budgetEvent(db, jobID))
                return .failed
            }
            try Self.settle(db, job: job, task: task, result: result, at: at, emit: emit)
            return .settled
        }
    }

    /// Settles a running task at its result (the reservation must cover it): succeeded,
    /// the deliverables stored, the rest of the reservation released.
    static func settle(_ db: any SQLConnection, job: Job, task: TaskRun, result: AgentResult, at: Date, emit: (JobEvent) -> Void) throws {
        let jobID = job.id, taskID = task.taskID
        let used = result.budgetUsedCents
        try db.execute(
            sql: """
                UPDATE job_tasks SET status = ?, reserved_cents = 0, used_cents = ?, deliverables = ?, finished_at_ms = ?, reason = ?
                WHERE job_id = ? AND task_id = ?
                """,
            arguments: [TaskStatus.succeeded.rawValue, used, Data(try result.serializedBytes() as [UInt8]), at.unixMilliseconds,
                        result.cached ? "served from the agent cache" : "", jobID, taskID]
        )
        try Self.ledger(db, jobID, task, .settle, used, at)
        if task.budgetReservedCents > used { try Self.ledger(db, jobID, task, .release, task.budgetReservedCents - used, at) }
        emit(Self.event(.taskCompleted) {
            $0.taskID = taskID
            $0.agent = task.agent
            $0.deliverables = result.deliverables
            $0.budgetUsedCents = used
            $0.message = result.notes.joined(separator: " ")
        })
        emit(try Self.budgetEvent(db, jobID))
    }

    /// Releases the task's reservation and records why it failed (`TASK_FAILED`).
    public func failTask(_ jobID: String, taskID: String, reason: String) async throws {
        try await change(jobID) { db, job, emit in
            let task = try Self.task(job, taskID)
            guard task.status == .running || task.status == .pending else { return }
            try Self.closeTask(db, jobID, task, status: .failed, reason: reason, at: self.now())
            emit(Self.event(.taskFailed) { $0.taskID = taskID; $0.agent = task.agent; $0.message = reason })
            if task.budgetReservedCents > 0 { emit(try Self.budgetEvent(db, jobID)) }
        }
    }

    /// Marks a pending task skipped (`TASK_SKIPPED`), for example when a dependency failed.
    public func skipTask(_ jobID: String, taskID: String, reason: String) async throws {
        try await change(jobID) { db, job, emit in
            let task = try Self.task(job, taskID)
            guard task.status == .pending else { return }
            try Self.closeTask(db, jobID, task, status: .skipped, reason: reason, at: self.now())
            emit(Self.event(.taskSkipped) { $0.taskID = taskID; $0.agent = task.agent; $0.message = reason })
        }
    }

    /// After a restart: tasks left running by the previous process go back to pending and
    /// their reservations are released, so that re-running them (with the same
    /// idempotency key) charges them once. A task whose result waits for the owner's
    /// approval keeps its reservation and its result.
    public func requeueInterrupted(_ jobID: String) async throws {
        try await change(jobID) { db, job, emit in
            let interrupted = job.tasks.filter { $0.status == .running && $0.awaitingApprovalID.isEmpty }
            guard !interrupted.isEmpty else { return }
            let at = self.now()
            for task in interrupted {
                try db.execute(
                    sql: "UPDATE job_tasks SET status = ?, reserved_cents = 0, reason = ? WHERE job_id = ? AND task_id = ?",
                    arguments: [TaskStatus.pending.rawValue, "interrupted by a restart; will run again", jobID, task.taskID]
                )
                if task.budgetReservedCents > 0 { try Self.ledger(db, jobID, task, .release, task.budgetReservedCents, at) }
            }
            emit(try Self.budgetEvent(db, jobID))
        }
    }

    /// Asks a run to stop; true when it was still unfinished.
    public func requestCancel(_ jobID: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND finished_at_ms IS NULL", arguments: [jobID]) > 0
        }
    }

    /// Whether a cancel was requested for the run.
    public func cancelRequested(_ jobID: String) async throws -> Bool {
        try await database.read { db in
            try Bool.fetchOne(db, sql: "SELECT cancel_requested FROM jobs WHERE id = ?", arguments: [jobID]) ?? false
        }
    }

    /// Ends the run: unfinished tasks are cancelled with their reservations released,
    /// then `JOB_COMPLETED`, `JOB_FAILED` or `JOB_CANCELLED`. Ending an ended run does nothing.
    public func finish(_ jobID: String, status: JobStatus, reason: String = "") async throws {
        try await change(jobID) { db, job, emit in
            guard job.finishedAtUnixMs == 0 else { return }
            let at = self.now()
            // Requests still waiting end with the run, as rejected (nobody decided).
            try Self.closePendingApprovals(db, job: job, at: at, note: reason.isEmpty ? "the run ended before a decision" : "the run ended before a decision: \(reason)", emit: emit)
            var released = false
            for task in job.tasks where task.status == .pending || task.status == .running {
                try Self.closeTask(db, jobID, task, status: .cancelled, reason: reason.isEmpty ? "the run ended first" : reason, at: at)
                released = released || task.budgetReservedCents > 0
            }
            if released { emit(try Self.budgetEvent(db, jobID)) }
            try Self.setJob(db, jobID, status: status, at: at, finished: true, reason: reason)
            let type: JobEventType = switch status {
            case .cancelled: .jobCancelled
            case .failed: .jobFailed
            default: .jobCompleted
            }
            let budget = try Self.budget(db, jobID)
            emit(Self.event(type) { $0.status = status; $0.message = reason; $0.budget = budget })
        }
        progress.forget(jobID)
    }

    // MARK: - Plumbing

    /// Runs `body` in one write transaction with the run's current state (to the extent
    /// of `parts`); events it emits get the next sequence numbers after the progress steps
    /// held for the run (``ProgressBuffer``), are stored in the same transaction, and are
    /// published to the hub after commit.
    @discardableResult
    func change<Outcome: Sendable>(
        _ jobID: String,
        parts: RunParts = .state,
        _ body: @escaping @Sendable (any SQLConnection, Job, (JobEvent) -> Void) throws -> Outcome
    ) async throws -> Outcome {
        // Read here: the transaction's body runs on a database thread, outside this task.
        let executingReplica = Self.executingReplica
        let held = progress.take(jobID)
        let (events, outcome): ([JobEvent], Outcome)
        do {
            (events, outcome) = try await database.write { db -> ([JobEvent], Outcome) in
                try db.lock("run:\(jobID)")
                guard let (job, leaseOwner) = try Self.loadRun(db, id: jobID, parts: parts, plans: self.plans) else {
                    throw RPCError(.notFound, "no run \(jobID)")
                }
                if let replica = executingReplica, leaseOwner != replica {
                    throw RPCError(.failedPrecondition, "replica \(replica) no longer holds the lease of run \(jobID)")
                }
                var pending = held
                let outcome = try body(db, job, { pending.append($0) })
                guard !pending.isEmpty else { return ([], outcome) }
                var seq = job.lastSeq
                let at = self.now().unixMilliseconds
                for index in pending.indices {
                    seq += 1
                    pending[index].jobID = jobID
                    pending[index].seq = seq
                    pending[index].atUnixMs = at
                    try db.execute(
                        sql: "INSERT INTO job_events (job_id, seq, event) VALUES (?, ?, ?)",
                        arguments: [jobID, seq, Data(try pending[index].serializedBytes() as [UInt8])]
                    )
                }
                try db.execute(sql: "UPDATE jobs SET last_seq = ?, updated_at_ms = ? WHERE id = ?", arguments: [seq, at, jobID])
                if db.dialect == .postgres {
                    // Delivered at commit to every replica's relay, which wakes its watchers.
                    let notice = JobEventNotice(store: self.instanceID, jobID: jobID, firstSeq: job.lastSeq + 1, lastSeq: seq)
                    try db.execute(sql: "SELECT pg_notify(?, ?)", arguments: [JobEventNotice.channel, notice.payload])
                }
                // The owner's webhooks get their events from an outbox written with them.
                try WebhookOutbox.enqueue(pending, owner: job.ownerUserID, in: db, at: at)
                return (pending, outcome)
            }
        } catch {
            progress.restore(held, jobID: jobID)
            throw error
        }
        progress.written(jobID)
        if !events.isEmpty {
            OrchestratorMetrics.committed(events)
            await hub.publish(events, jobID: jobID)
        }
        return outcome
    }

    static func event(_ type: JobEventType, _ fill: (inout JobEvent) -> Void = { _ in }) -> JobEvent {
        var event = JobEvent()
        event.type = type
        fill(&event)
        return event
    }

    static func budgetEvent(_ db: any SQLConnection, _ jobID: String) throws -> JobEvent {
        let budget = try budget(db, jobID)
        return event(.budgetUpdated) { $0.budget = budget }
    }

    /// The run's budget summary as stored now, in one query (the run's plan is read only
    /// for a run stored before the budget columns existed).
    static func budget(_ db: any SQLConnection, _ jobID: String) throws -> BudgetSummary {
        guard let row = try SQLRow.fetchOne(
            db,
            sql: """
                SELECT j.budget_cents, j.contingency_cents,
                       (SELECT COALESCE(SUM(t.allocated_cents), 0) FROM job_tasks t WHERE t.job_id = j.id) AS allocated,
                       (SELECT COALESCE(SUM(t.reserved_cents), 0) FROM job_tasks t WHERE t.job_id = j.id) AS reserved,
                       (SELECT COALESCE(SUM(t.used_cents), 0) FROM job_tasks t WHERE t.job_id = j.id) AS used,
                       (SELECT COALESCE(SUM(a.amount_cents), 0) FROM actuals a WHERE a.job_id = j.id) AS actual
                FROM jobs j WHERE j.id = ?
                """,
            arguments: [jobID]
        ) else { return BudgetSummary() }
        var total: Int64? = row["budget_cents"], contingency: Int64? = row["contingency_cents"]
        if total == nil || contingency == nil, let bytes = try Data.fetchOne(db, sql: "SELECT plan FROM jobs WHERE id = ?", arguments: [jobID]) {
            let plan = try Plan(serializedBytes: bytes)
            total = total ?? plan.totalBudgetCents
            contingency = contingency ?? plan.reserveCents
        }
        return summary(
            total: total ?? 0, contingency: contingency ?? 0, actual: row["actual"], allocated: row["allocated"], reserved: row["reserved"], spent: row["used"]
        )
    }

    static func task(_ job: Job, _ taskID: String) throws -> TaskRun {
        guard let task = job.tasks.first(where: { $0.taskID == taskID }) else {
            throw RPCError(.notFound, "run \(job.id) has no task \(taskID)")
        }
        return task
    }

    static func closeTask(_ db: any SQLConnection, _ jobID: String, _ task: TaskRun, status: TaskStatus, reason: String, at: Date) throws {
        try db.execute(
            sql: "UPDATE job_tasks SET status = ?, reserved_cents = 0, reason = ?, finished_at_ms = ? WHERE job_id = ? AND task_id = ?",
            arguments: [status.rawValue, reason, at.unixMilliseconds, jobID, task.taskID]
        )
        if task.budgetReservedCents > 0 { try ledger(db, jobID, task, .release, task.budgetReservedCents, at) }
    }

    static func ledger(
        _ db: any SQLConnection, _ jobID: String, _ task: TaskRun?, _ kind: LedgerEntryKind, _ amount: Int64, _ at: Date, actor: String = "", note: String = ""
    ) throws {
        try db.execute(
            sql: "INSERT INTO ledger_entries (job_id, task_id, agent, kind, amount_cents, at_ms, actor_user_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [jobID, task?.taskID ?? "", (task?.agent ?? .unspecified).rawValue, kind.rawValue, amount, at.unixMilliseconds, actor, note]
        )
    }

    /// The agent's allocation with the raises the owner approved for its tasks.
    static func agentAllocation(_ job: Job, _ agent: AgentType) -> Int64 {
        (job.plan.allocations.first { $0.agent == agent }?.budgetCents ?? 0)
            + job.tasks.filter { $0.agent == agent }.reduce(0) { $0 + $1.budgetRaisedCents }
    }

    static func setJob(_ db: any SQLConnection, _ jobID: String, status: JobStatus, at: Date, finished: Bool = false, reason: String = "") throws {
        try db.execute(
            sql: "UPDATE jobs SET status = ?, updated_at_ms = ?, finished_at_ms = CASE WHEN ? = 1 THEN ? ELSE finished_at_ms END, failure_reason = ? WHERE id = ?",
            arguments: [status.rawValue, at.unixMilliseconds, finished, at.unixMilliseconds, reason, jobID]
        )
    }
}
