public import CEOAPI
import CEOServiceKit
public import CEOStorage
public import Logging
import CEORPC
public import Foundation
import SwiftProtobuf

/// Runs, their tasks, the budget ledger and the event log, in the orchestrator's SQLite
/// database. Every state change of a task is one transaction with its ledger entries
/// and its events, so a crash never leaves a charge without its state or an event
/// without its change. Appended events are handed to the ``JobEventHub`` after commit.
public final class JobStore: Sendable {
    /// SQLite (one process, the default) or PostgreSQL (shared by replicas).
    public let database: any SQLDatabase
    public let hub: JobEventHub
    let now: @Sendable () -> Date
    /// Names this store's notifications, so that its own relay skips them.
    let instanceID = UUID().uuidString.lowercased()
    /// Plans of recent runs, decoded once (a run's plan never changes).
    let plans = DecodedPlans()
    /// Progress events waiting to be stored with their run's next change.
    let progress: ProgressBuffer

    /// Opens (creating when missing) the SQLite database at `path`.
    public convenience init(
        path: String, hub: JobEventHub = JobEventHub(), now: @escaping @Sendable () -> Date = { Date() },
        progressBatching: Duration = ProgressBuffer.defaultInterval
    ) throws {
        self.init(database: try SQLiteDatabase(path: path, migrations: OrchestratorMigrations.all), hub: hub, now: now, progressBatching: progressBatching)
    }

    /// A store on `database`, which has the orchestrator's migrations applied
    /// (``OrchestratorMigrations/all``). A progress step is held for the run's next change
    /// when the run was written less than `progressBatching` before (``ProgressBuffer``;
    /// zero stores every step at once).
    public init(
        database: any SQLDatabase, hub: JobEventHub = JobEventHub(), now: @escaping @Sendable () -> Date = { Date() },
        progressBatching: Duration = ProgressBuffer.defaultInterval
    ) {
        self.database = database
        self.hub = hub
        self.now = now
        self.progress = ProgressBuffer(interval: progressBatching)
    }

    /// Opens the PostgreSQL database of `settings` and applies the orchestrator's migrations.
    public static func open(
        postgres settings: PostgresSettings, hub: JobEventHub = JobEventHub(), now: @escaping @Sendable () -> Date = { Date() },
        progressBatching: Duration = ProgressBuffer.defaultInterval, logger: Logger
    ) async throws -> JobStore {
        let database = try await PostgresDatabase.open(
            settings: settings, migrations: OrchestratorMigrations.all, lockName: "ceo-orchestrator-migrations", logger: logger
        )
        return JobStore(database: database, hub: hub, now: now, progressBatching: progressBatching)
    }

    // MARK: - Creating and reading runs

