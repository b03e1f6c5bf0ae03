public import CEOAPI
import CEODomain
import CEOServiceKit
import CEORPC
import Foundation
import CEOStorage
import SwiftProtobuf

/// The ledger as the owner sees it — planned, committed and actual — and the owner's
/// own entries: budget changes and what was actually paid.
extension JobStore {
    /// The run's ledger: allocations, every entry, the summary, and planned against
    /// actual per task, per agent and in total.
    public func ledger(jobID: String) async throws -> BudgetLedger? {
        try await database.read { db in try Self.loadLedger(db, jobID: jobID) }
    }

    /// Raises or lowers the budget of an unfinished run. The difference goes to or comes
    /// from the reserve; the total never goes below what is committed plus what was paid.
    public func changeBudget(_ jobID: String, totalCents: Int64, note: String, by user: String) async throws -> BudgetLedger {
        if note.count > 500 { throw RPCError(.invalidArgument, "note: at most 500 characters", details: [FieldViolation(field: "note", description: "at most 500 characters")]) }
        try await change(jobID) { db, job, emit in
            guard job.finishedAtUnixMs == 0 else {
                throw RPCError(.failedPrecondition, "the run has ended (\(job.status.apiName)); its budget no longer changes")
            }
            let money = { (cents: Int64) in job.plan.company.money(cents) }
            let floor = job.budget.reservedCents + job.budget.spentCents + job.budget.actualCents
            guard totalCents >= max(1, floor) else {
                throw RPCError(
                    .failedPrecondition,
                    "total_cents: \(money(totalCents)) is below what the run has committed and paid (\(money(floor)))",
                    details: [FieldViolation(field: "total_cents", description: "at least \(floor) (committed plus actual)")]
                )
            }
            guard totalCents <= Self.largestBudgetCents else {
                throw RPCError(.invalidArgument, "total_cents: too large to be a budget", details: [FieldViolation(field: "total_cents", description: "too large")])
            }
            let delta = totalCents - job.budget.totalCents
            guard delta != 0 else { return }
            let contingency = max(0, job.budget.contingencyCents + delta)
            try db.execute(sql: "UPDATE jobs SET budget_cents = ?, contingency_cents = ? WHERE id = ?", arguments: [totalCents, contingency, jobID])
            let at = self.now()
            let text = note.isEmpty ? "\(money(job.budget.totalCents)) → \(money(totalCents))" : "\(money(job.budget.totalCents)) → \(money(totalCents)): \(note)"
            try Self.ledger(db, jobID, nil, delta > 0 ? .budgetRaised : .budgetLowered, abs(delta), at, actor: user, note: text)
            emit(Self.event(.ledgerChanged) { $0.message = "budget " + text; $0.budget = (try? Self.budget(db, jobID)) ?? BudgetSummary() })
        }
        guard let ledger = try await ledger(jobID: jobID) else { throw RPCError(.notFound, "no run \(jobID)") }
        return ledger
    }

