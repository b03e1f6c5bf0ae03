import AgentService
import CEOAPI
import CEODomain
import CEORPC
import Foundation
import CEOTestSupport
import Orchestrator
import SwiftProtobuf
import Testing

/// The sample companies, with founders' objectives.
enum Founders {
    static func company(_ name: String, _ industry: String, _ location: String, dollars: Int64, days: Int32) -> Company {
        SampleCompanies.company(name, industry, location, dollars: dollars, days: days)
    }

    static let delawareSaaS = SampleCompanies.delawareSaaS
    static let texasRestaurant = SampleCompanies.texasRestaurant
    static let londonHealthcare = SampleCompanies.londonHealthcare

    static let saasObjectives = [
        "Build a memorable brand and logo", "Incorporate the company and file a trademark", "Launch a website with pricing and docs",
        "Set up CRM, email marketing and analytics", "Publish a blog and SEO content", "Run Google Ads to acquire the first customers",
    ]
    static let restaurantObjectives = ["Design a logo and brand", "Launch a website with online ordering", "Grand opening promotion on Instagram"]
    static let clinicObjectives = ["Register the company and handle GDPR compliance", "Website with appointment booking", "Write patient guides and a newsletter"]

    static func plan(_ company: Company, _ objectives: [String], reserve: Int32? = nil) throws -> Plan {
        PlanAnalyzer.analyze(try AnalysisInput(company: company, objectives: objectives, reservePercent: reserve))
    }
}

@Suite("Plan analyzer")
struct PlanAnalyzerTests {
    func checkShape(_ plan: Plan) {
        let company = plan.company
        // Allocations sum to the budget minus the reserve, and each task's budget is its agent's allocation.
        #expect(plan.allocations.reduce(0) { $0 + $1.budgetCents } == plan.totalBudgetCents - plan.reserveCents)
        #expect(plan.reserveCents == plan.totalBudgetCents * Int64(plan.reservePercent) / 100)
        for task in plan.tasks {
            #expect(task.budgetCents == plan.allocations.first { $0.agent == task.agent }?.budgetCents)
            #expect(task.startDay >= 0 && task.startDay < task.endDay && task.endDay <= company.timelineDays, "\(task.id)")
            // Dependencies are earlier phases, and finish before the task starts.
            for dependency in task.dependsOn {
                let earlier = plan.tasks.first { $0.id == dependency }
                #expect(earlier != nil && earlier!.phase < task.phase && earlier!.endDay <= task.startDay, "\(task.id) after \(dependency)")
            }
            // The agent's own domain guard accepts the task.
            #expect(DomainLexicon.classify("\(task.title). \(task.description_p)").map(\.domain).contains(task.agent), "\(task.title)")
        }
        #expect(plan.phases.first?.startDay == 0 && plan.phases.last?.endDay == company.timelineDays)
        #expect(Set(plan.phases.flatMap(\.taskIds)) == Set(plan.tasks.map(\.id)))
    }

    @Test("Delaware SaaS, $50,000 / 180 days: six agents in four phases, weighted split, no warnings")
    func delawareSaaS() throws {
        let plan = try Founders.plan(Founders.delawareSaaS, Founders.saasObjectives)
        checkShape(plan)
        #expect(plan.tasks.map(\.agent) == AgentType.productOrder)
        #expect(plan.reserveCents == 500_000)
        #expect(plan.phases.map(\.name) == ["Foundations", "Build", "Systems", "Launch"])
        #expect(plan.phases.map(\.taskIds) == [["branding", "legal"], ["web_development", "content"], ["martech"], ["campaigns"]])
        #expect(plan.phases.map(\.endDay) == [45, 90, 135, 180])
        let campaigns = try #require(plan.tasks.first { $0.agent == .campaigns })
        #expect(campaigns.dependsOn == ["content", "martech", "web_development", "legal"])
        #expect(campaigns.startReason.contains("ads point at the website") && campaigns.startReason.contains("may trade"), "\(campaigns.startReason)")
        #expect(plan.tasks.first { $0.agent == .branding }?.startReason == "Starts on day 0: nothing it needs comes first.")
        // Weights alone: web and campaigns get 25% each of $45,000.
        #expect(plan.allocations.first { $0.agent == .webDevelopment }?.budgetCents == 1_125_000)
        #expect(plan.allocations.first { $0.agent == .legal }?.budgetCents == 450_000)
        #expect(plan.warnings.isEmpty && plan.unrecognizedObjectives.isEmpty)
        #expect(plan.tasks.first { $0.agent == .legal }?.objectiveIndexes == [1])
    }

