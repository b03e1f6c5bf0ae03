public import CEOAPI

/// When a run's money goes out, month by month: each agent's line items placed on the
/// timeline as they are paid. One-time fees and work are paid in the month their task
/// starts; media spend is spread over the task's days, each month paying for the days of
/// the task that fall in it (a task that starts on a month's last day puts a day's media
/// there, not a month's); a monthly subscription
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
            for item in task.deliverables.flatMap(\.lineItems) {
                switch item.billing {
                case "monthly":
                    for offset in 0..<Int(max(0, item.quantity)) { pay(item.unitCostCents, month: first + offset, agent: task.agent) }
                case "yearly":
                    for offset in 0..<Int(max(0, item.quantity)) { pay(item.unitCostCents, month: first + 12 * offset, agent: task.agent) }
                case _ where item.category == "media":
                    for part in Self.spread(item.totalCents, fromDay: planned.startDay, toDay: planned.endDay) {
                        pay(part.cents, month: part.month, agent: task.agent)
                    }
                default:
                    pay(item.totalCents, month: first, agent: task.agent)
                }
            }
        }
        let lastMonth = amounts.keys.max() ?? -1
        months = lastMonth < 0 ? [] : (0...lastMonth).map { Month(index: $0, byAgent: amounts[$0] ?? [:]) }
    }

    /// The forecast of `plan` before it runs, from its allocations: a campaign's money
    /// spread over its task's days as media is (media is most of it), every other task's
    /// paid in the month it starts. The run's schedule, from the line items, replaces it.
    public init(forecasting plan: Plan) {
        var amounts: [Int: [AgentType: Int64]] = [:]
        for task in plan.tasks where task.budgetCents > 0 {
            if task.agent == .campaigns {
                for part in Self.spread(task.budgetCents, fromDay: task.startDay, toDay: task.endDay) {
                    amounts[part.month, default: [:]][task.agent, default: 0] += part.cents
                }
            } else {
                amounts[Self.month(ofDay: task.startDay), default: [:]][task.agent, default: 0] += task.budgetCents
            }
        }
        let lastMonth = amounts.keys.max() ?? -1
        months = lastMonth < 0 ? [] : (0...lastMonth).map { Month(index: $0, byAgent: amounts[$0] ?? [:]) }
    }

    /// `cents` spread over the days from `start` up to (not including) `end`: each month
    /// gets the share of the days that fall in it, rounded down where the running total
    /// crosses into the next month, so that the parts add up to `cents` exactly. A window
    /// of no days pays it all in the month of `start`. Months with no share are left out.
    public static func spread(_ cents: Int64, fromDay start: Int32, toDay end: Int32) -> [(month: Int, cents: Int64)] {
        let days = Int64(end) - Int64(start)
        guard days > 0 else { return [(month(ofDay: start), cents)] }
        var parts: [(month: Int, cents: Int64)] = []
        var paid: Int64 = 0
        var day = start
        while day < end {
            let current = month(ofDay: day)
            var next = day + 1
            while next < end, month(ofDay: next) == current { next += 1 }
            // The running total at the end of this month's days, as a share of all the days.
            let due = next == end ? cents : cents * (Int64(next) - Int64(start)) / days
            if due != paid { parts.append((current, due - paid)) }
            paid = due
            day = next
        }
        return parts
    }

    /// Everything the schedule pays, minor units.
    public var totalCents: Int64 { months.reduce(0) { $0 + $1.totalCents } }
}
