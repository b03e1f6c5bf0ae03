public import CEOAPI
import Foundation
import CEODomain

/// Content: pillar topics and keyword seeds from the industry and objectives, a
/// content calendar of weeks × channels across the task's window, and production
/// sized to the budget.
public struct ContentAgent: Agent {
    private let reference: ReferenceData
    /// A writer's billable hour: the US rate until ``plan(for:)`` prices the agent for a company.
    private var writerHour: ReferenceData.Figure
    private let states: StateFilingFees

    public init(reference: ReferenceData) throws {
        self.reference = reference
        writerHour = try reference.laborRate("writer_hour")
        states = reference.stateFilingFees
    }

    public var info: AgentInfo {
        .describing(
            .content,
            capabilities: [
                ("pillars", "Four to six pillar topics from the industry and the founder's objectives"),
                ("keywords", "Keyword seeds for search, local or product-led by the kind of business"),
                ("calendar", "A week-by-week calendar across the channels that suit the business"),
                ("production", "Articles, posts and newsletters written, as many as the budget carries"),
            ],
            minimumBudgetCents: Self.planningHours * writerHour.unitCostCents
        )
    }

    /// Writer hours for the strategy and the calendar (the essentials).
    static let planningHours: Int64 = 4

    /// The most weeks the calendar table lists; longer windows repeat the pattern.
    static let calendarWeeksShown = 52

    public func plan(for brief: AgentBrief) throws -> [PlannedDeliverable] {
        var agent = self
        agent.writerHour = try LocalPricing(for: brief, reference: reference).hour("writer_hour")
        return agent.playbook(for: brief)
    }

    private func playbook(for brief: AgentBrief) -> [PlannedDeliverable] {
        let company = brief.company
        let name = company.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let profile = IndustryProfile.matching(company.industry)
        let city = CompanyLocation(company, states: states).city
        let window = TaskWindow(brief)
        let topic = ContentStrategy.topic(of: company.industry)
        let objectives = brief.task.objectives
        let pillars = ContentStrategy.pillars(profile: profile, topic: topic, city: city, objectives: objectives)
        let seeds = ContentStrategy.keywordSeeds(
            profile: profile, topic: topic, city: city, objectiveTerms: ContentStrategy.objectiveTerms(objectives, excluding: topic)
        )
        let channels = ContentChannel.channels(for: profile)
        let weeks = window.weeks

        // Production is sized to what the budget leaves after planning, shared equally by the channels.
        let planningCost = Self.planningHours * writerHour.unitCostCents
        let share = max(0, brief.budgetCents - planningCost) / Int64(channels.count)
        let produced = channels.map { channel in
            min(channel.pieces(weeks: weeks), Int(share / (Int64(channel.hoursEach) * writerHour.unitCostCents)))
        }

        let strategy = PlanPricing.deliverable(
            .essential, kind: "pillars_keywords", title: "Content pillars and keyword seeds",
            body: """
                **Pillars** for \(name) (\(company.industry), \(city)):
                \(pillars.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n"))

                **Keyword seeds** (check volumes and difficulty in a keyword tool before writing):
                \(seeds.map { "- \($0)" }.joined(separator: "\n"))

                Voice: \(profile.personality.joined(separator: ", ")). Every piece ends with one call to action that the martech agent's tracking plan can measure.
                """,
            items: [PlanPricing.labor("Content strategy: pillars and keyword research", hours: 2, rate: writerHour, category: "content")],
            attributes: ["pillars": String(pillars.count), "keywords": seeds.joined(separator: "; ")]
        )

        let calendar = PlanPricing.deliverable(
            .essential, kind: "calendar", title: "Content calendar, \(weeks) weeks",
            body: calendarBody(channels: channels, produced: produced, pillars: pillars, weeks: weeks, window: window),
            items: [PlanPricing.labor("Editorial calendar", hours: 2, rate: writerHour, category: "content")],
            attributes: ["weeks": String(weeks), "channels": channels.map(\.name).joined(separator: ",")]
        )

        var calendarDeliverable = calendar
        let goals = Self.goalCheck(objectives: objectives, pieces: produced.reduce(0, +), weeks: weeks)
        if !goals.isEmpty { calendarDeliverable.deliverable.bodyMarkdown += "\n\n**Goals this calendar serves:**\n" + goals.joined(separator: "\n") }
        var plan = [strategy, calendarDeliverable]
        var briefIndex = 0
        for (channel, count) in zip(channels, produced) where count > 0 {
            let full = channel.pieces(weeks: weeks)
            // The first pieces as briefs: a pillar and the search phrase it targets, different for each channel.
            let briefs = (0..<min(3, count)).map { offset -> String in
                defer { briefIndex += 1 }
                return "\(offset + 1). \(pillars[briefIndex % pillars.count]) — for “\(seeds[briefIndex % max(1, seeds.count)])”"
            }
            plan.append(PlanPricing.deliverable(
                .recommended, kind: "production", title: "\(channel.name): \(count) \(channel.format)\(count == 1 ? "" : "s")",
                body: """
                    \(count) \(channel.format)\(count == 1 ? "" : "s") on \(channel.name)\(count < full ? " (of the \(full) in the calendar; the budget carries \(count), so they go out in calendar order and the rest stay a backlog)" : ""). The first:
                    \(briefs.joined(separator: "\n"))

                    Each ends with “\(SitePattern(profile.playbook.sitePattern).action)” and a tracked link for `\(profile.playbook.keyConversion)`.
                    """,
                items: [PlanPricing.pieces("\(channel.name) \(channel.format)s", count: Int32(count), hoursEach: channel.hoursEach, rate: writerHour, category: "content")],
                attributes: ["channel": channel.name, "pieces": String(count)]
            ))
        }
        return plan
    }