    @Test("Texas restaurant, $3,000 / 60 days: minimums lift the small shares, and a warning says the budget is tight")
    func texasRestaurant() throws {
        let plan = try Founders.plan(Founders.texasRestaurant, Founders.restaurantObjectives)
        checkShape(plan)
        // "promotion on Instagram" is campaigns and content work.
        #expect(plan.tasks.map(\.agent) == [.branding, .webDevelopment, .content, .campaigns])
        #expect(plan.reserveCents == 30_000)
        for allocation in plan.allocations {
            #expect(allocation.budgetCents >= AgentCatalog.standard.profile(of: allocation.agent)!.planning.minimumCents, "\(allocation.agent)")
        }
        #expect(plan.phases.map(\.taskIds) == [["branding"], ["web_development", "content"], ["campaigns"]])
        // Martech and legal are not in this plan; the ads still wait for the website.
        #expect(plan.tasks.first { $0.agent == .campaigns }?.dependsOn == ["content", "web_development"])
        // The web share by weight ($843.75) is below its minimum, so it gets exactly the minimum.
        #expect(plan.allocations.first { $0.agent == .webDevelopment }?.budgetCents == AgentCatalog.standard.profile(of: .webDevelopment)!.planning.minimumCents)
        #expect(plan.warnings.contains { $0.hasPrefix("Web development gets") && $0.contains("essentials only") })
    }

    @Test("London healthcare, $20,000 / 90 days: legal, web and content; the phases split the timeline")
    func londonHealthcare() throws {
        let plan = try Founders.plan(Founders.londonHealthcare, Founders.clinicObjectives, reserve: 15)
        checkShape(plan)
        #expect(plan.tasks.map(\.agent) == [.legal, .webDevelopment, .content])
        #expect(plan.reserveCents == 300_000)
        #expect(plan.phases.count == 1)  // web and content depend on branding, which was not asked for
        #expect(plan.tasks.allSatisfy { $0.dependsOn.isEmpty && $0.startDay == 0 && $0.endDay == 90 })
    }

    @Test("an objective can need several agents; unknown objectives are reported back: known kinds of work with advice, the rest with a warning")
    func classification() throws {
        let plan = try Founders.plan(Founders.texasRestaurant, ["Launch a website and a logo", "Find a good accountant friend", "Paint the moon purple"])
        #expect(Set(plan.tasks.map(\.agent)).isSuperset(of: [.webDevelopment, .branding]))
        #expect(plan.tasks.first { $0.agent == .branding }?.objectiveIndexes == [0])
        #expect(plan.tasks.first { $0.agent == .webDevelopment }?.objectiveIndexes == [0])
        #expect(plan.unrecognizedObjectives == ["Find a good accountant friend", "Paint the moon purple"])
        #expect(plan.uncoveredObjectives.first { $0.objective == "Find a good accountant friend" }?.topic == "bookkeeping")
        #expect(!plan.warnings.contains { $0.contains("Find a good accountant friend") })
        #expect(plan.warnings.contains { $0.contains("Paint the moon purple") })
        #expect(plan.uncoveredObjectives.first { $0.objective == "Paint the moon purple" }?.advice.contains("Rephrase") == true)
    }

