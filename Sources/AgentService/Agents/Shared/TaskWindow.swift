import CEOAPI

/// Day arithmetic within a task's window on the company timeline.
struct TaskWindow {
    let start: Int
    let end: Int

    init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    init(_ brief: AgentBrief) {
        self.init(start: Int(brief.task.startDay), end: Int(brief.task.endDay))
    }

    /// The day a `fraction` of the way through the window.
    func day(at fraction: Double) -> Int { start + Int((Double(end - start) * fraction).rounded()) }

    /// Days in the window (at least one).
    var days: Int { max(1, end - start) }

    /// Whole weeks the window spans (at least one).
    var weeks: Int { (days + 6) / 7 }
}

extension AgentBrief {
    /// Months of the company's timeline, counted up to the whole month (at least one): how
    /// long subscriptions are priced for and which obligations fall due. A month is the
    /// calendar's average (365.25 / 12 days), so 365 days are 12 months and 90 days 3.
    var timelineMonths: Int { max(1, Int((Double(company.timelineDays) / (365.25 / 12)).rounded(.up))) }
}
