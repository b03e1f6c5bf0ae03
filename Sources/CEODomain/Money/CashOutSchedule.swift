public import CEOAPI

/// When a run's money goes out, month by month: each agent's line items placed on the
/// timeline as they are paid. One-time fees and work are paid in the month their task
/// starts; media spend is spread evenly over the task's months; a monthly subscription
/// is paid each month from the task's start for as many months as it counts; a yearly
/// one at the start and every twelve months after. Months are calendar months
/// (365.25 / 12 days) from the run's day 0.
public struct CashOutSchedule: Sendable, Hashable {
    /// One month's payments.
    public struct Month: Sendable, Hashable {
        /// 0-based month of the timeline.
        public let index: Int
        /// Minor units of the company's currency, by agent.
        public var byAgent: [AgentType: Int64]
        public var totalCents: Int64 { byAgent.values.reduce(0, +) }
    }

    public let months: [Month]

    /// The month of `day` on the timeline.
    public static func month(ofDay day: Int32) -> Int { Int((Double(day) / (365.25 / 12)).rounded(.down)) }

    /// The schedule of `tasks`' line items (each task's deliverables) over `plan`'s windows.
    public init(plan: Plan, tasks: [TaskRun]) {
        var amounts: [Int: [AgentType: Int64]] = [:]
        func pay(_ cents: Int64, month: Int, agent: AgentType) {
            guard cents != 0 else { return }
            amounts[month, default: [:]][agent, default: 0] += cents
        }
        for task in tasks {
            guard let planned = plan.tasks.first(where: { $0.id == task.taskID }) else { continue }
            let first = Self.month(ofDay: planned.startDay)
            let last = max(first, Self.month(ofDay: max(planned.startDay, planned.endDay - 1)))
            for item in task.deliverables.flatMap(\.lineItems) {
                switch item.billing {
                case "monthly":
                    for offset in 0..<Int(max(0, item.quantity)) { pay(item.unitCostCents, month: first + offset, agent: task.agent) }
                case "yearly":
                    for offset in 0..<Int(max(0, item.quantity)) { pay(item.unitCostCents, month: first + 12 * offset, agent: task.agent) }
                case _ where item.category == "media":
                    // Ads spend across the task's window, the remainder in its last month.
                    let count = Int64(last - first + 1)
                    let share = item.totalCents / count
                    for month in first...last { pay(share + (month == last ? item.totalCents - share * count : 0), month: month, agent: task.agent) }
                default:
                    pay(item.totalCents, month: first, agent: task.agent)
                }
            }
        }
        let lastMonth = amounts.keys.max() ?? -1
        months = lastMonth < 0 ? [] : (0...lastMonth).map { Month(index: $0, byAgent: amounts[$0] ?? [:]) }
    }

    /// The forecast of `plan` before it runs, from its allocations: a campaign's money
    /// spread over its task's months (media is most of it), every other task's paid in the
    /// month it starts. The run's schedule, from the line items, replaces it.
    public init(forecasting plan: Plan) {
        var amounts: [Int: [AgentType: Int64]] = [:]
        for task in plan.tasks where task.budgetCents > 0 {
            let first = Self.month(ofDay: task.startDay)
            let last = max(first, Self.month(ofDay: max(task.startDay, task.endDay - 1)))
            if task.agent == .campaigns {
                let count = Int64(last - first + 1)
                let share = task.budgetCents / count
                for month in first...last {
                    amounts[month, default: [:]][task.agent, default: 0] += share + (month == last ? task.budgetCents - share * count : 0)
                }
            } else {
                amounts[first, default: [:]][task.agent, default: 0] += task.budgetCents
            }
        }
        let lastMonth = amounts.keys.max() ?? -1
        months = lastMonth < 0 ? [] : (0...lastMonth).map { Month(index: $0, byAgent: amounts[$0] ?? [:]) }
    }

    /// Everything the schedule pays, minor units.
    public var totalCents: Int64 { months.reduce(0) { $0 + $1.totalCents } }
}
