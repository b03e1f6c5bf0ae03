import CEOAPI
import CEODomain

/// The plan as the JSON API shows it: money in major units of the company's currency
/// (and in cents, its hundredths), agents by their machine names, snake_case fields.
struct PlanJSON: Encodable {
    struct CompanyJSON: Encodable {
        var companyName: String
        var industry: String
        var location: String
        /// The country (ISO 3166-1) and subdivision (ISO 3166-2) the location was read as.
        var country: String
        var subdivision: String?
        /// The place the location was read as, in words: `Texas, United States`.
        var readAs: String
        /// ISO 4217 code of every amount in the plan and its runs.
        var currency: String
        var budget: Double
        var timeline: Int32

        enum CodingKeys: String, CodingKey {
            case companyName = "company_name", industry, location, country, subdivision, currency, budget, timeline, readAs = "read_as"
        }
    }

    struct TaskJSON: Encodable {
        var id: String
        var agent: String
        var title: String
        var description: String
        var objectives: [String]
        var budget: Double
        var budgetCents: Int64
        var dependsOn: [String]
        var phase: Int32
        var startDay: Int32
        var endDay: Int32
        /// Why it starts when it does.
        var startReason: String

        enum CodingKeys: String, CodingKey {
            case id, agent, title, description, objectives, budget, phase
            case budgetCents = "budget_cents", dependsOn = "depends_on", startDay = "start_day", endDay = "end_day", startReason = "start_reason"
        }

        init(_ task: PlannedTask, objectives: [String]) {
            id = task.id
            agent = task.agent.machineName
            title = task.title
            description = task.description_p
            self.objectives = task.objectiveIndexes.compactMap { objectives.indices.contains(Int($0)) ? objectives[Int($0)] : nil }
            budget = Double(task.budgetCents) / 100
            budgetCents = task.budgetCents
            dependsOn = task.dependsOn
            phase = task.phase
            startDay = task.startDay
            endDay = task.endDay
            startReason = task.startReason
        }
    }

    /// An objective no agent works on, with what to do instead.
    struct UncoveredJSON: Encodable {
        var objective: String
        var topic: String?
        var advice: String
    }

    struct PhaseJSON: Encodable {
        var index: Int32
        var name: String
        var startDay: Int32
        var endDay: Int32
        var taskIDs: [String]

        enum CodingKeys: String, CodingKey {
            case index, name, startDay = "start_day", endDay = "end_day", taskIDs = "task_ids"
        }
    }

    struct AllocationJSON: Encodable {
        var agent: String
        var budget: Double
        var budgetCents: Int64
        var weight: Double

        enum CodingKeys: String, CodingKey {
            case agent, budget, weight, budgetCents = "budget_cents"
        }
    }

    var company: CompanyJSON
    var objectives: [String]
    var tasks: [TaskJSON]
    var phases: [PhaseJSON]
    var allocations: [AllocationJSON]
    var totalBudget: Double
    var reserve: Double
    var reservePercent: Int32
    var warnings: [String]
    var unrecognizedObjectives: [String]
    /// The planning exchange rate that converted figures into the plan's currency, stated
    /// once; nil for a plan in US dollars.
    var planningRate: String?
    /// Why the reserve is held.
    var reserveReason: String
    var uncoveredObjectives: [UncoveredJSON]
    /// When the plan's money is expected to go out, from its allocations, before it runs.
    var cashOutForecast: [CashOutMonthJSON]

    enum CodingKeys: String, CodingKey {
        case company, objectives, tasks, phases, allocations, reserve, warnings
        case totalBudget = "total_budget", reservePercent = "reserve_percent", unrecognizedObjectives = "unrecognized_objectives"
        case planningRate = "planning_rate", reserveReason = "reserve_reason", uncoveredObjectives = "uncovered_objectives"
        case cashOutForecast = "cash_out_forecast"
    }

    init(_ plan: Plan) {
        company = CompanyJSON(
            companyName: plan.company.name, industry: plan.company.industry, location: plan.company.location,
            country: plan.company.countryCode, subdivision: plan.company.subdivisionCode.isEmpty ? nil : plan.company.subdivisionCode,
            readAs: plan.company.placeName,
            currency: plan.company.moneyCurrency, budget: Double(plan.company.budgetCents) / 100, timeline: plan.company.timelineDays
        )
        objectives = plan.objectives
        tasks = plan.tasks.map { TaskJSON($0, objectives: plan.objectives) }
        phases = plan.phases.map { PhaseJSON(index: $0.index, name: $0.name, startDay: $0.startDay, endDay: $0.endDay, taskIDs: $0.taskIds) }
        allocations = plan.allocations.map {
            AllocationJSON(agent: $0.agent.machineName, budget: Double($0.budgetCents) / 100, budgetCents: $0.budgetCents, weight: $0.weight)
        }
        totalBudget = Double(plan.totalBudgetCents) / 100
        reserve = Double(plan.reserveCents) / 100
        reservePercent = plan.reservePercent
        warnings = plan.warnings
        unrecognizedObjectives = plan.unrecognizedObjectives
        planningRate = PlanningRates.standard.statement(for: plan.company.moneyCurrency)
        reserveReason = plan.reserveReason
        uncoveredObjectives = plan.uncoveredObjectives.map { UncoveredJSON(objective: $0.objective, topic: $0.topic.isEmpty ? nil : $0.topic, advice: $0.advice) }
        cashOutForecast = CashOutSchedule(forecasting: plan).months.map(CashOutMonthJSON.init)
    }
}

/// One month of a cash-out schedule: its total and each agent's part, minor units.
struct CashOutMonthJSON: Encodable {
    var month: Int
    var totalCents: Int64
    var byAgent: [String: Int64]

    enum CodingKeys: String, CodingKey {
        case month, totalCents = "total_cents", byAgent = "by_agent"
    }

    init(_ month: CashOutSchedule.Month) {
        self.month = month.index + 1
        totalCents = month.totalCents
        byAgent = Dictionary(uniqueKeysWithValues: month.byAgent.map { ($0.key.machineName, $0.value) })
    }
}
