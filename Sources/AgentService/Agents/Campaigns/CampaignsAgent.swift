public import CEOAPI
import Foundation
import CEODomain

/// Campaigns: a channel mix with the media budget split, KPIs and targets (clicks,
/// leads, cost per lead, CAC) from cited benchmarks, and a launch sequence on the
/// task's days. Media spend is priced as line items, so the budget guard covers it.
public struct CampaignsAgent: Agent {
    private let reference: ReferenceData
    /// A marketer's billable hour: the US rate until ``plan(for:)`` prices the agent for a company.
    private var specialistHour: ReferenceData.Figure
    private let benchmarks: AdBenchmarks
    private let states: StateFilingFees

    public init(reference: ReferenceData) throws {
        self.reference = reference
        specialistHour = try reference.laborRate("marketing_specialist_hour")
        benchmarks = reference.adBenchmarks
        states = reference.stateFilingFees
        for profile in IndustryProfiles.standard.all {
            for channel in ChannelMix.channels(for: profile, city: "") {
                if let id = channel.benchmarkId { _ = try benchmarks.figures(id, category: profile.playbook.adCategory) }
            }
        }
    }

    /// Hours for strategy, targeting and campaign setup (essential).
    static let strategyHours: Int32 = 4
    /// The least media budget worth spending across the channels (US cents; converted for other currencies).
    static let minimumMediaCents: Int64 = 15_000
    /// Support work (creative, launch plan, reporting) takes at most this share of the budget.
    static let supportShare = 0.4

    public var info: AgentInfo {
        .describing(
            .campaigns,
            capabilities: [
                ("channel_mix", "Channels that suit the business, with the media budget split between them"),
                ("kpis", "Clicks, leads, cost per lead and CAC targets from cited benchmarks"),
                ("launch_sequence", "Pre-launch, launch and optimisation phases on the task's days"),
                ("creative", "Ad copy and creative briefs"),
                ("reporting", "Weekly reports and budget shifts toward the best CAC"),
            ],
            minimumBudgetCents: Int64(Self.strategyHours) * specialistHour.unitCostCents + Self.minimumMediaCents
        )
    }

    /// What language the ads must be in where it is not English, or nil.
    static func adLanguage(_ location: CompanyLocation) -> String? {
        switch (location.countryCode, location.subdivisionCode) {
        case ("DE", _): "These are English drafts: the ads run in German, so have them written in German, not translated word for word."
        case ("FR", _): "These are English drafts: ads in France must be in French (Loi Toubon), so have them written in French."
        case ("CA", "QC"): "These are English drafts: in Quebec, commercial advertising must be in French (Charter of the French Language), so write the French version first."
        default: nil
        }
    }

    /// Each numeric goal of the objectives (customers, leads) against the paid channels'
    /// forecast, with what closing a gap would take at the blended cost.
    static func goalCheck(objectives: [String], leads: Double, customers: Double, cac: Int64, cpl: Int64, money: (Int64) -> String)
        -> (lines: [String], attributes: [String: String]) {
        var lines: [String] = []
        var attributes: [String: String] = [:]
        for goal in objectives.flatMap({ ObjectiveVocabulary.standard.goals(in: $0) }) {
            let (forecast, unitCost): (Double, Int64)
            switch goal.kind {
            case "customers": (forecast, unitCost) = (customers, cac)
            case "leads": (forecast, unitCost) = (leads, cpl)
            default:
                lines.append("- “\(goal.text)”: \(goal.value) \(goal.kind) is not forecast by this plan (no benchmark for it); track it weekly.")
                continue
            }
            let expected = Int(forecast.rounded())
            attributes["goal_\(goal.kind)"] = String(goal.value)
            if Double(goal.value) <= forecast {
                lines.append("- “\(goal.text)”: the forecast is about \(expected) \(goal.kind), at or above the goal of \(goal.value).")
            } else if unitCost > 0 {
                let more = Int64((Double(goal.value) - forecast) * Double(unitCost))
                attributes["goal_gap_\(goal.kind)"] = String(goal.value - expected)
                lines.append("- “\(goal.text)”: the forecast is about \(expected) \(goal.kind), short of \(goal.value). Closing the gap on paid channels alone takes about \(money(more)) more media at \(money(unitCost)) each; referrals, partners and a better close rate cost less.")
            } else {
                attributes["goal_gap_\(goal.kind)"] = String(goal.value - expected)
                lines.append("- “\(goal.text)”: the paid channels of this plan forecast about \(expected) \(goal.kind), short of \(goal.value); the rest has to come from referrals, partners and outreach.")
            }
        }
        return (lines, attributes)
    }

    public func plan(for brief: AgentBrief) throws -> [PlannedDeliverable] {
        let location = CompanyLocation(brief.company, states: states)
        let pricing = LocalPricing(brief.company, location: location, reference: reference)
        var agent = self
        agent.specialistHour = try pricing.hour("marketing_specialist_hour")
        return agent.playbook(for: brief, location: location, pricing: pricing)
    }