    /// Records a payment (converted to the run's currency at the given rate).
    public func recordActual(_ jobID: String, _ actual: Actual, by user: String) async throws -> BudgetLedger {
        try await change(jobID) { db, job, emit in
            var actual = actual
            if !actual.taskID.isEmpty {
                let task = try Self.task(job, actual.taskID)
                actual.agent = task.agent
            }
            let at = self.now()
            actual.id = UUID().uuidString.lowercased()
            try db.execute(
                sql: """
                    INSERT INTO actuals (id, job_id, task_id, agent, amount_cents, paid_amount_minor, paid_currency, rate, paid_on, vendor, note, recorded_by, recorded_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [actual.id, jobID, actual.taskID, actual.agent.rawValue, actual.amountCents, actual.paidAmountMinor, actual.paidCurrency,
                            actual.rate, actual.paidOn, actual.vendor, actual.note, user, at.unixMilliseconds]
            )
            let task = job.tasks.first { $0.taskID == actual.taskID }
            let money = job.plan.company.money(actual.amountCents)
            let text = [actual.vendor, actual.paidOn, actual.note].filter { !$0.isEmpty }.joined(separator: ", ")
            try Self.ledger(db, jobID, task, .actual, actual.amountCents, at, actor: user, note: text)
            emit(Self.event(.ledgerChanged) {
                $0.taskID = actual.taskID
                $0.agent = actual.agent
                $0.message = "paid \(money)" + (text.isEmpty ? "" : " (\(text))")
                $0.budget = (try? Self.budget(db, jobID)) ?? BudgetSummary()
            })
        }
        guard let ledger = try await ledger(jobID: jobID) else { throw RPCError(.notFound, "no run \(jobID)") }
        return ledger
    }

    /// The largest budget a run may have, in minor units (a guard against overflow).
    static let largestBudgetCents: Int64 = 1_000_000_000_000

    static func loadLedger(_ db: any SQLConnection, jobID: String) throws -> BudgetLedger? {
        guard let job = try loadJob(db, id: jobID, deliverables: false) else { return nil }
        var ledger = BudgetLedger()
        ledger.jobID = jobID
        ledger.currency = job.plan.company.moneyCurrency
        ledger.summary = job.budget
        ledger.allocations = job.plan.allocations.map { allocation in
            var raised = allocation
            raised.budgetCents = agentAllocation(job, allocation.agent)
            return raised
        }
        ledger.entries = try SQLRow.fetchAll(db, sql: "SELECT * FROM ledger_entries WHERE job_id = ? ORDER BY id", arguments: [jobID]).map { row in
            var entry = LedgerEntry()
            entry.id = row["id"]
            entry.taskID = row["task_id"]
            entry.agent = AgentType(rawValue: row["agent"]) ?? .unspecified
            entry.kind = LedgerEntryKind(rawValue: row["kind"]) ?? .unspecified
            entry.amountCents = row["amount_cents"]
            entry.atUnixMs = row["at_ms"]
            entry.actorUserID = row["actor_user_id"]
            entry.note = row["note"]
            return entry
        }
        ledger.actuals = try SQLRow.fetchAll(db, sql: "SELECT * FROM actuals WHERE job_id = ? ORDER BY recorded_at_ms, id", arguments: [jobID]).map { row in
            var actual = Actual()
            actual.id = row["id"]
            actual.taskID = row["task_id"]
            actual.agent = AgentType(rawValue: row["agent"]) ?? .unspecified
            actual.amountCents = row["amount_cents"]
            actual.paidAmountMinor = row["paid_amount_minor"]
            actual.paidCurrency = row["paid_currency"]
            actual.rate = row["rate"]
            actual.paidOn = row["paid_on"]
            actual.vendor = row["vendor"]
            actual.note = row["note"]
            actual.recordedByUserID = row["recorded_by"]
            actual.recordedAtUnixMs = row["recorded_at_ms"]
            return actual
        }
        let paidByTask = Dictionary(grouping: ledger.actuals, by: \.taskID).mapValues { $0.reduce(0) { $0 + $1.amountCents } }
        ledger.tasks = job.tasks.map { task in
            variance(taskID: task.taskID, agent: task.agent, planned: task.budgetAllocatedCents,
                     committed: task.budgetReservedCents + task.budgetUsedCents, actual: paidByTask[task.taskID] ?? 0)
        }
        ledger.agents = ledger.allocations.map { allocation in
            let rows = ledger.tasks.filter { $0.agent == allocation.agent }
            return variance(taskID: "", agent: allocation.agent, planned: allocation.budgetCents,
                            committed: rows.reduce(0) { $0 + $1.committedCents }, actual: rows.reduce(0) { $0 + $1.actualCents })
        }
        // The run as a whole: every allocation, and every payment (those of no task too).
        ledger.total = variance(
            taskID: "", agent: .unspecified, planned: ledger.allocations.reduce(0) { $0 + $1.budgetCents },
            committed: job.budget.reservedCents + job.budget.spentCents, actual: job.budget.actualCents
        )
        return ledger
    }

    static func variance(taskID: String, agent: AgentType, planned: Int64, committed: Int64, actual: Int64) -> PlanVariance {
        var row = PlanVariance()
        row.taskID = taskID
        row.agent = agent
        row.plannedCents = planned
        row.committedCents = committed
        row.actualCents = actual
        row.varianceCents = actual - planned
        return row
    }
}
