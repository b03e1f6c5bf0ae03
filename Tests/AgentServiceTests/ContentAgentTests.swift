import AgentService
import CEOAPI
import CEOTestSupport
import CEORPC
import Foundation
import Testing

@Suite("Content agent")
struct ContentAgentTests {
    let executor: AgentExecutor

    init() throws {
        executor = AgentExecutor(agents: [try ContentAgent(reference: ReferenceData.bundled())], cache: nil)
    }

    func run(_ company: Company, budgetCents: Int64, objectives: [String]) async throws -> AgentResult {
        try await executor.execute(SampleCompanies.request(.content, company, title: "Content calendar and blog posts", budgetCents: budgetCents, objectives: objectives))
    }

    func deliverable(_ result: AgentResult, _ kind: String) throws -> Deliverable {
        try #require(result.deliverables.first { $0.kind == kind }, "no \(kind)")
    }

    /// The calendar's rows: week label, then one cell per channel.
    func calendarRows(_ calendar: Deliverable) -> [[String]] {
        calendar.bodyMarkdown.split(separator: "\n").filter { $0.hasPrefix("| ") }.dropFirst()
            .map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
    }

    @Test("Delaware SaaS on $6,000: 5 weeks × blog, LinkedIn and newsletter at full cadence; product-led keyword seeds")
    func delawareSaaS() async throws {
        let result = try await run(SampleCompanies.delawareSaaS, budgetCents: 600_000, objectives: ["Rank for accounting automation"])
        let calendar = try deliverable(result, "calendar")
        #expect(calendar.attributes["weeks"] == "5" && calendar.attributes["channels"] == "Blog,LinkedIn,Newsletter")
        let rows = calendarRows(calendar)
        #expect(rows.count == 5 && rows.allSatisfy { $0.count == 4 })
        #expect(!calendar.bodyMarkdown.contains("(backlog) "))
        let production = result.deliverables.filter { $0.kind == "production" }
        #expect(production.map { $0.attributes["pieces"] ?? "" } == ["5", "10", "2"])
        #expect(result.budgetUsedCents == (try ReferenceData.bundled().laborRate("writer_hour").unitCostCents) * (4 + 5 * 4 + 10 * 1 + 2 * 2))
        let strategy = try deliverable(result, "pillars_keywords")
        let keywords = strategy.attributes["keywords"] ?? ""
        #expect(keywords.contains("accounting software") && keywords.contains("accounting automation"))
        #expect(strategy.bodyMarkdown.contains("Objective: Rank for accounting automation"))
    }

    @Test("Texas restaurant on $500: local keyword seeds, production cut to what the budget carries, the rest marked backlog")
    func texasRestaurant() async throws {
        let result = try await run(SampleCompanies.texasRestaurant, budgetCents: 50_000, objectives: ["Launch catering for offices"])
        let keywords = try deliverable(result, "pillars_keywords").attributes["keywords"] ?? ""
        for seed in ["tex-mex restaurant austin", "best tex-mex restaurant in austin", "tex-mex restaurant near me", "tex-mex restaurant catering"] {
            #expect(keywords.contains(seed), "\(seed)")
        }
        let production = result.deliverables.filter { $0.kind == "production" }
        #expect(production.map(\.title) == ["Instagram: 1 post or reel", "Google Business Profile: 1 update"])
        #expect(try deliverable(result, "calendar").bodyMarkdown.contains("(backlog) "))
        #expect(result.budgetUsedCents == (4 + 2) * (try ReferenceData.bundled().laborRate("writer_hour").unitCostCents))
    }

    @Test("London healthcare: patient-education pillars, local seeds, and the objective as a pillar")
    func londonHealthcare() async throws {
        let result = try await run(SampleCompanies.londonHealthcare, budgetCents: 400_000, objectives: ["Book 200 patient appointments"])
        let strategy = try deliverable(result, "pillars_keywords")
        #expect(strategy.bodyMarkdown.contains("Understanding common conditions"))
        #expect(strategy.bodyMarkdown.contains("Objective: Book 200 patient appointments"))
        #expect(strategy.attributes["keywords"]?.contains("private healthcare london") == true)
        #expect(try deliverable(result, "calendar").attributes["channels"] == "Patient guides,LinkedIn,Newsletter")
    }

    @Test("a two-year window lists 52 weeks and says the pattern repeats")
    func longWindow() async throws {
        var request = SampleCompanies.request(.content, SampleCompanies.company("Acme", "consulting", "Denver, CO", dollars: 50_000, days: 730),
                                              title: "Content calendar", budgetCents: 1_000_000)
        request.task.endDay = 730
        let result = try await executor.execute(request)
        let calendar = try deliverable(result, "calendar")
        #expect(calendar.attributes["weeks"] == "105")
        #expect(calendarRows(calendar).count == 52)
        #expect(calendar.bodyMarkdown.contains("Weeks 53–105 repeat the pattern"))
    }

    @Test("a followers goal is turned into the rate each published piece must bring, with weekly tracking")
    func followersGoal() async throws {
        let result = try await run(SampleCompanies.texasRestaurant, budgetCents: 300_000, objectives: ["Reach 2,000 Instagram followers"])
        let calendar = try deliverable(result, "calendar").bodyMarkdown
        let pieces = result.deliverables.filter { $0.kind == "production" }.compactMap { $0.attributes["pieces"].flatMap(Int.init) }.reduce(0, +)
        #expect(pieces > 0)
        #expect(calendar.contains("**Goals this calendar serves:**") && calendar.contains("“Reach 2,000 Instagram followers”"))
        #expect(calendar.contains("about \(Int((2_000.0 / Double(pieces)).rounded(.up))) new followers for each piece"))
    }
}