    private func playbook(for brief: AgentBrief, location: CompanyLocation, pricing: LocalPricing) -> [PlannedDeliverable] {
        let company = brief.company
        let name = company.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let profile = IndustryProfile.matching(company.industry)
        let city = location.city
        func money(_ minor: Int64) -> String { pricing.money(minor, whole: true) }
        let minimumMedia = pricing.convert(Self.minimumMediaCents, from: PlanningRates.defaultCurrency)
        let window = TaskWindow(brief)
        let channels = ChannelMix.channels(for: profile, city: city)
        let closeRate = profile.playbook.closeRate
        let rate = specialistHour.unitCostCents

        // Support work joins only while it stays within its share of the budget.
        let strategyCost = Int64(Self.strategyHours) * rate
        let supportLimit = Int64(Double(brief.budgetCents) * Self.supportShare)
        let creativeHours: Int32 = 4, launchHours: Int32 = 2
        let reportWeeks = Int32(min(window.weeks, 12))
        let withRecommended = strategyCost + Int64(creativeHours + launchHours) * rate <= supportLimit
        let withReporting = withRecommended && strategyCost + Int64(creativeHours + launchHours + reportWeeks) * rate <= supportLimit
        let laborCost = strategyCost + (withRecommended ? Int64(creativeHours + launchHours) * rate : 0) + (withReporting ? Int64(reportWeeks) * rate : 0)
        let media = max(minimumMedia, brief.budgetCents - laborCost)

        // Split the media budget by share; the last channel takes the rounding remainder.
        var spends = channels.map { media * Int64($0.share) / 100 }
        spends[spends.count - 1] += media - spends.reduce(0, +)

        var kpiRows: [[String]] = []
        var paidSpend: Int64 = 0
        var paidCustomers = 0.0
        var paidLeads = 0.0
        var items: [LineItem] = []
        var used: [AdBenchmarks.Figures] = []
        for (channel, spend) in zip(channels, spends) {
            if let id = channel.benchmarkId, let benchmark = try? benchmarks.figures(id, category: profile.playbook.adCategory) {
                if !used.contains(where: { $0.channel.id == id }) { used.append(benchmark) }
                let clicks = Double(spend) / Double(pricing.convert(benchmark.costPerClickCents, from: PlanningRates.defaultCurrency))
                let leads = clicks * benchmark.conversionRate
                let customers = leads * closeRate.rate
                paidSpend += spend
                paidLeads += leads
                paidCustomers += customers
                kpiRows.append([channel.name, money(spend), String(Int(clicks.rounded())), String(Int(leads.rounded())),
                                leads > 0 ? money(Int64((Double(spend) / leads).rounded())) : "—",
                                customers >= 0.5 ? money(Int64((Double(spend) / customers).rounded())) : "—"])
                items.append(PlanPricing.item("Media: \(channel.name)", category: "media", quantity: 1, unitCents: spend, billing: "one_time", source: benchmark.citation))
            } else {
                kpiRows.append([channel.name, money(spend), "—", "tracked by code", "—", "—"])
                items.append(PlanPricing.item("Budget: \(channel.name)", category: "media", quantity: 1, unitCents: spend, billing: "one_time",
                                              source: "budget split of this plan (\(channel.share)% of media)"))
            }
        }
        let blendedCAC = paidCustomers > 0 ? Int64((Double(paidSpend) / paidCustomers).rounded()) : 0
        let blendedCPL = paidLeads > 0 ? Int64((Double(paidSpend) / paidLeads).rounded()) : 0

        let mixBody = """
            Media budget **\(money(media))** of the task's \(money(brief.budgetCents)):

            \(PlanPricing.table(["channel", "share", "budget", "role"], zip(channels, spends).map { [$0.name, "\($0.share)%", money($1), $0.role] }, rightAligned: [1, 2]))
            """
        let mix = PlanPricing.deliverable(
            .essential, kind: "channel_mix", title: "Channel mix and budget split", body: mixBody, items: items,
            attributes: Dictionary(uniqueKeysWithValues: zip(channels, spends).map { ("budget: \($0.name)", String($1)) })
                .merging(["media_cents": String(media)]) { first, _ in first }
        )

        let goalCheck = Self.goalCheck(objectives: brief.task.objectives, leads: paidLeads, customers: paidCustomers, cac: blendedCAC, cpl: blendedCPL, money: money)

        let benchmarkText = used.map { figures in
            "\(figures.channel.name) \(pricing.money(pricing.convert(figures.costPerClickCents, from: PlanningRates.defaultCurrency))) a click, "
                + "\(String(format: "%.2f", figures.conversionRate * 100))% of clicks becoming leads"
                + (figures.category.map { " (\($0) advertisers)" } ?? " (all industries: the source has no row for this kind of business)")
        }.joined(separator: "; ")
        let kpiBody = """
            The forecast for \(name) assumes \(Int((closeRate.rate * 100).rounded()))% of leads become customers (\(closeRate.meaning); \(IndustryProfiles.standard.closeRateBasis)) \
            and, per paid channel, \(benchmarkText.isEmpty ? "no paid channel in this mix" : benchmarkText) (sources in the media lines)\
            \(pricing.currency == PlanningRates.defaultCurrency ? "" : "; these are US figures converted to \(pricing.currency) at the planning rate, a first guess for \(location.countryName)").

            \(PlanPricing.table(["channel", "budget", "clicks", "leads", "cost per lead", "CAC"], kpiRows, rightAligned: [1, 2, 3, 4, 5]))

            **Targets:** cost per lead at or below **\(money(blendedCPL))** and CAC at or below **\(money(blendedCAC))** across paid channels; \
            from day \(window.day(at: 0.45) + 14), a channel above \(money(blendedCAC * 3 / 2)) a customer loses its budget to the best one. \(name)'s own numbers replace the benchmarks after the first 100 clicks per channel.
            """ + (goalCheck.lines.isEmpty ? "" : "\n\n**Goals against the forecast:**\n" + goalCheck.lines.joined(separator: "\n"))
        let strategy = PlanPricing.deliverable(
            .essential, kind: "kpis", title: "KPIs and targets", body: kpiBody,
            items: [PlanPricing.labor("Campaign strategy, targeting and setup", hours: Self.strategyHours, rate: specialistHour, category: "marketing_services")],
            attributes: ["target_cac_cents": String(blendedCAC), "target_cpl_cents": String(blendedCPL),
                         "forecast_customers": String(Int(paidCustomers.rounded())), "forecast_leads": String(Int(paidLeads.rounded()))]
                .merging(goalCheck.attributes) { first, _ in first }
        )

        let paid = channels.filter { $0.benchmarkId != nil }.map(\.name)
        let unpaid = channels.filter { $0.benchmarkId == nil }
        let owned = profile.playbook.contentChannels.map(\.name).joined(separator: ", ")
        var plan = [mix, strategy]
        if withRecommended {
            plan.append(PlanPricing.deliverable(
                .recommended, kind: "launch_sequence", title: "Launch sequence",
                body: PlanPricing.table(["days", "phase", "what happens"], [
                    ["\(window.start)–\(window.day(at: 0.3))", "Pre-launch",
                     "Teasers on \(owned) from the content plan; \(unpaid.isEmpty ? "a list of early customers" : unpaid.map { "\($0.name.lowercased()) (\($0.role))" }.joined(separator: "; ")); `\(profile.playbook.keyConversion)` tracked end to end"],
                    ["\(window.day(at: 0.3))–\(window.day(at: 0.45))", "Launch",
                     "Announcement to the list, \(paid.isEmpty ? "no paid channel" : paid.joined(separator: " and ")) switched on, the \(profile.playbook.launchMoment) with a deadline"],
                    ["\(window.day(at: 0.45))–\(window.end)", "Optimise",
                     "Weekly review against the \(money(blendedCAC)) CAC target; budget moves toward the channel with the lowest CAC; new creative every two weeks"],
                ]),
                items: [PlanPricing.labor("Launch plan and coordination", hours: launchHours, rate: specialistHour, category: "marketing_services")]
            ))
            let copy = AdCopy(name: name, city: city, topic: ContentStrategy.topic(of: company.industry), profile: profile,
                              pattern: SitePattern(profile.playbook.sitePattern), formats: reference.adFormats)
            let pillars = profile.playbook.contentPillars.prefix(2).map { $0.filling(city: city, topic: ContentStrategy.topic(of: company.industry)) }
            let language = Self.adLanguage(location)
            plan.append(PlanPricing.deliverable(
                .recommended, kind: "creative", title: "Ad creative",
                body: """
                    First copy for \(name)'s ads, each line within its format's limit:

                    \(copy.markdown)

                    Visual concepts in the brand's palette: “\(pillars.joined(separator: "” and “"))”. Test the \(profile.playbook.launchMoment) against no offer for two weeks, then keep the better one.\(language.map { "\n\n\($0)" } ?? "")
                    """,
                items: [PlanPricing.labor("Ad copy and creative briefs", hours: creativeHours, rate: specialistHour, category: "marketing_services")],
                attributes: Dictionary(uniqueKeysWithValues: copy.fields.map { ($0.format.id, $0.lines.joined(separator: "\n")) })
                    .merging([DeliverableAttribute.cites: copy.limitSources.joined(separator: "\n")]) { first, _ in first }
            ))
        }
        if withReporting {
            plan.append(PlanPricing.deliverable(
                .optional, kind: "reporting", title: "Weekly reporting",
                body: "A one-page report each week for \(reportWeeks) weeks: spend, leads, cost per lead and CAC of \(paid.joined(separator: " and ")) against the \(money(blendedCPL)) and \(money(blendedCAC)) targets, `\(profile.playbook.keyConversion)` counts from analytics, and the budget moved.",
                items: [PlanPricing.pieces("Weekly report", count: reportWeeks, hoursEach: 1, rate: specialistHour, category: "marketing_services")]
            ))
        }
        return plan
    }
}
