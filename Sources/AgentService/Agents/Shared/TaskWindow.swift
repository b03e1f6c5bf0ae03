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
    /// Whole months of the company's timeline (at least one): how long subscriptions are priced for.
    var timelineMonths: Int { max(1, (Int(company.timelineDays) + 29) / 30) }
}
