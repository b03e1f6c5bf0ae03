import AgentService
import CEOAPI
import CEODomain
import CEOTestSupport
import Foundation
import Orchestrator
import Testing

/// Contrasting companies — industries, countries, currencies, budgets from small to large,
/// objectives that include work no agent does and numeric goals — planned and run as the
/// Orchestrator and AgentService do: ads never start before the website they point at or
/// before the company may trade, every task says why it starts when it does, work no
/// agent does is reported with what to do instead, and a numeric goal is checked against
/// the plan's forecast.
@Suite("A CFO's plan: sequencing, objectives covered or not, goals against the forecast")
struct CFOPanelTests {
    struct Founder: CustomTestStringConvertible, Sendable {
        var name: String
        var industry: String
        var location: String
        var currency = "USD"
        var budget: Int64
        var days: Int32
        var objectives: [String]
        /// Topics of the objectives no agent does (fundraising, hiring, …).
        var uncovered: [String] = []
        /// A numeric goal the campaigns agent must check ("customers", "leads").
        var goal: String? = nil

        var testDescription: String { "\(name), \(location), \(budget) \(currency)" }
    }

    static let panel: [Founder] = [
        Founder(name: "Ledgerly", industry: "B2B SaaS for accounting teams", location: "Wilmington, DE", budget: 9_500_000, days: 365,
                objectives: ["Raise a seed round from angel investors", "Launch a website with pricing and docs", "Run Google Ads for demo requests",
                             "Recruit our first hires", "Get 200 demo requests"], uncovered: ["fundraising", "hiring"], goal: "leads"),
        Founder(name: "Casa Lumbre", industry: "Tex-Mex restaurant", location: "Austin, TX", budget: 300_000, days: 60,
                objectives: ["Design a logo", "Set up online booking", "Grand opening ads on Instagram", "Win our first 300 customers"], goal: "customers"),
        Founder(name: "Brotzeit", industry: "artisan bakery", location: "Köln, Deutschland", currency: "EUR", budget: 1_200_000, days: 180,
                objectives: ["Form the company and protect the name", "Launch an online store for bread boxes", "Run local Instagram ads", "Find a bakery lease"],
                uncovered: ["premises"]),
        Founder(name: "Northwind", industry: "B2B SaaS", location: "Toronto, ON", currency: "CAD", budget: 6_000_000, days: 180,
                objectives: ["Raise a seed round", "Incorporate the company", "Build a brand", "Launch a website", "Run Google Ads", "Get our first 20 customers"],
                uncovered: ["fundraising"], goal: "customers"),
        Founder(name: "Kindred Clinic", industry: "physiotherapy clinic", location: "London, UK", currency: "GBP", budget: 1_500_000, days: 90,
                objectives: ["Register the company and handle GDPR compliance", "Website with appointment booking", "Promote the clinic with Google Ads"]),
        Founder(name: "Harbour Consulting", industry: "management consulting", location: "Sydney, NSW", currency: "AUD", budget: 2_000_000, days: 120,
                objectives: ["Design a logo and brand", "Publish LinkedIn articles weekly", "Get 50 leads from LinkedIn ads"], goal: "leads"),
        Founder(name: "Atelier Lumière", industry: "design studio", location: "Lyon, France", currency: "EUR", budget: 800_000, days: 90,
                objectives: ["Launch a portfolio website", "Apply for a bank loan"], uncovered: ["financing"]),
        Founder(name: "Liffey Labs", industry: "fintech", location: "Dublin, Ireland", currency: "EUR", budget: 8_000_000, days: 365,
                objectives: ["Form the company", "Build the mobile app", "Launch a website", "Run paid ads", "Set up CRM and analytics"], uncovered: ["product"]),
        Founder(name: "Rose City Goods", industry: "retail shop", location: "Portland, OR", budget: 2_500_000, days: 120,
                objectives: ["Launch an online store", "Email marketing and analytics", "Promote the store on Meta ads", "Hire two staff"], uncovered: ["hiring"]),
        Founder(name: "Peak Fitness", industry: "fitness studio", location: "Denver, CO", budget: 1_000_000, days: 90,
                objectives: ["Brand and logo", "Website with class booking", "Grand opening campaign", "Sign up 100 members"], goal: "customers"),
        Founder(name: "Bayline Devtools", industry: "developer tools", location: "San Francisco, CA", budget: 10_000_000, days: 730,
                objectives: ["Incorporate for investors and give stock options", "Launch docs site", "Developer content and SEO", "Paid acquisition on Google"]),
        Founder(name: "Green Thumb", industry: "landscaping services", location: "Indianapolis, IN", budget: 200_000, days: 30,
                objectives: ["Run local ads", "Get a logo"]),
        Founder(name: "Corner Crumbs", industry: "home bakery", location: "Galway", currency: "EUR", budget: 8_800, days: 30,
                objectives: ["Design a logo", "Launch a website", "Run Instagram ads"]),
    ]

