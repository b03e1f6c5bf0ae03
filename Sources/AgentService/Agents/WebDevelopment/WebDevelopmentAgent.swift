public import CEOAPI
import Foundation
import CEODomain

/// Web development: a sitemap for the kind of business, a stack chosen by the task's
/// budget (static site, CMS, shop or custom), domain and hosting costs over the
/// timeline, an accessibility and performance checklist, and milestones.
public struct WebDevelopmentAgent: Agent {
    private let reference: ReferenceData
    /// A developer's billable hour: the US rate until ``plan(for:)`` prices the agent for a company.
    private var developerHour: ReferenceData.Figure
    /// The company's currency and country: the US until ``plan(for:)`` prices the agent.
    private var pricing: LocalPricing
    private let domain: ToolPrice
    private let hosting: [WebStack: [ToolPrice]]

    public init(reference: ReferenceData) throws {
        self.reference = reference
        developerHour = try reference.laborRate("web_developer_hour")
        pricing = .unitedStates(reference: reference)
        domain = try reference.toolPrice("domain_com_year")
        var hosting: [WebStack: [ToolPrice]] = [:]
        for stack in WebStack.allCases { hosting[stack] = try stack.hostingPriceIds.map(reference.toolPrice) }
        self.hosting = hosting
    }

    public var info: AgentInfo {
        .describing(
            .webDevelopment,
            capabilities: [
                ("sitemap", "The pages the business needs, with the purpose of each"),
                ("stack_selection", "Static site, CMS, online shop or custom application, chosen by the budget and the business"),
                ("hosting_costs", "Domain and hosting priced over the company's timeline from cited list prices"),
                ("build", "Design and build, priced in developer hours"),
                ("accessibility_performance", "A WCAG 2.2 AA and Core Web Vitals checklist, tested before launch"),
                ("milestones", "Milestones placed on the task's days"),
            ],
            minimumBudgetCents: essentialsCost(.staticSite, months: 1)
        )
    }

    /// The essentials of `stack`: architecture and build hours, the domain and hosting for `months`.
    private func essentialsCost(_ stack: WebStack, months: Int) -> Int64 {
        let hours = stack.hours
        let hostingCost = (hosting[stack] ?? []).reduce(0) { $0 + pricing.cost($1, months: months) }
        return Int64(hours.architecture + hours.build) * developerHour.unitCostCents + pricing.cost(domain, months: months) + hostingCost
    }

    /// The most capable stack this business wants whose essentials fit the budget, else the cheapest.
    func stack(for brief: AgentBrief, profile: IndustryProfile) -> WebStack {
        let preferences = WebStack.preferences(for: profile, objectives: brief.task.objectives)
        return preferences.first { essentialsCost($0, months: brief.timelineMonths) <= brief.budgetCents } ?? .staticSite
    }

    public func plan(for brief: AgentBrief) throws -> [PlannedDeliverable] {
        var agent = self
        agent.pricing = LocalPricing(for: brief, reference: reference)
        agent.developerHour = try agent.pricing.hour("web_developer_hour")
        return agent.playbook(for: brief)
    }