    @Test("a budget below the minimums funds whole agents in the order of the objectives; the rest get a do-it-yourself step, and a warning names what funds them all")
    func thinBudget() throws {
        let company = Founders.company("Tiny", "bakery", "Austin, TX", dollars: 1_000, days: 30)
        let plan = try Founders.plan(company, Founders.saasObjectives)
        checkShape(plan)
        // $900 after the reserve: branding ($318, the first objective), then what still fits in the objectives' order.
        #expect(plan.tasks.map(\.agent) == [.branding, .martech, .content])
        for allocation in plan.allocations {
            #expect(allocation.budgetCents >= AgentCatalog.standard.profile(of: allocation.agent)!.planning.minimumCents, "\(allocation.agent)")
        }
        let left = plan.uncoveredObjectives.filter { $0.topic.hasSuffix("left out for budget") }
        #expect(left.map(\.topic) == ["legal, left out for budget", "web_development, left out for budget", "campaigns, left out for budget"])
        #expect(left.allSatisfy { $0.advice.contains("Do it yourself") && $0.advice.contains("needs at least $") })
        let minimums = AgentCatalog.standard.agents.reduce(Int64(0)) { $0 + $1.planning.minimumCents }
        let needed = Int64((Double(minimums) / 0.9).rounded(.up))
        let warning = try #require(plan.warnings.first { $0.contains("funds 3 of the 6 agents") })
        #expect(warning.contains("A budget of \(Money.dollars(needed)) funds them all"), "\(warning)")
    }

    @Test("a budget no agent's minimum fits: no task, a do-it-yourself step for every objective")
    func budgetBelowEveryMinimum() throws {
        let company = Founders.company("Tiny", "bakery", "Austin, TX", dollars: 100, days: 30)
        let plan = try Founders.plan(company, ["Design a logo", "Launch a website", "Run Google Ads"])
        #expect(plan.tasks.isEmpty && plan.allocations.isEmpty)
        #expect(plan.uncoveredObjectives.count == 3 && plan.uncoveredObjectives.allSatisfy { $0.advice.contains("Do it yourself") })
        // The budget's own warning explains the empty plan; it is not an objective nobody recognised.
        #expect(!plan.warnings.contains { $0.hasPrefix("No objective maps") } && plan.warnings.contains { $0.contains("funds 0 of the 3 agents") })
    }

    @Test("equal inputs give byte-identical plans")
    func deterministic() throws {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        let first: [UInt8] = try Founders.plan(Founders.delawareSaaS, Founders.saasObjectives).serializedBytes(options: options)
        let second: [UInt8] = try Founders.plan(Founders.delawareSaaS, Founders.saasObjectives).serializedBytes(options: options)
        #expect(first == second)
    }

    @Test("planning minimums cover what each agent says it needs, so a funded task is never refused")
    func minimumsCoverAgents() async throws {
        let executor = AgentExecutor(agents: try AgentServiceApp.agents(reference: ReferenceData.bundled()), cache: nil)
        for info in executor.infos {
            let planning = try #require(AgentCatalog.standard.profile(of: info.type)).planning
            #expect(planning.minimumCents >= info.minimumBudgetCents, "\(info.type)")
        }
        // And for the most expensive state, legal's essentials fit its planning minimum.
        var request = ExecuteTaskRequest()
        request.agent = .legal
        request.company = Founders.company("Acme", "consulting", "Boston, MA", dollars: 10_000, days: 90)
        request.task.id = "legal"
        request.task.title = "Legal setup for Acme: entity formation and compliance"
        request.task.endDay = 30
        request.budgetCents = AgentCatalog.standard.profile(of: .legal)!.planning.minimumCents
        _ = try await executor.execute(request)
    }
}

@Suite("Planning minimums in every covered country and currency")
struct CountryMinimumTests {
    /// One city in every covered country's provinces that differ, and one in every US state.
    static func locations() throws -> [(String, String)] {
        let countries = [("Toronto, ON", "CAD"), ("Montréal, Québec", "CAD"), ("Vancouver, BC", "CAD"), ("Sydney, NSW", "AUD"), ("London, UK", "GBP"),
                         ("Glasgow, Scotland", "GBP"), ("Köln, Deutschland", "EUR"), ("Lyon, France", "EUR"), ("Dublin, Ireland", "EUR")]
        let states = try ReferenceData.bundled().stateFilingFees.states.keys.sorted().map { ("Springfield, \($0)", "USD") }
        return countries + states + [("San Francisco, CA", "EUR"), ("Boston, MA", "GBP")]
    }

