import CEOAPI
import CEODomain
import Foundation

/// The JSON of approval requests, approval policies and the planned-against-actual
/// ledger: amounts in hundredths of the run's currency (`*_cents`), like every run.
enum GovernanceJSON {
    struct ApprovalJSON: Encodable, Sendable {
        var id: String
        var jobID: String
        var taskID: String
        var taskTitle: String
        var agent: String
        var kind: String
        var status: String
        var amountCents: Int64
        var currency: String
        var reason: String
        var options: [String]
        var requestedAt: Int64
        var expiresAt: Int64
        var decidedAt: Int64?
        var decidedBy: String?
        var note: String?
        var raisedCents: Int64
        var budgetRaisedCents: Int64

        enum CodingKeys: String, CodingKey {
            case id, agent, kind, status, currency, reason, options, note
            case jobID = "job_id", taskID = "task_id", taskTitle = "task_title", amountCents = "amount_cents"
            case requestedAt = "requested_at_unix_ms", expiresAt = "expires_at_unix_ms", decidedAt = "decided_at_unix_ms"
            case decidedBy = "decided_by_user_id", raisedCents = "raised_cents", budgetRaisedCents = "budget_raised_cents"
        }

        init(_ approval: Approval) {
            id = approval.id
            jobID = approval.jobID
            taskID = approval.taskID
            taskTitle = approval.taskTitle
            agent = approval.agent.machineName
            kind = approval.kind.apiName
            status = approval.status.apiName
            amountCents = approval.amountCents
            currency = approval.currency
            reason = approval.reason
            options = approval.options
            requestedAt = approval.requestedAtUnixMs
            expiresAt = approval.expiresAtUnixMs
            decidedAt = approval.decidedAtUnixMs == 0 ? nil : approval.decidedAtUnixMs
            decidedBy = approval.decidedByUserID.isEmpty ? nil : approval.decidedByUserID
            note = approval.note.isEmpty ? nil : approval.note
            raisedCents = approval.raisedCents
            budgetRaisedCents = approval.budgetRaisedCents
        }
    }

    struct PolicyJSON: Encodable, Sendable {
        var apiKeyID: String?
        /// Null: no task waits for approval.
        var autoApproveUpToCents: Int64?
        var currency: String
        var expireAfterSeconds: Int64
        var onRejection: String
        var updatedAt: Int64?

        enum CodingKeys: String, CodingKey {
            case currency
            case apiKeyID = "api_key_id", autoApproveUpToCents = "auto_approve_up_to_cents", expireAfterSeconds = "expire_after_seconds"
            case onRejection = "on_rejection", updatedAt = "updated_at_unix_ms"
        }

        init(_ policy: ApprovalPolicy) {
            apiKeyID = policy.apiKeyID.isEmpty ? nil : policy.apiKeyID
            autoApproveUpToCents = policy.hasAutoApproveUpToCents ? policy.autoApproveUpToCents : nil
            currency = policy.currency
            expireAfterSeconds = policy.hasExpireAfterSeconds ? policy.expireAfterSeconds : ApprovalPolicyRules.defaultExpirySeconds
            onRejection = policy.onRejection.apiName
            updatedAt = policy.updatedAtUnixMs == 0 ? nil : policy.updatedAtUnixMs
        }
    }

    struct VarianceJSON: Encodable, Sendable {
        var taskID: String?
        var agent: String?
        var plannedCents: Int64
        var committedCents: Int64
        var actualCents: Int64
        var varianceCents: Int64

        enum CodingKeys: String, CodingKey {
            case agent, taskID = "task_id", plannedCents = "planned_cents", committedCents = "committed_cents"
            case actualCents = "actual_cents", varianceCents = "variance_cents"
        }

        init(_ row: PlanVariance) {
            taskID = row.taskID.isEmpty ? nil : row.taskID
            agent = row.agent == .unspecified ? nil : row.agent.machineName
            plannedCents = row.plannedCents
            committedCents = row.committedCents
            actualCents = row.actualCents
            varianceCents = row.varianceCents
        }
    }

    struct ActualJSON: Encodable, Sendable {
        var id: String
        var taskID: String?
        var agent: String?
        var amountCents: Int64
        var paidAmountMinor: Int64
        var paidCurrency: String
        var rate: String?
        var paidOn: String
        var vendor: String
        var note: String
        var recordedBy: String
        var recordedAt: Int64

        enum CodingKeys: String, CodingKey {
            case id, agent, rate, vendor, note
            case taskID = "task_id", amountCents = "amount_cents", paidAmountMinor = "paid_amount_minor", paidCurrency = "paid_currency"
            case paidOn = "paid_on", recordedBy = "recorded_by_user_id", recordedAt = "recorded_at_unix_ms"
        }

        init(_ actual: Actual) {
            id = actual.id
            taskID = actual.taskID.isEmpty ? nil : actual.taskID
            agent = actual.agent == .unspecified ? nil : actual.agent.machineName
            amountCents = actual.amountCents
            paidAmountMinor = actual.paidAmountMinor
            paidCurrency = actual.paidCurrency
            rate = actual.rate.isEmpty ? nil : actual.rate
            paidOn = actual.paidOn
            vendor = actual.vendor
            note = actual.note
            recordedBy = actual.recordedByUserID
            recordedAt = actual.recordedAtUnixMs
        }
    }

    struct EntryJSON: Encodable, Sendable {
        var id: Int64
        var taskID: String?
        var agent: String?
        var kind: String
        var amountCents: Int64
        var at: Int64
        var actor: String?
        var note: String?

        enum CodingKeys: String, CodingKey {
            case id, agent, kind, note
            case taskID = "task_id", amountCents = "amount_cents", at = "at_unix_ms", actor = "actor_user_id"
        }

        init(_ entry: LedgerEntry) {
            id = entry.id
            taskID = entry.taskID.isEmpty ? nil : entry.taskID
            agent = entry.agent == .unspecified ? nil : entry.agent.machineName
            kind = entry.kind.apiName
            amountCents = entry.amountCents
            at = entry.atUnixMs
            actor = entry.actorUserID.isEmpty ? nil : entry.actorUserID
            note = entry.note.isEmpty ? nil : entry.note
        }
    }

    struct LedgerJSON: Encodable, Sendable {
        var success = true
        var jobID: String
        var currency: String
        var budget: JobJSON.BudgetJSON
        var total: VarianceJSON
        var agents: [VarianceJSON]
        var tasks: [VarianceJSON]
        var actuals: [ActualJSON]
        var entries: [EntryJSON]

        enum CodingKeys: String, CodingKey {
            case success, currency, budget, total, agents, tasks, actuals, entries, jobID = "job_id"
        }

        init(_ ledger: BudgetLedger) {
            jobID = ledger.jobID
            currency = ledger.currency
            budget = JobJSON.BudgetJSON(ledger.summary, currency: ledger.currency)
            total = VarianceJSON(ledger.total)
            agents = ledger.agents.map(VarianceJSON.init)
            tasks = ledger.tasks.map(VarianceJSON.init)
            actuals = ledger.actuals.map(ActualJSON.init)
            entries = ledger.entries.map(EntryJSON.init)
        }
    }
}