    private func playbook(for brief: AgentBrief) -> [PlannedDeliverable] {
        let company = brief.company
        let name = company.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let profile = IndustryProfile.matching(company.industry)
        let stack = stack(for: brief, profile: profile)
        let months = brief.timelineMonths
        let window = TaskWindow(brief)
        let city = CompanyLocation(brief.company, states: reference.stateFilingFees).city
        let pages = Sitemaps.pages(for: profile, city: city)
        let slug = name.lowercased().filter { $0.isLetter || $0.isNumber }

        let sitemap = PlanPricing.deliverable(
            .essential, kind: "sitemap", title: "Sitemap",
            body: pages.enumerated().map { "\($0.offset + 1). **\($0.element.page)** — \($0.element.purpose)" }.joined(separator: "\n"),
            items: [PlanPricing.labor("Information architecture and wireframes", hours: stack.hours.architecture, rate: developerHour, category: "development")],
            attributes: ["pages": String(pages.count)]
        )

        var domainItem = pricing.subscription(domain, months: months, category: "domain")
        domainItem.description_p = "\(domain.description): \(slug).com, \(domain.subscription(months: months).terms)"
        let hostingItems = (hosting[stack] ?? []).map { pricing.subscription($0, months: months, category: "hosting") }
        let stackBody = """
            **\(stack.label):** \(stack.technology).

            Why: \(stack.why). Of the stacks that suit a \(company.industry.lowercased()), it is the most capable whose essentials fit the task's \(pricing.money(brief.budgetCents, whole: true)).

            \(PlanPricing.table(["item and billing", "\(months) months"], ([domainItem] + hostingItems).map { [$0.description_p, pricing.money($0.totalCents)] }, rightAligned: [1]))

            Domain: **\(slug).com** (or the closest free name), at cost, auto-renewing and locked at the registrar.
            """
        let stackDeliverable = PlanPricing.deliverable(
            .essential, kind: "stack", title: "Stack: \(stack.label)", body: stackBody,
            items: [domainItem] + hostingItems,
            attributes: ["stack": stack.rawValue, "domain": "\(slug).com"]
        )

        // An online shop is bought through its checkout, whatever the industry's usual flow.
        let pattern = SitePattern(stack == .commerce ? "checkout" : profile.playbook.sitePattern)
        let specific = pages.dropFirst().prefix(profile.playbook.pages.count).map { "**\($0.page)**" }
        let build = PlanPricing.deliverable(
            .essential, kind: "build", title: "Design and build",
            body: """
                \(pages.count) pages on the \(stack.label.lowercased()): \(specific.joined(separator: ", ")), then Home, About, Contact and the legal pages, \
                in the brand's palette and type pairing and responsive from 320 px up. The build centres on \(pattern.flow).

                \(stack.buildNotes).
                """,
            items: [PlanPricing.labor("Design and build, \(pages.count) pages", hours: stack.hours.build, rate: developerHour, category: "development")]
        )

        let milestones = PlanPricing.deliverable(
            .essential, kind: "milestones", title: "Milestones",
            body: PlanPricing.table(["day", "milestone"], [
                [String(window.start), "Kick-off: sitemap agreed, an owner named for the copy of \(specific.prefix(2).joined(separator: " and "))"],
                [String(window.day(at: 0.2)), "Wireframes of Home and \(specific.first ?? "the key page") approved"],
                [String(window.day(at: 0.5)), "Design applied; first pages live on a preview URL"],
                [String(window.day(at: 0.75)), "All pages built, content loaded"],
                [String(window.day(at: 0.9)), "\(pattern.launchTest); accessibility and performance checks passed"],
                [String(window.end), "Launch: DNS switched, redirects and analytics verified"],
            ]),
            items: []
        )

        let checklist = PlanPricing.deliverable(
            .recommended, kind: "accessibility_performance", title: "Accessibility and performance checks",
            body: """
                Checks for \(name)'s site beyond the standard WCAG 2.2 AA and Core Web Vitals checklist (in the appendix), which every page passes before launch:
                \(pattern.checks.map { "- \($0)" }.joined(separator: "\n"))
                """,
            items: [PlanPricing.labor("Accessibility and performance testing and fixes", hours: 3, rate: developerHour, category: "development")],
            attributes: [StandardChecklists.attribute: "web_accessibility_performance"]
        )

        let topic = ContentStrategy.topic(of: company.industry)
        let keywords = profile.playbook.keywordPatterns.map { $0.filling(city: city.lowercased(), topic: topic) }
        let targets = zip(["Home"] + specific.map { $0.replacingOccurrences(of: "**", with: "") }, keywords).map { "\($0) → “\($1)”" }
        let seo = PlanPricing.deliverable(
            .optional, kind: "seo_analytics_setup", title: "Search and analytics setup",
            body: """
                Each key page targets one search phrase in its title, h1 and description: \(targets.joined(separator: "; ")). \
                Structured data (\(profile.playbook.schemaType), BreadcrumbList), an XML sitemap submitted to search consoles, redirects from any old URLs, \
                and the martech agent's `\(profile.playbook.keyConversion)` event wired in.
                """,
            items: [PlanPricing.labor("Search and analytics setup", hours: 3, rate: developerHour, category: "development")]
        )

        let care = PlanPricing.deliverable(
            .optional, kind: "care_plan", title: "Care plan",
            body: "One developer hour a month for \(months) months: \(stack.care); the \(specific.prefix(2).joined(separator: " and ").replacingOccurrences(of: "**", with: "")) pages checked against the analytics each month.",
            items: [PlanPricing.pieces("Monthly maintenance", count: Int32(months), hoursEach: 1, rate: developerHour, category: "development")]
        )

        return [sitemap, stackDeliverable, build, milestones, checklist, seo, care]
    }
}
