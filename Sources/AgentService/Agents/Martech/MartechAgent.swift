public import CEOAPI
import Foundation
import CEODomain

/// Martech: an email, CRM and analytics stack sized to the budget, priced over the
/// timeline as each vendor bills it, how the pieces connect, a tracking plan and automations.
public struct MartechAgent: Agent {
    private let reference: ReferenceData
    /// A marketer's billable hour: the US rate until ``plan(for:)`` prices the agent for a company.
    private var specialistHour: ReferenceData.Figure
    private let prices: [String: ToolPrice]
    private let states: StateFilingFees

    public init(reference: ReferenceData) throws {
        self.reference = reference
        specialistHour = try reference.laborRate("marketing_specialist_hour")
        let ids = ["mailchimp_free", "mailchimp_essentials_month", "hubspot_free_crm", "hubspot_starter_seat_month",
                   "plausible_starter_month", "cloudflare_web_analytics_free", "google_analytics_free", "google_business_profile"]
        prices = Dictionary(uniqueKeysWithValues: try ids.map { ($0, try reference.toolPrice($0)) })
        states = reference.stateFilingFees
    }

    public var info: AgentInfo {
        .describing(
            .martech,
            capabilities: [
                ("stack", "Email, CRM and analytics tools at a size the budget carries, priced per month over the timeline"),
                ("integration_map", "How forms, CRM, email and analytics connect, and the UTM rules"),
                ("tracking_plan", "The conversion events to track for the kind of business"),
                ("automations", "Welcome and nurture sequences"),
                ("dashboard", "A weekly dashboard of the funnel"),
            ],
            minimumBudgetCents: Int64(MartechTier.lean.setupHours) * specialistHour.unitCostCents
        )
    }

    private func cost(of tools: [MartechTool], months: Int, pricing: LocalPricing) -> Int64 {
        tools.reduce(0) { total, tool in total + (prices[tool.priceId].map { pricing.cost($0, months: months, seats: tool.seats) } ?? 0) }
    }

    /// The largest tier whose tools and setup fit the budget, else the lean one.
    func tier(for brief: AgentBrief, profile: IndustryProfile, location: CompanyLocation, pricing: LocalPricing) -> MartechTier {
        MartechTier.allCases.reversed().first { tier in
            let tools = MartechStack.tools(tier, profile: profile, location: location)
            return cost(of: tools, months: brief.timelineMonths, pricing: pricing) + Int64(tier.setupHours) * specialistHour.unitCostCents <= brief.budgetCents
        } ?? .lean
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
        let tier = tier(for: brief, profile: profile, location: location, pricing: pricing)
        let tools = MartechStack.tools(tier, profile: profile, location: location)
        let months = brief.timelineMonths

        var rows: [[String]] = []
        var items: [LineItem] = []
        for tool in tools {
            guard let price = prices[tool.priceId] else { continue }
            let item = pricing.subscription(price, months: months, seats: tool.seats, category: "software")
            rows.append([tool.role, item.description_p, pricing.money(item.totalCents), tool.why])
            items.append(item)
        }
        let softwareTotal = items.reduce(Int64(0)) { $0 + $1.totalCents }
        items.append(PlanPricing.labor("Stack setup and integration", hours: tier.setupHours, rate: specialistHour, category: "marketing_services"))

        let stack = PlanPricing.deliverable(
            .essential, kind: "stack", title: "Martech stack (\(tier.rawValue))",
            body: """
                Sized for a task budget of \(pricing.money(brief.budgetCents, whole: true)) over \(months) months: **\(pricing.money(softwareTotal))** in software, each tool billed the cheaper way its vendor offers over the timeline.

                \(PlanPricing.table(["role", "tool, plan and billing", "\(months) months", "why"], rows, rightAligned: [2]))

                Grow into the next size when the email list passes the plan's contact limit or more than two people work the pipeline.
                """,
            items: items,
            attributes: ["tier": tier.rawValue, "software_cents": String(softwareTotal), "tools": tools.map(\.priceId).joined(separator: ",")]
        )

        let email = tier == .scale ? "HubSpot marketing email" : "Mailchimp"
        let analyticsTool = MartechStack.analytics(tier, privacyFirst: MartechStack.privacyFirst(profile: profile, location: location))
        // The product's name: its price's description up to the plan details.
        let analytics = prices[analyticsTool.priceId].map { String($0.description.prefix { $0 != "(" && $0 != "," }).trimmingCharacters(in: .whitespaces) } ?? "analytics"
        let crm = tier == .scale ? "HubSpot (one platform)" : "the HubSpot CRM"
        let integration = PlanPricing.deliverable(
            .essential, kind: "integration_map", title: "How the pieces connect",
            body: """
                1. **Website forms → CRM:** every form on \(name)'s site creates or updates a contact in \(crm), with the page and the UTM source stored on it.
                2. **CRM → \(email):** contacts who opted in join the list; the consent text and timestamp are kept on the contact.
                3. **Website → \(analytics):** page views plus the conversion events of the tracking plan; no names, emails or \(profile.playbook.neverInAnalytics) are ever sent to analytics.
                4. **Campaign links → everything:** every link in ads, emails and social posts carries `utm_source`, `utm_medium` and `utm_campaign` (lower-case, hyphens), so the CRM and analytics agree on where customers came from.
                5. **Weekly:** leads by source in the CRM are compared with conversions in analytics; a gap means a form or tag is broken.
                """,
            items: []
        )

        let events = MartechStack.events(for: profile)
        let tracking = PlanPricing.deliverable(
            .recommended, kind: "tracking_plan", title: "Tracking plan",
            body: PlanPricing.table(["event", "fires when"], events.map { ["`\($0.event)`", $0.when] })
                + "\n\nMark `\(MartechStack.keyConversion(for: profile))` as the key conversion; review the events in the first week after launch.",
            items: [PlanPricing.labor("Event tracking setup and QA", hours: 2, rate: specialistHour, category: "marketing_services")],
            attributes: ["events": events.map(\.event).joined(separator: ","), "key_conversion": MartechStack.keyConversion(for: profile)]
        )

        let automations = PlanPricing.deliverable(
            .recommended, kind: "automations", title: "Email automations",
            body: """
                - **Welcome series** (3 emails over 7 days): who \(name) is, the most useful resource, a first offer or call to action.
                - **\(profile.playbook.nurture.title)** (\(profile.playbook.nurture.detail)).
                - **Internal alert:** a new lead or booking notifies the owner in the CRM within minutes.
                """,
            items: [PlanPricing.labor("Automation copy and setup", hours: 4, rate: specialistHour, category: "marketing_services")]
        )

        let dashboard = PlanPricing.deliverable(
            .optional, kind: "dashboard", title: "Weekly funnel dashboard",
            body: "Visitors → leads → customers by source, list growth and unsubscribe rate, and cost per lead against the campaigns agent's targets, refreshed weekly.",
            items: [PlanPricing.labor("Dashboard build", hours: 3, rate: specialistHour, category: "marketing_services")]
        )

        return [stack, integration, tracking, automations, dashboard]
    }
}