    @Test("each agent's planning minimum, converted to the company's currency, carries its essentials in every covered country and US state, over 12 and 24 months")
    func minimums() async throws {
        let executor = AgentExecutor(agents: try AgentServiceApp.agents(reference: ReferenceData.bundled()), cache: nil)
        for (location, currency) in try Self.locations() {
            for industry in ["physiotherapy clinic", "design studio"] {
                for days in [Int32(365), 730] {
                    var company = Founders.company("Acme", industry, location, dollars: 10_000, days: days)
                    company.currency = currency
                    company.budgetCents = try #require(PlanRequestRules.budgetRange(in: currency)).upperBound / 10
                    company = try PlanRequestRules.completing(company).get()
                    for agent in AgentCatalog.standard.agents {
                        var request = ExecuteTaskRequest()
                        request.agent = agent.type
                        request.company = company
                        request.task.id = agent.machineName
                        request.task.title = agent.taskTitle(for: "Acme")
                        request.task.endDay = 60
                        request.budgetCents = agent.planning.minimum(in: currency)
                        do {
                            let result = try await executor.execute(request)
                            #expect(result.budgetUsedCents <= request.budgetCents)
                        } catch {
                            Issue.record("\(agent.machineName), \(industry) in \(location) over \(days) days: \(error)")
                        }
                    }
                }
            }
        }
    }
}

@Suite("Plan input rules")
struct PlanInputRuleTests {
    static let cases: [(String, @Sendable (inout Company, inout [String], inout Int32?) -> Void, String)] = [
        ("empty name", { company, _, _ in company.name = "  " }, "company.name"),
        ("name over 200", { company, _, _ in company.name = String(repeating: "a", count: 201) }, "company.name"),
        ("industry under 3", { company, _, _ in company.industry = "ab" }, "company.industry"),
        ("industry over 100", { company, _, _ in company.industry = String(repeating: "a", count: 101) }, "company.industry"),
        ("location under 3", { company, _, _ in company.location = "X" }, "company.location"),
        ("location over 100", { company, _, _ in company.location = String(repeating: "a", count: 101) }, "company.location"),
        ("budget under $100", { company, _, _ in company.budgetCents = 9_999 }, "company.budget_cents"),
        ("budget over $100,000", { company, _, _ in company.budgetCents = 10_000_001 }, "company.budget_cents"),
        ("timeline under 7", { company, _, _ in company.timelineDays = 6 }, "company.timeline_days"),
        ("timeline over 730", { company, _, _ in company.timelineDays = 731 }, "company.timeline_days"),
        ("21 objectives", { _, objectives, _ in objectives = Array(repeating: "Design a logo", count: 21) }, "objectives"),
        ("objective under 3", { _, objectives, _ in objectives = ["ok"] }, "objectives[0]"),
        ("objective over 500", { _, objectives, _ in objectives = ["Logo", String(repeating: "a", count: 501)] }, "objectives[1]"),
        ("reserve over 50", { _, _, reserve in reserve = 51 }, "reserve_percent"),
        ("negative reserve", { _, _, reserve in reserve = -1 }, "reserve_percent"),
    ]

    @Test("every input rule is named by field", arguments: cases.indices)
    func rule(index: Int) throws {
        let (name, mutate, field) = Self.cases[index]
        var company = Founders.delawareSaaS
        var objectives = Founders.saasObjectives
        var reserve: Int32? = nil
        mutate(&company, &objectives, &reserve)
        let error = #expect(throws: RPCError.self, "\(name)") { try AnalysisInput(company: company, objectives: objectives, reservePercent: reserve) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.details.map(\.field) == [field], "\(name): \(error?.details.map(\.field) ?? [])")
    }

