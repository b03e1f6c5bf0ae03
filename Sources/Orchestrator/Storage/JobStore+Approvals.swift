public import CEOAPI
import CEODomain
import CEOServiceKit
import CEORPC
import Foundation
import CEOStorage
import SwiftProtobuf

/// What became of an agent's result handed to ``JobStore/completeTask(_:taskID:result:)``.
public enum TaskSettlement: Sendable {
    /// Settled: the task succeeded at the result's cost.
    case settled
    /// The result cost more than the reservation and the run has no approval policy.
    case failed
    /// The task was no longer running (cancelled meanwhile); nothing changed.
    case notRunning
    /// The result cost more than the reservation: the owner decides (the request).
    case awaitingApproval(Approval)
}

/// Whether a task may start, by the run's approval policy.
public enum ApprovalGate: Sendable {
    /// No request needed, or the owner approved.
    case proceed
    /// A request waits for the owner.
    case waiting(Approval)
    /// The owner rejected the request, or it expired; the task was skipped.
    case rejected(Approval)
    /// The task is no longer pending.
    case closed
}

/// Approvals: the pauses a run makes for its owner, and their decisions. Each request
/// and each decision is one transaction with its ledger entries and events, like every
/// other state change of a run, so a pause survives any restart and a decision is
/// applied once.
extension JobStore {
    /// Whether `taskID` may start. With a policy amount and a task that costs more, a
    /// request is made (`APPROVAL_REQUESTED`, the run `awaiting_approval`) unless one
    /// exists; the latest request's decision answers.
    public func gate(_ jobID: String, taskID: String) async throws -> ApprovalGate {
        // Most runs have no policy that could stop a task: then a read decides, and no
        // write transaction is spent on a task that goes ahead.
        let (status, policy) = try await database.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT status FROM job_tasks WHERE job_id = ? AND task_id = ?", arguments: [jobID, taskID]),
                try Self.policy(db, jobID: jobID)
            )
        }
        guard let status else { throw RPCError(.notFound, "run \(jobID) has no task \(taskID)") }
        guard status == TaskStatus.pending.rawValue else { return .closed }
        guard let policy, policy.hasAutoApproveUpToCents else { return .proceed }
        return try await change(jobID) { db, job, emit -> ApprovalGate in
            let task = try Self.task(job, taskID)
            guard task.status == .pending else { return .closed }
            guard let policy = try Self.policy(db, jobID: jobID), policy.hasAutoApproveUpToCents else { return .proceed }
            if let latest = try Self.latestApproval(db, jobID: jobID, taskID: taskID, kind: .taskCost, job: job) {
                switch latest.status {
                case .pending: return .waiting(latest)
                case .approved: return .proceed
                default: return .rejected(latest)
                }
            }
            guard task.budgetAllocatedCents > policy.autoApproveUpToCents else { return .proceed }
            let approval = try Self.requestApproval(
                db, job: job, task: task, kind: .taskCost, amount: task.budgetAllocatedCents, policy: policy, at: self.now(), pendingResult: nil, emit: emit
            )
            return .waiting(approval)
        }
    }

    /// The request `id`, or nil.
    public func approval(_ id: String) async throws -> Approval? {
        try await database.read { db in try Self.loadApproval(db, id: id) }
    }

    /// Requests newest first: `owner`'s (every owner's when nil), of one run and one
    /// status when given, one page of `page`.
    public func approvals(
        owner: String?, jobID: String?, status: ApprovalStatus?, approvalID: String? = nil, page request: PageRequest
    ) async throws -> (approvals: [Approval], nextPageToken: String) {
        let page = try PageCursor<CreationCursor>(request, decode: CreationCursor.init(token:))
        var conditions: [String] = []
        var arguments: SQLArguments = []
        if let approvalID { conditions.append("id = ?"); arguments += [approvalID] }
        if let owner { conditions.append("owner_user_id = ?"); arguments += [owner] }
        if let jobID { conditions.append("job_id = ?"); arguments += [jobID] }
        if let status { conditions.append("status = \(status.rawValue)") }
        if let after = page.after {
            conditions.append("(requested_at_ms < ? OR (requested_at_ms = ? AND id < ?))")
            arguments += [after.createdAtMs, after.createdAtMs, after.id]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let bound = arguments
        return try await database.read { db in
            let ids = try SQLRow.fetchAll(
                db, sql: "SELECT id, requested_at_ms FROM approvals \(whereClause) ORDER BY requested_at_ms DESC, id DESC LIMIT \(page.size + 1)",
                arguments: bound
            )
            let approvals = try ids.prefix(page.size).compactMap { try Self.loadApproval(db, id: $0["id"]) }
            let next = ids.count > page.size ? CreationCursor(createdAtMs: ids[page.size - 1]["requested_at_ms"], id: ids[page.size - 1]["id"]).token : ""
            return (approvals, next)
        }
    }

    /// Applies the owner's decision on a pending request (see `DecideApproval`).
    public func decide(_ request: DecideApprovalRequest, by user: String) async throws -> Approval {
        guard let found = try await approval(request.approvalID), found.ownerUserID == user else {
            throw RPCError(.notFound, "no approval request \(request.approvalID)")
        }
        return try await change(found.jobID) { db, job, emit -> Approval in
            guard let current = try Self.loadApproval(db, id: request.approvalID) else { throw RPCError(.notFound, "no approval request \(request.approvalID)") }
            guard current.status == .pending else {
                if Self.repeats(request, current) { return current }
                throw RPCError(.failedPrecondition, Self.decidedMessage(current), details: [FieldViolation(field: "approval_id", description: "already \(current.status.apiName)")])
            }
            let at = self.now()
            switch request.decision {
            case .reject:
                return try Self.reject(db, job: job, approval: current, status: .rejected, actor: user, note: request.note, at: at, emit: emit)
            case .approve:
                let raise = current.kind == .overrun ? current.amountCents : 0
                return try Self.approve(db, job: job, approval: current, raise: raise, budgetRaise: 0, actor: user, note: request.note, at: at, emit: emit)
            case .raise:
                return try Self.approve(
                    db, job: job, approval: current, raise: request.raiseCents, budgetRaise: request.raiseBudgetCents, actor: user, note: request.note, at: at, emit: emit
                )
            case .unspecified, .UNRECOGNIZED:
                throw RPCError(.invalidArgument, "decision: approve, reject or raise", details: [FieldViolation(field: "decision", description: "approve, reject or raise")])
            }
        }
    }

    /// Ends a request nobody decided in time, as rejected (`APPROVAL_DECIDED` with
    /// status expired). A request already decided is returned as it is.
    @discardableResult
    public func expire(_ approvalID: String) async throws -> Approval {
        guard let found = try await approval(approvalID) else { throw RPCError(.notFound, "no approval request \(approvalID)") }
        return try await change(found.jobID) { db, job, emit -> Approval in
            guard let current = try Self.loadApproval(db, id: approvalID), current.status == .pending else { return found }
            let waited = (current.expiresAtUnixMs - current.requestedAtUnixMs) / 1000
            return try Self.reject(
                db, job: job, approval: current, status: .expired, actor: "", note: "no decision within \(Self.duration(seconds: waited))", at: self.now(), emit: emit
            )
        }
    }

    // MARK: - Policies

    /// The owner's policy (or an API key's); nil when none is set.
    public func approvalPolicy(owner: String, apiKeyID: String) async throws -> ApprovalPolicy? {
        try await database.read { db in
            try Data.fetchOne(db, sql: "SELECT policy FROM approval_policies WHERE owner_user_id = ? AND api_key_id = ?", arguments: [owner, apiKeyID])
                .map { try ApprovalPolicy(serializedBytes: $0) }
        }
    }

    /// Stores the owner's policy (or an API key's).
    public func setApprovalPolicy(_ policy: ApprovalPolicy, owner: String) async throws -> ApprovalPolicy {
        var updated = policy
        updated.updatedAtUnixMs = now().unixMilliseconds
        let stored = updated
        let data = Data(try stored.serializedBytes() as [UInt8])
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO approval_policies (owner_user_id, api_key_id, policy, updated_at_ms) VALUES (?, ?, ?, ?)
                    ON CONFLICT (owner_user_id, api_key_id) DO UPDATE SET policy = excluded.policy, updated_at_ms = excluded.updated_at_ms
                    """,
                arguments: [owner, policy.apiKeyID, data, stored.updatedAtUnixMs]
            )
        }
        return stored
    }

    // MARK: - Inside a run's transaction

    /// Makes a request for `task` and pauses the run (`APPROVAL_REQUESTED`).
    static func requestApproval(
        _ db: any SQLConnection, job: Job, task: TaskRun, kind: ApprovalKind, amount: Int64, policy: ApprovalPolicy, at: Date,
        pendingResult: AgentResult?, emit: (JobEvent) -> Void
    ) throws -> Approval {
        let id = UUID().uuidString.lowercased()
        let wait = policy.hasExpireAfterSeconds ? policy.expireAfterSeconds : ApprovalPolicyRules.defaultExpirySeconds
        let money = { (cents: Int64) in job.plan.company.money(cents) }
        let title = job.plan.tasks.first { $0.id == task.taskID }?.title ?? task.taskID
        let reason = switch kind {
        case .overrun:
            "\(title): the agent's result costs \(money(task.budgetReservedCents + amount)), \(money(amount)) more than the \(money(task.budgetReservedCents)) allocated. Approve to pay the difference from the reserve (\(money(job.budget.contingencyCents)) left), raise the allocation, or reject to skip the task."
        default:
            "\(title) costs \(money(amount)), above the \(money(policy.autoApproveUpToCents)) your policy lets a run spend on one task without asking."
        }
        try db.execute(
            sql: """
                INSERT INTO approvals (id, job_id, owner_user_id, task_id, agent, kind, status, amount_cents, reason, requested_at_ms, expires_at_ms, pending_result)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [id, job.id, job.ownerUserID, task.taskID, task.agent.rawValue, kind.rawValue, ApprovalStatus.pending.rawValue, amount, reason,
                        at.unixMilliseconds, at.addingTimeInterval(TimeInterval(wait)).unixMilliseconds,
                        try pendingResult.map { Data(try $0.serializedBytes() as [UInt8]) }]
        )
        if kind == .overrun {
            try db.execute(sql: "UPDATE job_tasks SET reason = ? WHERE job_id = ? AND task_id = ?", arguments: ["waiting for the owner's approval", job.id, task.taskID])
        }
        try refreshAwaitingStatus(db, job.id, at: at)
        guard let approval = try loadApproval(db, id: id) else { throw RPCError(.internal, "approval \(id) vanished after it was stored") }
        emit(event(.approvalRequested) { $0.taskID = task.taskID; $0.agent = task.agent; $0.approval = approval; $0.message = reason })
        return approval
    }

    /// Approves `approval`, first raising the task's allocation by `raise` — from the
    /// reserve, and from a budget raised by `budgetRaise` where the reserve is short. An
    /// overrun is then settled at the agent's result.
    static func approve(
        _ db: any SQLConnection, job: Job, approval: Approval, raise: Int64, budgetRaise: Int64, actor: String, note: String, at: Date, emit: (JobEvent) -> Void
    ) throws -> Approval {
        let money = { (cents: Int64) in job.plan.company.money(cents) }
        var violations: [FieldViolation] = []
        if raise < 0 { violations.append(FieldViolation(field: "raise_cents", description: "must not be negative")) }
        if budgetRaise < 0 { violations.append(FieldViolation(field: "raise_budget_cents", description: "must not be negative")) }
        if budgetRaise > raise { violations.append(FieldViolation(field: "raise_budget_cents", description: "at most raise_cents (\(money(raise)))")) }
        if approval.kind == .overrun, raise < approval.amountCents {
            violations.append(FieldViolation(field: "raise_cents", description: "at least the \(money(approval.amountCents)) the result costs above the allocation"))
        }
        if note.count > 500 { violations.append(FieldViolation(field: "note", description: "at most 500 characters")) }
        if !violations.isEmpty {
            throw RPCError(.invalidArgument, violations.map { "\($0.field): \($0.description)" }.joined(separator: "; "), details: violations)
        }
        let fromReserve = raise - budgetRaise
        guard fromReserve <= job.budget.contingencyCents else {
            throw RPCError(
                .failedPrecondition,
                "raising the allocation by \(money(raise)) needs \(money(fromReserve)) from the reserve, which holds \(money(job.budget.contingencyCents)): raise the budget by at least \(money(fromReserve - job.budget.contingencyCents)) as well (raise_budget_cents)",
                details: [FieldViolation(field: "raise_cents", description: "beyond the reserve")]
            )
        }
        guard var task = job.tasks.first(where: { $0.taskID == approval.taskID }) else { throw RPCError(.notFound, "run \(job.id) has no task \(approval.taskID)") }
        let pendingResult = try Data.fetchOne(db, sql: "SELECT pending_result FROM approvals WHERE id = ?", arguments: [approval.id])
        if raise > 0 {
            if budgetRaise > 0 {
                try db.execute(sql: "UPDATE jobs SET budget_cents = budget_cents + ? WHERE id = ?", arguments: [budgetRaise, job.id])
                try ledger(db, job.id, nil, .budgetRaised, budgetRaise, at, actor: actor, note: "raised for \(approval.taskID)")
            }
            try db.execute(sql: "UPDATE jobs SET contingency_cents = contingency_cents - ? WHERE id = ?", arguments: [fromReserve, job.id])
            try db.execute(
                sql: "UPDATE job_tasks SET allocated_cents = allocated_cents + ?, raised_cents = raised_cents + ? WHERE job_id = ? AND task_id = ?",
                arguments: [raise, raise, job.id, approval.taskID]
            )
            try ledger(db, job.id, task, .allocationRaised, raise, at, actor: actor, note: "\(money(fromReserve)) from the reserve, \(money(budgetRaise)) from a raised budget")
        }
        try db.execute(
            sql: "UPDATE approvals SET status = ?, decided_at_ms = ?, decided_by = ?, note = ?, raised_cents = ?, budget_raised_cents = ?, pending_result = NULL WHERE id = ?",
            arguments: [ApprovalStatus.approved.rawValue, at.unixMilliseconds, actor, note, raise, budgetRaise, approval.id]
        )
        try ledger(db, job.id, task, .approved, approval.amountCents, at, actor: actor, note: note)
        if approval.kind == .overrun, let data = pendingResult {
            // Reserve the raise on top of what the task holds, then settle at the result.
            try db.execute(sql: "UPDATE job_tasks SET reserved_cents = reserved_cents + ? WHERE job_id = ? AND task_id = ?", arguments: [raise, job.id, approval.taskID])
            try ledger(db, job.id, task, .reserve, raise, at)
            task.budgetReservedCents += raise
            task.budgetAllocatedCents += raise
            try settle(db, job: job, task: task, result: try AgentResult(serializedBytes: data), at: at, emit: emit)
        }
        try refreshAwaitingStatus(db, job.id, at: at)
        guard let decided = try loadApproval(db, id: approval.id) else { throw RPCError(.internal, "approval \(approval.id) vanished") }
        emit(event(.approvalDecided) { $0.taskID = approval.taskID; $0.agent = approval.agent; $0.approval = decided; $0.message = "approved" + (note.isEmpty ? "" : ": \(note)") })
        if raise > 0 { emit(try budgetEvent(db, job.id)) }
        return decided
    }

    /// Rejects (or expires) `approval`: the task is skipped and what it held released.
    static func reject(
        _ db: any SQLConnection, job: Job, approval: Approval, status: ApprovalStatus, actor: String, note: String, at: Date, emit: (JobEvent) -> Void
    ) throws -> Approval {
        if note.count > 500 { throw RPCError(.invalidArgument, "note: at most 500 characters", details: [FieldViolation(field: "note", description: "at most 500 characters")]) }
        try db.execute(
            sql: "UPDATE approvals SET status = ?, decided_at_ms = ?, decided_by = ?, note = ?, pending_result = NULL WHERE id = ?",
            arguments: [status.rawValue, at.unixMilliseconds, actor, note, approval.id]
        )
        let task = job.tasks.first { $0.taskID == approval.taskID }
        try ledger(db, job.id, task, .rejected, approval.amountCents, at, actor: actor, note: status == .expired ? "expired: \(note)" : note)
        if let task, task.status == .pending || task.status == .running {
            let why = status == .expired ? "the approval request expired (\(note))" : "the owner rejected it" + (note.isEmpty ? "" : ": \(note)")
            try closeTask(db, job.id, task, status: .skipped, reason: why, at: at)
            emit(event(.taskSkipped) { $0.taskID = task.taskID; $0.agent = task.agent; $0.message = why })
            if task.budgetReservedCents > 0 { emit(try budgetEvent(db, job.id)) }
        }
        try refreshAwaitingStatus(db, job.id, at: at)
        guard let decided = try loadApproval(db, id: approval.id) else { throw RPCError(.internal, "approval \(approval.id) vanished") }
        emit(event(.approvalDecided) { $0.taskID = approval.taskID; $0.agent = approval.agent; $0.approval = decided; $0.message = status.apiName + (note.isEmpty ? "" : ": \(note)") })
        return decided
    }

    /// Requests still pending when the run ends: rejected, with `note`.
    static func closePendingApprovals(_ db: any SQLConnection, job: Job, at: Date, note: String, emit: (JobEvent) -> Void) throws {
        let ids = try String.fetchAll(db, sql: "SELECT id FROM approvals WHERE job_id = ? AND status = \(ApprovalStatus.pending.rawValue)", arguments: [job.id])
        for id in ids {
            guard let approval = try loadApproval(db, id: id) else { continue }
            try db.execute(
                sql: "UPDATE approvals SET status = ?, decided_at_ms = ?, note = ?, pending_result = NULL WHERE id = ?",
                arguments: [ApprovalStatus.rejected.rawValue, at.unixMilliseconds, note, id]
            )
            try ledger(db, job.id, job.tasks.first { $0.taskID == approval.taskID }, .rejected, approval.amountCents, at, note: note)
            if let decided = try loadApproval(db, id: id) {
                emit(event(.approvalDecided) { $0.taskID = approval.taskID; $0.agent = approval.agent; $0.approval = decided; $0.message = note })
            }
        }
    }

    /// `awaiting_approval` while a request is pending, `running` otherwise (unfinished runs only).
    static func refreshAwaitingStatus(_ db: any SQLConnection, _ jobID: String, at: Date) throws {
        let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM approvals WHERE job_id = ? AND status = \(ApprovalStatus.pending.rawValue)", arguments: [jobID]) ?? 0
        let status: JobStatus = pending > 0 ? .awaitingApproval : .running
        try db.execute(
            sql: "UPDATE jobs SET status = ?, updated_at_ms = ? WHERE id = ? AND finished_at_ms IS NULL AND status IN (?, ?)",
            arguments: [status.rawValue, at.unixMilliseconds, jobID, JobStatus.running.rawValue, JobStatus.awaitingApproval.rawValue]
        )
    }

    static func latestApproval(_ db: any SQLConnection, jobID: String, taskID: String, kind: ApprovalKind, job: Job) throws -> Approval? {
        guard let id = try String.fetchOne(
            db, sql: "SELECT id FROM approvals WHERE job_id = ? AND task_id = ? AND kind = ? ORDER BY requested_at_ms DESC, id DESC LIMIT 1",
            arguments: [jobID, taskID, kind.rawValue]
        ) else { return nil }
        return try loadApproval(db, id: id)
    }

    static func loadApproval(_ db: any SQLConnection, id: String) throws -> Approval? {
        guard let row = try SQLRow.fetchOne(
            db,
            sql: "SELECT a.*, j.plan FROM approvals a JOIN jobs j ON j.id = a.job_id WHERE a.id = ?",
            arguments: [id]
        ) else { return nil }
        let plan = try Plan(serializedBytes: row["plan"] as Data)
        var approval = Approval()
        approval.id = row["id"]
        approval.jobID = row["job_id"]
        approval.ownerUserID = row["owner_user_id"]
        approval.taskID = row["task_id"]
        approval.taskTitle = plan.tasks.first { $0.id == approval.taskID }?.title ?? ""
        approval.agent = AgentType(rawValue: row["agent"]) ?? .unspecified
        approval.kind = ApprovalKind(rawValue: row["kind"]) ?? .unspecified
        approval.status = ApprovalStatus(rawValue: row["status"]) ?? .unspecified
        approval.amountCents = row["amount_cents"]
        approval.currency = plan.company.moneyCurrency
        approval.reason = row["reason"]
        approval.options = approval.status == .pending ? ["approve", "reject", "raise"] : []
        approval.requestedAtUnixMs = row["requested_at_ms"]
        approval.expiresAtUnixMs = row["expires_at_ms"]
        approval.decidedAtUnixMs = row["decided_at_ms"] ?? 0
        approval.decidedByUserID = row["decided_by"]
        approval.note = row["note"]
        approval.raisedCents = row["raised_cents"]
        approval.budgetRaisedCents = row["budget_raised_cents"]
        return approval
    }

    /// True when `request` asks again for the decision `approval` already has.
    static func repeats(_ request: DecideApprovalRequest, _ approval: Approval) -> Bool {
        switch request.decision {
        case .reject: approval.status == .rejected
        case .approve: approval.status == .approved && approval.raisedCents == (approval.kind == .overrun ? approval.amountCents : 0) && approval.budgetRaisedCents == 0
        case .raise: approval.status == .approved && approval.raisedCents == request.raiseCents && approval.budgetRaisedCents == request.raiseBudgetCents
        case .unspecified, .UNRECOGNIZED: false
        }
    }

    static func decidedMessage(_ approval: Approval) -> String {
        let when = Date(unixMilliseconds: approval.decidedAtUnixMs).formatted(.iso8601)
        return switch approval.status {
        case .expired: "the request expired at \(when): nobody decided in time; start the task again in a new run"
        case .approved: "the request was already approved at \(when)" + (approval.raisedCents > 0 ? " with a raise of \(Money.amount(approval.raisedCents, currency: approval.currency))" : "")
        default: "the request was already rejected at \(when)" + (approval.note.isEmpty ? "" : " (\(approval.note))")
        }
    }

    static func duration(seconds: Int64) -> String {
        if seconds % 86_400 == 0 { return "\(seconds / 86_400) day\(seconds == 86_400 ? "" : "s")" }
        if seconds % 3_600 == 0 { return "\(seconds / 3_600) hour\(seconds == 3_600 ? "" : "s")" }
        if seconds % 60 == 0 { return "\(seconds / 60) minute\(seconds == 60 ? "" : "s")" }
        return "\(seconds) seconds"
    }
}