    static func plan(_ founder: Founder) throws -> Plan {
        var company = Founders.company(founder.name, founder.industry, founder.location, dollars: 1, days: founder.days)
        company.currency = founder.currency
        company.budgetCents = founder.budget
        return PlanAnalyzer.analyze(try AnalysisInput(company: company, objectives: founder.objectives, reservePercent: nil))
    }

    /// The request the Orchestrator sends for `agent`'s task of `plan`.
    static func request(_ agent: AgentType, of plan: Plan) throws -> ExecuteTaskRequest {
        ExecuteTaskRequest(task: try #require(plan.tasks.first { $0.agent == agent }), of: plan)
    }

    @Test("ads start after the website and the company's formation; every task says why it starts when it does", arguments: panel)
    func sequencing(_ founder: Founder) throws {
        let plan = try Self.plan(founder)
        let byAgent = Dictionary(uniqueKeysWithValues: plan.tasks.map { ($0.agent, $0) })
        for task in plan.tasks {
            #expect(task.startReason.hasPrefix("Starts on day \(task.startDay)"), "\(task.agent): \(task.startReason)")
        }
        guard let campaigns = byAgent[.campaigns] else { return }
        for prerequisite in [AgentType.webDevelopment, .legal] {
            if let before = byAgent[prerequisite] {
                #expect(campaigns.startDay >= before.endDay, "campaigns start on day \(campaigns.startDay), \(prerequisite) ends on day \(before.endDay)")
                #expect(campaigns.startReason.contains(before.agent.shortTitle))
            }
        }
    }

    @Test("work no agent does is reported with what to do instead; fundraising still shapes the legal work", arguments: panel)
    func uncovered(_ founder: Founder) throws {
        let plan = try Self.plan(founder)
        let notAgentWork = plan.uncoveredObjectives.filter { !$0.topic.hasSuffix("left out for budget") }
        #expect(notAgentWork.map(\.topic) == founder.uncovered, "\(notAgentWork.map(\.objective))")
        #expect(plan.uncoveredObjectives.allSatisfy { $0.advice.count > 40 })
        if founder.uncovered.contains("fundraising") {
            #expect(plan.tasks.contains { $0.agent == .legal })
        }
        #expect(!plan.reserveReason.isEmpty)
    }

    @Test("a numeric goal is checked against the campaigns forecast, with what closing the gap would take", arguments: panel.filter { $0.goal != nil })
    func goals(_ founder: Founder) async throws {
        let plan = try Self.plan(founder)
        let executor = AgentExecutor(agents: try AgentServiceApp.agents(reference: ReferenceData.bundled()), cache: nil)
        let result = try await executor.execute(try Self.request(.campaigns, of: plan))
        let kpis = try #require(result.deliverables.first { $0.kind == "kpis" })
        let kind = try #require(founder.goal)
        #expect(kpis.bodyMarkdown.contains("**Goals against the forecast:**"), "\(kpis.bodyMarkdown)")
        let goal = try #require(kpis.attributes["goal_\(kind)"].flatMap(Int.init))
        let forecast = try #require(kpis.attributes["forecast_\(kind)"].flatMap(Int.init))
        if goal > forecast {
            #expect(kpis.attributes["goal_gap_\(kind)"] == String(goal - forecast))
            #expect(kpis.bodyMarkdown.contains("short of \(goal)"))
        } else {
            #expect(kpis.bodyMarkdown.contains("at or above the goal of \(goal)"))
        }
    }

    @Test("no run where every agent refuses: each funded agent gets at least its minimum, the rest a do-it-yourself step", arguments: panel)
    func funded(_ founder: Founder) throws {
        let plan = try Self.plan(founder)
        for allocation in plan.allocations {
            #expect(allocation.budgetCents >= AgentCatalog.standard.profile(of: allocation.agent)!.planning.minimum(in: founder.currency), "\(allocation.agent)")
        }
        let wanted = Set(plan.tasks.map(\.agent))
        for entry in plan.uncoveredObjectives where entry.topic.hasSuffix("left out for budget") {
            #expect(entry.advice.contains("Do it yourself"))
            #expect(!wanted.contains { entry.topic.hasPrefix($0.machineName + ",") })
        }
    }

    @Test("objectives in founders' own words reach the agent whose work they are", arguments: [
        ("Register the charity", AgentType.legal), ("Reach engineering buyers", .campaigns), ("Publish area guides", .content),
        ("Get 40 valuation requests", .campaigns), ("Set up online booking", .webDevelopment), ("Form the company", .legal),
    ])
    func objectiveWords(_ objective: String, _ agent: AgentType) throws {
        let plan = try Self.plan(Founder(name: "Harbour Homes", industry: "real estate agency", location: "Sydney, NSW", currency: "AUD",
                                         budget: 3_000_000, days: 120, objectives: [objective]))
        #expect(plan.tasks.contains { $0.agent == agent && $0.objectiveIndexes == [0] }, "\(objective): \(plan.tasks.map(\.agent))")
        #expect(plan.uncoveredObjectives.isEmpty)
    }

    @Test("recruiting volunteers is not hiring staff: its own advice, and a page and stories from the web and content agents")
    func volunteers() throws {
        let plan = try Self.plan(Founder(name: "Maple Shelter", industry: "animal welfare charity", location: "Toronto, ON", currency: "CAD",
                                         budget: 2_000_000, days: 180, objectives: ["Recruit volunteers"]))
        let uncovered = try #require(plan.uncoveredObjectives.first)
        #expect(uncovered.topic == "volunteers" && uncovered.advice.contains("background check") && !uncovered.advice.contains("payday"))
    }

    @Test("hiring a sales lead is hiring, not a campaign")
    func salesLead() throws {
        let plan = try Self.plan(Founder(name: "Quillstone", industry: "B2B SaaS for law firms", location: "Austin, TX",
                                         budget: 10_000_000, days: 365, objectives: ["Hire a sales lead", "Launch a website with pricing"]))
        #expect(plan.uncoveredObjectives.map(\.topic) == ["hiring"])
        #expect(!plan.tasks.contains { $0.agent == .campaigns })
    }

    @Test("a second site is premises, not a website")
    func secondSite() throws {
        let plan = try Self.plan(Founder(name: "Ferme du Coteau", industry: "farm shop and café", location: "Lyon, France", currency: "EUR",
                                         budget: 1_800_000, days: 180, objectives: ["Find a second site", "Launch an online shop for vegetable boxes"]))
        #expect(plan.uncoveredObjectives.first?.topic == "premises")
        #expect(plan.tasks.first { $0.agent == .webDevelopment }?.objectiveIndexes == [1])
    }

    @Test("a $100 budget funds no agent: a do-it-yourself plan with the founder's hours and the one paid item that matters most")
    func hundredDollars() throws {
        let withLegal = try Self.plan(Founder(name: "Lawn Brothers", industry: "landscaping services", location: "Indianapolis, IN",
                                              budget: 10_000, days: 60, objectives: ["Form the LLC", "Get a logo", "Run local ads"]))
        #expect(withLegal.tasks.isEmpty && withLegal.uncoveredObjectives.count == 3)
        #expect(withLegal.uncoveredObjectives.allSatisfy { $0.advice.contains("Do it yourself") })
        let diy = try #require(withLegal.warnings.first { $0.contains("do-it-yourself plan") })
        #expect(diy.contains("hours of the founder's time") && diy.contains("The one thing worth paying for first: registering as a") && diy.contains("$"))
        let noLegal = try Self.plan(Founder(name: "Corner Crumbs", industry: "home bakery", location: "Galway", currency: "EUR",
                                            budget: 8_800, days: 30, objectives: ["Launch a website", "Design a logo"]))
        let first = try #require(noLegal.warnings.first { $0.contains("do-it-yourself plan") })
        #expect(first.contains(try #require(AgentCatalog.standard.profile(of: .webDevelopment)).firstPaidItem))
    }

    @Test("numeric goals are read from the words founders use")
    func goalWords() {
        let vocabulary = ObjectiveVocabulary.standard
        #expect(vocabulary.goals(in: "Win our first 20 customers").map { "\($0.kind) \($0.value)" } == ["customers 20"])
        #expect(vocabulary.goals(in: "Get 1,000 new followers and 2k sign-ups").map { "\($0.kind) \($0.value)" } == ["followers 1000", "leads 2000"])
        #expect(vocabulary.goals(in: "Open 2 locations in 2027").isEmpty)
    }

    @Test("an online store gets a checkout, whatever the industry")
    func onlineStore() async throws {
        let founder = Self.panel.first { $0.name == "Brotzeit" }!
        let plan = try Self.plan(founder)
        let executor = AgentExecutor(agents: try AgentServiceApp.agents(reference: ReferenceData.bundled()), cache: nil)
        let result = try await executor.execute(try Self.request(.webDevelopment, of: plan))
        #expect(result.deliverables.first { $0.kind == "stack" }?.attributes["stack"] == "commerce")
    }
}