    /// Persists a new run of `plan` for `owner`, or — when `idempotencyKey` was used by
    /// this owner before — returns that run unchanged (`created` false). `policy` (its
    /// amount in the run's currency) is kept with the run: later policy changes do not
    /// touch a run that has started. A new run is stored holding `lease` when given: the
    /// replica that creates it executes it without taking the lease in a write of its own
    /// (``OrchestrationEngine/startCreated(_:)``).
    public func create(
        owner: String, plan: Plan, idempotencyKey: String?, policy: ApprovalPolicy? = nil, planVersionID: String? = nil,
        lease: RunLease? = nil
    ) async throws -> (job: Job, created: Bool) {
        let key = idempotencyKey.flatMap { $0.isEmpty ? nil : $0 }
        let id = UUID().uuidString.lowercased()
        let at = now().unixMilliseconds
        let leaseExpiry = lease.map { Self.leaseExpiry(from: at, ttl: $0.ttl) }
        return try await database.write { db -> (Job, Bool) in
            if key != nil { try db.lock("owner:\(owner)") }
            if let key, let existing = try String.fetchOne(
                db, sql: "SELECT id FROM jobs WHERE owner_user_id = ? AND idempotency_key = ?", arguments: [owner, key]
            ) {
                guard let job = try Self.loadJob(db, id: existing, plans: self.plans) else {
                    throw RPCError(.internal, "run \(existing) vanished while it was read")
                }
                return (job, false)
            }
            try db.execute(
                sql: """
                    INSERT INTO jobs (id, owner_user_id, status, plan, idempotency_key, created_at_ms, updated_at_ms, budget_cents, contingency_cents,
                                      approval_policy, plan_version_id, lease_owner, lease_expires_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, owner, JobStatus.pending.rawValue, Data(try plan.serializedBytes() as [UInt8]), key, at, at,
                            plan.totalBudgetCents, plan.reserveCents, try policy.map { Data(try $0.serializedBytes() as [UInt8]) }, planVersionID,
                            lease?.owner, leaseExpiry]
            )
            for (position, task) in plan.tasks.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO job_tasks (job_id, task_id, position, agent, status, allocated_cents)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [id, task.id, position, task.agent.rawValue, TaskStatus.pending.rawValue, task.budgetCents]
                )
            }
            guard let job = try Self.loadJob(db, id: id, plans: self.plans) else {
                throw RPCError(.internal, "run \(id) vanished after it was stored")
            }
            return (job, true)
        }
    }

    /// The run `id` with its tasks and budget, or nil; `deliverables: false` leaves the
    /// tasks' results out (for callers that only need the run's state).
    public func job(_ id: String, deliverables: Bool = true) async throws -> Job? {
        try await database.read { db in try Self.loadJob(db, id: id, deliverables: deliverables, plans: self.plans) }
    }

    /// Runs newest first, `owner`'s only unless nil (admins), one page of `page`
    /// (INVALID_ARGUMENT naming `page.page_size` or `page.page_token` when bad).
    public func list(owner: String?, status: JobStatus?, page request: PageRequest) async throws -> (jobs: [Job], nextPageToken: String) {
        let page = try PageCursor<CreationCursor>(request, decode: CreationCursor.init(token:))
        var conditions: [String] = []
        var arguments: SQLArguments = []
        if let owner { conditions.append("owner_user_id = ?"); arguments += [owner] }
        if let status { conditions.append("status = ?"); arguments += [status.rawValue] }
        if let after = page.after {
            conditions.append("(created_at_ms < ? OR (created_at_ms = ? AND id < ?))")
            arguments += [after.createdAtMs, after.createdAtMs, after.id]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let bound = arguments
        return try await database.read { db in
            let rows = try SQLRow.fetchAll(
                db, sql: "SELECT id, created_at_ms FROM jobs \(whereClause) ORDER BY created_at_ms DESC, id DESC LIMIT \(page.size + 1)",
                arguments: bound
            )
            let jobs = try rows.prefix(page.size).compactMap { try Self.loadJob(db, id: $0["id"]) }
            let next = rows.count > page.size ? CreationCursor(createdAtMs: rows[page.size - 1]["created_at_ms"], id: rows[page.size - 1]["id"]).token : ""
            return (jobs, next)
        }
    }

    /// Runs that have not finished (to resume after a restart), oldest first.
    public func unfinishedJobIDs() async throws -> [String] {
        try await database.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM jobs WHERE finished_at_ms IS NULL ORDER BY created_at_ms, id")
        }
    }

    /// Stored events of `jobID` with a sequence number above `afterSeq`, in order.
    public func events(jobID: String, after afterSeq: Int64, limit: Int = 10_000) async throws -> [JobEvent] {
        try await database.read { db in
            try Data.fetchAll(
                db, sql: "SELECT event FROM job_events WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                arguments: [jobID, afterSeq, limit]
            ).map { try JobEvent(serializedBytes: $0) }
        }
    }

    // MARK: - Assembling a Job

    /// What of a run to read: its row only, with its tasks and budget, or with the
    /// tasks' deliverables too.
    enum RunParts: Sendable {
        /// The run's row and plan: no tasks, no budget (an event that changes neither).
        case header
        /// Tasks (without results) and the budget summary.
        case state
        /// Tasks with their deliverables, and the budget summary.
        case everything
    }

    /// The run `id`; without `deliverables` the tasks' results are neither read nor
    /// decoded (every state change needs the run, none needs its deliverables). `plans`
    /// caches decoded plans.
    static func loadJob(_ db: any SQLConnection, id: String, deliverables: Bool = true, plans: DecodedPlans? = nil) throws -> Job? {
        try loadRun(db, id: id, parts: deliverables ? .everything : .state, plans: plans)?.job
    }

    /// The run `id` to the extent of `parts`, and which replica holds its lease.
    static func loadRun(_ db: any SQLConnection, id: String, parts: RunParts, plans: DecodedPlans?) throws -> (job: Job, leaseOwner: String?)? {
        guard let row = try SQLRow.fetchOne(
            db,
            sql: """
                SELECT id, owner_user_id, status, idempotency_key, created_at_ms, updated_at_ms, finished_at_ms, last_seq,
                       failure_reason, budget_cents, contingency_cents, lease_owner
                FROM jobs WHERE id = ?
                """,
            arguments: [id]
        ) else { return nil }
        var job = Job()
        job.id = row["id"]
        job.ownerUserID = row["owner_user_id"]
        job.status = JobStatus(rawValue: row["status"]) ?? .unspecified
        let readPlan = { try Data.fetchOne(db, sql: "SELECT plan FROM jobs WHERE id = ?", arguments: [id]) }
        guard let plan = try plans.map({ try $0.plan(of: id, load: readPlan) }) ?? readPlan().map({ try Plan(serializedBytes: $0) }) else { return nil }
        job.plan = plan
        job.idempotencyKey = row["idempotency_key"] ?? ""
        job.createdAtUnixMs = row["created_at_ms"]
        job.updatedAtUnixMs = row["updated_at_ms"]
        job.finishedAtUnixMs = row["finished_at_ms"] ?? 0
        job.lastSeq = row["last_seq"]
        job.failureReason = row["failure_reason"]
        let leaseOwner: String? = row["lease_owner"]
        guard parts != .header else { return (job, leaseOwner) }
        let columns = parts == .everything
            ? "*"
            : "task_id, agent, status, allocated_cents, reserved_cents, used_cents, raised_cents, reason, started_at_ms, finished_at_ms, attempts"
        job.tasks = try SQLRow.fetchAll(
            db,
            sql: """
                SELECT \(columns), (SELECT a.id FROM approvals a WHERE a.job_id = job_tasks.job_id AND a.task_id = job_tasks.task_id AND a.status = \(ApprovalStatus.pending.rawValue)) AS awaiting_approval_id
                FROM job_tasks WHERE job_id = ? ORDER BY position
                """,
            arguments: [id]
        ).map(Self.taskRun)
        let actual = try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(amount_cents), 0) FROM actuals WHERE job_id = ?", arguments: [id]) ?? 0
        job.budget = Self.summary(
            total: row["budget_cents"] ?? job.plan.totalBudgetCents, contingency: row["contingency_cents"] ?? job.plan.reserveCents,
            actual: actual, tasks: job.tasks
        )
        return (job, leaseOwner)
    }

    /// The approval policy the run started with; nil when it asks for nothing.
    static func policy(_ db: any SQLConnection, jobID: String) throws -> ApprovalPolicy? {
        guard let data = try Data.fetchOne(db, sql: "SELECT approval_policy FROM jobs WHERE id = ?", arguments: [jobID]) else { return nil }
        return try ApprovalPolicy(serializedBytes: data)
    }

    static func taskRun(_ row: SQLRow) throws -> TaskRun {
        var task = TaskRun()
        task.taskID = row["task_id"]
        task.agent = AgentType(rawValue: row["agent"]) ?? .unspecified
        task.status = TaskStatus(rawValue: row["status"]) ?? .unspecified
        task.budgetAllocatedCents = row["allocated_cents"]
        task.budgetReservedCents = row["reserved_cents"]
        task.budgetUsedCents = row["used_cents"]
        task.budgetRaisedCents = row["raised_cents"]
        task.awaitingApprovalID = row["awaiting_approval_id"] ?? ""
        task.reason = row["reason"]
        if row.hasColumn("deliverables"), let data = row["deliverables"] as Data? {
            let result = try AgentResult(serializedBytes: data)
            task.deliverables = result.deliverables
            task.notes = result.notes
            task.leftOut = result.leftOut
        }
        task.startedAtUnixMs = row["started_at_ms"] ?? 0
        task.finishedAtUnixMs = row["finished_at_ms"] ?? 0
        task.attempts = row["attempts"]
        return task
    }

    static func summary(total: Int64, contingency: Int64, actual: Int64, tasks: [TaskRun]) -> BudgetSummary {
        summary(
            total: total, contingency: contingency, actual: actual, allocated: tasks.reduce(0) { $0 + $1.budgetAllocatedCents },
            reserved: tasks.reduce(0) { $0 + $1.budgetReservedCents }, spent: tasks.reduce(0) { $0 + $1.budgetUsedCents }
        )
    }

    /// The budget summary from the run's totals and its tasks' sums.
    static func summary(total: Int64, contingency: Int64, actual: Int64, allocated: Int64, reserved: Int64, spent: Int64) -> BudgetSummary {
        var summary = BudgetSummary()
        summary.totalCents = total
        summary.contingencyCents = contingency
        summary.actualCents = actual
        summary.allocatedCents = allocated
        summary.reservedCents = reserved
        summary.spentCents = spent
        summary.remainingCents = total - reserved - spent
        return summary
    }
}
