import CEOAPI
import CEODomain
import Foundation

/// A run as one Markdown document — the plan (objectives covered and not, warnings,
/// phases, tasks and why each starts when it does, allocations and the reserve with its
/// reason) and then each agent's outcome (status, failure reason, work left out for
/// budget) and deliverables, the standard checklists they rely on (once, as an
/// appendix) and the numbered sources of every line item: `GET /api/orchestrations/{id}/export`, used by the web app's
/// download and the CLI's `export`.
enum RunMarkdown {

    /// The document; `spend` is the owner's section (``SpendReport/markdown(_:ledger:approvals:)``),
    /// placed after the agents' work.
    static func document(_ job: Job, spend: [String] = []) -> String {
        let plan = job.plan
        let company = plan.company
        let money = { (minor: Int64) in company.money(minor) }
        let titles = Dictionary(plan.tasks.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        let place = company.placeName
        var lines = [
            "# \(company.name) — plan and deliverables",
            "",
            "- Industry: \(company.industry)",
            "- Location: \(company.location)\(place.isEmpty ? "" : " (read as \(place))")",
            "- Budget: \(money(job.budget.totalCents)) over \(company.timelineDays) days; spent \(money(job.budget.spentCents)) (every amount in \(company.moneyCurrency))",
            "- Status: \(job.status.apiName); started \(timestamp(job.createdAtUnixMs))\(job.finishedAtUnixMs > 0 ? "; ended \(timestamp(job.finishedAtUnixMs))" : "")",
            "- Run: \(job.id)",
            "",
        ]
        if let rate = PlanningRates.standard.statement(for: company.moneyCurrency) {
            lines += ["Figures published in another currency are converted once, at the planning rate. \(rate) Re-price at the day's rate before paying.", ""]
        }
        lines += planSection(job, money: money)
        var sources: [String] = []
        var appendix: [String] = []
        /// The number of `source` in the export's list of sources, added on first use.
        func reference(_ source: String) -> String {
            if let index = sources.firstIndex(of: source) { return "[\(index + 1)]" }
            sources.append(source)
            return "[\(sources.count)]"
        }
        for task in job.tasks {
            let planned = plan.tasks.first { $0.id == task.taskID }
            lines += ["## \(task.agent.shortTitle): \(titles[task.taskID] ?? "")", ""]
            var outcome = "Status: \(task.status.apiName); budget used \(money(task.budgetUsedCents)) of \(money(task.budgetAllocatedCents))"
            if let planned { outcome += "; days \(planned.startDay)–\(planned.endDay)" }
            lines += [outcome + ".", ""]
            if !task.reason.isEmpty { lines += ["Why: \(task.reason)", ""] }
            if !task.notes.isEmpty { lines += ["Notes from the agent:"] + task.notes.map { "- \($0)" } + [""] }
            for deliverable in task.deliverables {
                lines += ["### \(deliverable.title)", "", deliverable.bodyMarkdown, ""]
                if let key = deliverable.attributes[StandardChecklists.attribute], !appendix.contains(key) { appendix.append(key) }
                if let cited = deliverable.attributes[DeliverableAttribute.cites], !cited.isEmpty {
                    lines += ["Sources of the figures above: " + cited.split(separator: "\n").map { reference(String($0)) }.joined(separator: ", ") + ".", ""]
                }
                guard !deliverable.lineItems.isEmpty else { continue }
                lines += ["| Item | Qty | Unit | Total | Source |", "|---|---:|---:|---:|---|"]
                for item in deliverable.lineItems {
                    lines.append("| \(cell(item.description_p)) | \(item.quantity) | \(money(item.unitCostCents)) | \(money(item.totalCents)) | \(reference(item.source)) |")
                }
                lines.append("")
            }
        }
        lines += spend
        let checklists = appendix.compactMap { StandardChecklists.standard.checklist($0) }
        if !checklists.isEmpty {
            lines += ["## Appendix: standard checklists", "", "The same for every company; the plan's own checks are in its deliverables.", ""]
            for checklist in checklists { lines += ["### \(checklist.title)", "", checklist.markdown, ""] }
        }
        if !sources.isEmpty {
            lines += ["## Sources", "", "Where each figure in the line items comes from, with its date; the tables cite them by number.", ""]
            lines += sources.enumerated().map { "\($0.offset + 1). \($0.element)" } + [""]
        }
        return lines.joined(separator: "\n")
    }

    /// The plan itself: objectives, what is not covered, warnings, the timeline, the money.
    private static func planSection(_ job: Job, money: (Int64) -> String) -> [String] {
        let plan = job.plan
        var lines = ["## The plan", "", "### Objectives", ""]
        for (index, objective) in plan.objectives.enumerated() {
            let agents = plan.tasks.filter { $0.objectiveIndexes.contains(Int32(index)) }.map(\.agent.shortTitle)
            let leftOut = plan.uncoveredObjectives.filter { $0.leftOutAgent != .unspecified && $0.objectiveIndexes.contains(Int32(index)) }
                .map(\.leftOutAgent.shortTitle)
            var who = agents
            if !leftOut.isEmpty { who.append("\(leftOut.joined(separator: ", ")) left out for budget") }
            // Work this objective names that its task's budget left out ("Get a logo": the logo design).
            for task in job.tasks where plan.tasks.first(where: { $0.id == task.taskID })?.objectiveIndexes.contains(Int32(index)) == true {
                for work in task.leftOut where work.namedByObjectives && NamedWork.isNamed(title: work.title, kind: work.kind, by: objective) {
                    who.append("\(work.title) left out for budget (\(money(work.costCents)))")
                }
            }
            lines.append("\(index + 1). \(objective) — \(who.isEmpty ? "not covered by the agents" : who.joined(separator: "; "))")
        }
        lines.append("")
        if !plan.uncoveredObjectives.isEmpty {
            lines += ["### Not covered by the agents", ""]
            lines += plan.uncoveredObjectives.map { "- **\($0.objective)**\($0.topic.isEmpty ? "" : " (\($0.topic))"): \($0.advice)" }
            lines.append("")
        }
        if !plan.warnings.isEmpty {
            lines += ["### Warnings", ""] + plan.warnings.map { "- \($0)" } + [""]
        }
        lines += ["### Phases and tasks", "", "| phase | days | agent | task | budget | why it starts then |", "|---|---|---|---|---:|---|"]
        for task in plan.tasks.sorted(by: { ($0.phase, $0.startDay) < ($1.phase, $1.startDay) }) {
            let phase = plan.phases.first { $0.index == task.phase }?.name ?? "Phase \(task.phase + 1)"
            lines.append("| \(cell(phase)) | \(task.startDay)–\(task.endDay) | \(task.agent.shortTitle) | \(cell(task.title)) | \(money(task.budgetCents)) | \(cell(task.startReason)) |")
        }
        lines += ["", "### Budget", "", "| line | allocated | used |", "|---|---:|---:|"]
        for allocation in plan.allocations {
            let used = job.tasks.filter { $0.agent == allocation.agent }.reduce(Int64(0)) { $0 + $1.budgetUsedCents }
            lines.append("| \(allocation.agent.shortTitle) | \(money(allocation.budgetCents)) | \(money(used)) |")
        }
        lines.append("| Reserve (\(plan.reservePercent)%) | \(money(plan.reserveCents)) | — |")
        lines.append("| **Total** | **\(money(plan.totalBudgetCents))** | **\(money(job.budget.spentCents))** |")
        lines.append("")
        if !plan.reserveReason.isEmpty { lines += ["Reserve: \(plan.reserveReason)", ""] }
        lines += cashOut(job, money: money)
        let replan = ReplanProposal(job: job)
        if replan.availableCents > 0 {
            lines += ["### What the unspent money could do", "", replan.summary, ""]
            if !replan.offers.isEmpty {
                lines += ["| agent | objective | amount | what it buys |", "|---|---|---:|---|"]
                lines += replan.offers.map { "| \($0.agent.shortTitle) | \(cell($0.objective)) | \(money($0.amountCents)) | \(cell($0.effect)) |" }
                lines.append("")
            }
        }
        return lines
    }

    /// The month-by-month cash-out of the line items delivered so far, by agent.
    private static func cashOut(_ job: Job, money: (Int64) -> String) -> [String] {
        let schedule = CashOutSchedule(plan: job.plan, tasks: job.tasks)
        guard !schedule.months.isEmpty else { return [] }
        let agents = AgentType.productOrder.filter { agent in schedule.months.contains { $0.byAgent[agent] != nil } }
        var lines = [
            "### Cash out by month", "",
            cashOutSummary(schedule, money: money), "",
            "| month | " + agents.map(\.shortTitle).joined(separator: " | ") + " | total |",
            "|---|" + agents.map { _ in "---:" }.joined(separator: "|") + "|---:|",
        ]
        for month in schedule.months {
            let cells = agents.map { month.byAgent[$0].map(money) ?? "—" }
            lines.append("| \(month.index + 1) | " + cells.joined(separator: " | ") + " | \(money(month.totalCents)) |")
        }
        lines += ["", ""]
        return lines
    }

    /// The busiest month and what it carries, then how the rest is paid.
    private static func cashOutSummary(_ schedule: CashOutSchedule, money: (Int64) -> String) -> String {
        guard let peak = schedule.months.max(by: { $0.totalCents < $1.totalCents }) else { return "" }
        let leading = peak.byAgent.max { $0.value < $1.value }
        return "Month \(peak.index + 1) is the heaviest at \(money(peak.totalCents))"
            + (leading.map { ", \(money($0.value)) of it for \($0.key.shortTitle.lowercased())" } ?? "")
            + ". One-time work and fees are paid in the month their task starts, media month by month for the days of its task in each, subscriptions as billed."
    }

    /// `casa-lumbre-0b1c2d3e.md`
    static func fileName(_ job: Job) -> String {
        let slug = job.plan.company.name.lowercased().unicodeScalars
            .map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-" }
            .reduce(into: "") { result, character in
                if character != "-" || (result.last != "-" && !result.isEmpty) { result.append(character) }
            }
            .trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return "\(slug.isEmpty ? "run" : String(slug.prefix(60)))-\(job.id.prefix(8)).md"
    }

    /// Text for a Markdown table cell (pipes escaped, one line).
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// An instant as ISO 8601.
    static func timestamp(_ unixMilliseconds: Int64) -> String {
        Date(timeIntervalSince1970: Double(unixMilliseconds) / 1000).formatted(.iso8601)
    }
}
