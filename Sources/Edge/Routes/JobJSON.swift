import CEOAPI
import CEODomain

/// A run as the JSON API shows it.
struct JobJSON: Encodable {
    struct LineItemJSON: Encodable {
        var description: String
        var category: String
        var quantity: Int32
        var unitCostCents: Int64
        var totalCents: Int64
        var billing: String
        var source: String

        enum CodingKeys: String, CodingKey {
            case description, category, quantity, billing, source, unitCostCents = "unit_cost_cents", totalCents = "total_cents"
        }
    }

    struct DeliverableJSON: Encodable {
        var kind: String
        var title: String
        var bodyMarkdown: String
        var lineItems: [LineItemJSON]
        var attributes: [String: String]

        enum CodingKeys: String, CodingKey {
            case kind, title, attributes, bodyMarkdown = "body_markdown", lineItems = "line_items"
        }

        init(_ deliverable: Deliverable) {
            kind = deliverable.kind
            title = deliverable.title
            bodyMarkdown = deliverable.bodyMarkdown
            lineItems = deliverable.lineItems.map {
                LineItemJSON(description: $0.description_p, category: $0.category, quantity: $0.quantity, unitCostCents: $0.unitCostCents,
                             totalCents: $0.totalCents, billing: $0.billing, source: $0.source)
            }
            attributes = deliverable.attributes
        }
    }

    struct TaskJSON: Encodable {
        var taskID: String
        var agent: String
        var status: String
        var budgetAllocatedCents: Int64
        var budgetReservedCents: Int64
        var budgetUsedCents: Int64
        var reason: String
        var deliverables: [DeliverableJSON]
        var attempts: Int32
        var startedAt: Int64
        var finishedAt: Int64
        /// The agent's notes: work left out for budget, assumptions.
        var notes: [String]
        /// The deliverables the task budget left out.
        var leftOut: [LeftOutJSON]
        /// How much the owner raised the allocation (included in `budget_allocated_cents`).
        var budgetRaisedCents: Int64 = 0
        /// The approval request the task waits for, when it waits.
        var awaitingApprovalID: String?

        struct LeftOutJSON: Encodable {
            var kind: String
            var title: String
            var costCents: Int64
            var namedByObjectives: Bool

            enum CodingKeys: String, CodingKey {
                case kind, title, costCents = "cost_cents", namedByObjectives = "named_by_objectives"
            }
        }

        enum CodingKeys: String, CodingKey {
            case agent, status, reason, deliverables, attempts, notes, leftOut = "left_out"
            case taskID = "task_id", budgetAllocatedCents = "budget_allocated_cents", budgetReservedCents = "budget_reserved_cents"
            case budgetUsedCents = "budget_used_cents", startedAt = "started_at_unix_ms", finishedAt = "finished_at_unix_ms"
            case budgetRaisedCents = "budget_raised_cents", awaitingApprovalID = "awaiting_approval_id"
        }
    }

    struct BudgetJSON: Encodable {
        /// ISO 4217 code of the amounts (hundredths of it); left out of WebSocket events,
        /// whose run's plan names it.
        var currency: String?
        var totalCents: Int64
        var allocatedCents: Int64
        var reservedCents: Int64
        var spentCents: Int64
        var remainingCents: Int64
        /// The contingency reserve still held back.
        var contingencyCents: Int64
        /// What the owner recorded as actually paid.
        var actualCents: Int64

        enum CodingKeys: String, CodingKey {
            case currency, totalCents = "total_cents", allocatedCents = "allocated_cents", reservedCents = "reserved_cents"
            case spentCents = "spent_cents", remainingCents = "remaining_cents", contingencyCents = "contingency_cents", actualCents = "actual_cents"
        }

        init(_ budget: BudgetSummary, currency: String? = nil) {
            self.currency = currency
            totalCents = budget.totalCents
            allocatedCents = budget.allocatedCents
            reservedCents = budget.reservedCents
            spentCents = budget.spentCents
            remainingCents = budget.remainingCents
            contingencyCents = budget.contingencyCents
            actualCents = budget.actualCents
        }
    }

    var id: String
    var status: String
    var plan: PlanJSON
    var tasks: [TaskJSON]
    var budget: BudgetJSON
    var createdAt: Int64
    var updatedAt: Int64
    var finishedAt: Int64
    var lastSeq: Int64
    var failureReason: String
    /// When the delivered line items are paid, month by month (see ``CashOutSchedule``).
    var cashOut: [CashOutMonthJSON]

    /// What the unspent money could do next (see ``ReplanProposal``).
    var replan: ReplanJSON

    struct ReplanJSON: Encodable {
        struct OfferJSON: Encodable {
            var agent: String
            var objective: String
            var amountCents: Int64
            var effect: String

            enum CodingKeys: String, CodingKey { case agent, objective, effect, amountCents = "amount_cents" }
        }

        var availableCents: Int64
        var idleCents: Int64
        var summary: String
        var offers: [OfferJSON]

        enum CodingKeys: String, CodingKey {
            case summary, offers, availableCents = "available_cents", idleCents = "idle_cents"
        }

        init(_ proposal: ReplanProposal) {
            availableCents = proposal.availableCents
            idleCents = proposal.idleCents
            summary = proposal.summary
            offers = proposal.offers.map { OfferJSON(agent: $0.agent.machineName, objective: $0.objective, amountCents: $0.amountCents, effect: $0.effect) }
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, status, plan, tasks, budget, replan, cashOut = "cash_out"
        case createdAt = "created_at_unix_ms", updatedAt = "updated_at_unix_ms", finishedAt = "finished_at_unix_ms"
        case lastSeq = "last_seq", failureReason = "failure_reason"
    }

    init(_ job: Job) {
        id = job.id
        status = job.status.apiName
        plan = PlanJSON(job.plan)
        tasks = job.tasks.map {
            TaskJSON(taskID: $0.taskID, agent: $0.agent.machineName, status: $0.status.apiName, budgetAllocatedCents: $0.budgetAllocatedCents,
                     budgetReservedCents: $0.budgetReservedCents, budgetUsedCents: $0.budgetUsedCents, reason: $0.reason,
                     deliverables: $0.deliverables.map(DeliverableJSON.init), attempts: $0.attempts,
                     startedAt: $0.startedAtUnixMs, finishedAt: $0.finishedAtUnixMs, notes: $0.notes,
                     leftOut: $0.leftOut.map { TaskJSON.LeftOutJSON(kind: $0.kind, title: $0.title, costCents: $0.costCents, namedByObjectives: $0.namedByObjectives) },
                     budgetRaisedCents: $0.budgetRaisedCents, awaitingApprovalID: $0.awaitingApprovalID.isEmpty ? nil : $0.awaitingApprovalID)
        }
        budget = BudgetJSON(job.budget, currency: job.plan.company.moneyCurrency)
        createdAt = job.createdAtUnixMs
        updatedAt = job.updatedAtUnixMs
        finishedAt = job.finishedAtUnixMs
        lastSeq = job.lastSeq
        failureReason = job.failureReason
        cashOut = CashOutSchedule(plan: job.plan, tasks: job.tasks).months.map(CashOutMonthJSON.init)
        replan = ReplanJSON(ReplanProposal(job: job))
    }
}