    @Test("the limits themselves are accepted, and several violations are all named")
    func bounds() throws {
        // A location no table knows is accepted when the country is given.
        var edge = Founders.company(String(repeating: "n", count: 200), "abc", String(repeating: "l", count: 100), dollars: 100, days: 7)
        edge.countryCode = "US"
        _ = try AnalysisInput(company: edge, objectives: Array(repeating: "abc", count: 20), reservePercent: 50)
        _ = try AnalysisInput(company: Founders.company("N", "abc", "Rome, Italy", dollars: 100_000, days: 730), objectives: [String(repeating: "a", count: 500)], reservePercent: 0)
        var bad = Founders.delawareSaaS
        bad.name = ""
        bad.budgetCents = 0
        let error = #expect(throws: RPCError.self) { try AnalysisInput(company: bad, objectives: Array(repeating: "Design a logo", count: 21), reservePercent: nil) }
        #expect(error?.details.map(\.field) == ["company.name", "company.budget_cents", "objectives"])
    }

    @Test("no objectives: a complete launch plan across the six agents, on objectives the plan states as assumed")
    func assumedObjectives() throws {
        let input = try AnalysisInput(company: Founders.delawareSaaS, objectives: [], reservePercent: nil)
        #expect(input.assumedObjectives && input.objectives == ObjectiveVocabulary.standard.assumedLaunchPlan)
        let plan = PlanAnalyzer.analyze(input)
        #expect(Set(plan.tasks.map(\.agent)) == Set(AgentCatalog.standard.agents.map(\.type)))
        #expect(plan.tasks.allSatisfy { $0.objectiveIndexes.count == 1 } && plan.uncoveredObjectives.isEmpty)
        #expect(plan.warnings.first?.contains("assumed objectives") == true)
    }
}

@Suite("The planner reads the agents from the catalog")
struct PlannerCatalogTests {
    @Test("an extra agent in the catalog gets a task, its budget, its dependency and its phase")
    func extraAgent() throws {
        let catalog = try CatalogFixtures.withHiringAgent()
        let input = try AnalysisInput(
            company: Founders.company("Ledgerly", "fintech", "Austin, TX", dollars: 20_000, days: 90),
            objectives: ["Design a logo", "Recruit our first hires"], reservePercent: nil
        )
        let plan = PlanAnalyzer.analyze(input, catalog: catalog)
        let task = try #require(plan.tasks.first { $0.id == CatalogFixtures.hiringMachineName })
        #expect(task.title == "Hiring plan for Ledgerly")
        #expect(task.dependsOn == ["branding"] && task.phase == 1)
        #expect(task.agent == .UNRECOGNIZED(CatalogFixtures.hiringWireValue))
        #expect(plan.allocations.contains { $0.agent == task.agent && $0.budgetCents == task.budgetCents && $0.budgetCents >= 20_000 })
        #expect(plan.unrecognizedObjectives.isEmpty)
        // The standard catalog does not know it.
        #expect(PlanAnalyzer.analyze(input).unrecognizedObjectives == ["Recruit our first hires"])
    }
}

@Suite("Plan input: the location read once, by the Orchestrator")
struct PlanLocationTests {
    @Test("the location's country and subdivision are set on the company every agent receives")
    func located() throws {
        let input = try AnalysisInput(company: Founders.company("Brotzeit", "bakery", "Munich, DE", dollars: 5_000, days: 90), objectives: ["Design a logo"], reservePercent: nil)
        #expect(input.company.countryCode == "DE" && input.company.subdivisionCode.isEmpty)
        let texas = try AnalysisInput(company: Founders.company("Casa Lumbre", "restaurant", "Austin, TX", dollars: 5_000, days: 90), objectives: ["Design a logo"], reservePercent: nil)
        #expect(texas.company.countryCode == "US" && texas.company.subdivisionCode == "US-TX")
    }