    /// The content goals of the objectives (followers) against what the calendar publishes:
    /// no published benchmark forecasts an audience's growth from posts, so each goal is
    /// turned into the rate it needs per piece, to be tracked weekly.
    static func goalCheck(objectives: [String], pieces: Int, weeks: Int) -> [String] {
        objectives.flatMap { ObjectiveVocabulary.standard.goals(in: $0) }.filter { $0.kind == "followers" }.map { goal in
            guard pieces > 0 else { return "- “\(goal.text)”: the budget carries no published piece, so the goal rests on the founder's own posts." }
            let perPiece = (Double(goal.value) / Double(pieces)).rounded(.up)
            return "- “\(goal.text)”: \(pieces) pieces over \(weeks) weeks means about \(Int(perPiece)) new followers for each piece. "
                + "No published benchmark forecasts this for a new account: count followers each week from week 2, and move effort to the channel that grows fastest."
        }
    }

    private func calendarBody(channels: [ContentChannel], produced: [Int], pillars: [String], weeks: Int, window: TaskWindow) -> String {
        var used = Array(repeating: 0, count: channels.count)
        var pillarIndex = 0
        var rows: [[String]] = []
        for week in 0..<min(weeks, Self.calendarWeeksShown) {
            var row = ["\(week + 1) (day \(window.start + week * 7))"]
            for (index, channel) in channels.enumerated() {
                var cell: [String] = []
                for _ in 0..<channel.pieces(inWeek: week) {
                    let pillar = pillars[pillarIndex % pillars.count]
                    pillarIndex += 1
                    cell.append(used[index] < produced[index] ? pillar : "(backlog) \(pillar)")
                    used[index] += 1
                }
                row.append(cell.isEmpty ? "—" : cell.joined(separator: "; "))
            }
            rows.append(row)
        }
        var body = PlanPricing.table(["week"] + channels.map(\.name), rows)
        if weeks > Self.calendarWeeksShown {
            body += "\n\nWeeks \(Self.calendarWeeksShown + 1)–\(weeks) repeat the pattern, rotating the pillars."
        }
        let cadence = channels.map { "\($0.name): \($0.perFourWeeks) \($0.format)s every 4 weeks" }.joined(separator: "; ")
        body += "\n\nCadence — \(cadence)."
        if zip(produced, channels).contains(where: { count, channel in count < channel.pieces(weeks: weeks) }) {
            body += " Entries marked (backlog) are planned but not within this task's budget."
        }
        return body
    }
}