    @Test("a location that fits several places, or none, is refused naming location; a bad country code names country", arguments: [
        ("Smallville, DE", "", "company.location", "Smallville, Germany or Smallville, Delaware, United States"),
        ("Atlantis", "", "company.location", "cannot tell the country"),
        ("Paris", "XX", "company.country_code", "not an ISO 3166-1 country code"),
    ])
    func refused(location: String, country: String, field: String, message: String) {
        var company = Founders.company("Acme", "consulting", location, dollars: 5_000, days: 90)
        company.countryCode = country
        let error = #expect(throws: RPCError.self) { try AnalysisInput(company: company, objectives: ["Design a logo"], reservePercent: nil) }
        #expect(error?.details.map(\.field) == [field])
        #expect(error?.details.first?.description.contains(message) == true, "\(error?.details.first?.description ?? "")")
    }
}

@Suite("Plans in the company's currency")
struct PlanCurrencyTests {
    @Test("the currency defaults to US dollars and is named on the plan; a supported one is kept")
    func defaults() throws {
        let dollars = try AnalysisInput(company: Founders.company("Casa Lumbre", "restaurant", "Austin, TX", dollars: 5_000, days: 90), objectives: ["Design a logo"], reservePercent: nil)
        #expect(dollars.company.currency == "USD")
        var company = Founders.company("Brotzeit", "bakery", "Munich, DE", dollars: 5_000, days: 90)
        company.currency = "EUR"
        #expect(try AnalysisInput(company: company, objectives: ["Design a logo"], reservePercent: nil).company.currency == "EUR")
    }

    @Test("an unsupported currency names currency with the supported list; a budget outside the range in that currency names budget with the range in it", arguments: [
        ("JPY", Int64(1_000_000), "company.currency", "must be one of USD, EUR, GBP, CAD, AUD, got 'JPY'"),
        ("usd", 1_000_000, "company.currency", "must be one of USD, EUR, GBP, CAD, AUD"),
        ("GBP", 7_400, "company.budget_cents", "must be £75–£74,060 (7500–7406000 pence of GBP, the equivalent of $100–$100,000 at the planning rate), got £74.00 (7400 pence)"),
        ("AUD", 15_400_000, "company.budget_cents", "must be A$154–A$153,370"),
        ("USD", 9_999, "company.budget_cents", "must be $100–$100,000"),
    ])
    func refused(currency: String, cents: Int64, field: String, message: String) {
        var company = Founders.company("Acme", "consulting", "Dublin, Ireland", dollars: 1, days: 90)
        company.currency = currency
        company.budgetCents = cents
        let error = #expect(throws: RPCError.self) { try AnalysisInput(company: company, objectives: ["Design a logo"], reservePercent: nil) }
        #expect(error?.details.map(\.field) == [field])
        #expect(error?.details.first?.description.contains(message) == true, "\(error?.details.first?.description ?? "")")
    }

    @Test("a plan in euros: the allocations add up in cents of euros, the agents' minimums are converted, the warnings speak euros")
    func euros() throws {
        var company = Founders.company("Brotzeit", "bakery", "Munich, DE", dollars: 1, days: 90)
        company.currency = "EUR"
        company.budgetCents = 90_000  // €900: too little for the four agents' minimums
        let input = try AnalysisInput(company: company, objectives: ["Design a logo", "Launch a website", "Run Google ads", "Form the company and file the trademark"], reservePercent: nil)
        let plan = PlanAnalyzer.analyze(input)
        #expect(plan.allocations.reduce(0) { $0 + $1.budgetCents } == plan.totalBudgetCents - plan.reserveCents)
        for allocation in plan.allocations {
            #expect(allocation.budgetCents >= AgentCatalog.standard.profile(of: allocation.agent)!.planning.minimum(in: "EUR"), "\(allocation.agent)")
        }
        let warning = try #require(plan.warnings.first { $0.contains("The budget funds") })
        #expect(warning.contains("€") && !warning.contains("$"), "\(warning)")
        #expect(plan.uncoveredObjectives.allSatisfy { $0.advice.contains("€") && !$0.advice.contains("needs at least $") })
    }
}

