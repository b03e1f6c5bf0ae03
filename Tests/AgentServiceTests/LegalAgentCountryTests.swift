import AgentService
import CEOAPI
import CEODomain
import CEOTestSupport
import Foundation
import Testing

/// The legal playbook where the company is: its country's entity, registry fee, tax
/// registrations, trademark office and privacy law, and nothing of another country's.
@Suite("Legal agent across countries")
struct LegalAgentCountryTests {
    let executor: AgentExecutor

    init() throws {
        executor = AgentExecutor(agents: [try LegalAgent(reference: ReferenceData.bundled())], cache: nil)
    }

    /// The legal result for a company, its location read as the Orchestrator reads it.
    func run(_ name: String, _ industry: String, _ location: String, country: String = "", currency: String = "", objectives: [String] = []) async throws -> AgentResult {
        var company = SampleCompanies.company(name, industry, location, dollars: 30_000, days: 365)
        company.currency = currency
        let resolved = try LocationResolver().resolve(location, country: country)
        company.countryCode = resolved.country.code
        company.subdivisionCode = resolved.subdivision?.code ?? ""
        let request = SampleCompanies.request(.legal, company, title: "Legal setup for \(name): entity formation and compliance", budgetCents: 1_000_000, objectives: objectives)
        return try await executor.execute(request)
    }

    func text(_ result: AgentResult) -> String {
        result.deliverables.map { "\($0.title)\n\($0.bodyMarkdown)\n" + $0.lineItems.map { "\($0.description_p) \($0.source)" }.joined(separator: "\n") }.joined(separator: "\n")
    }

    /// Terms that belong to US law only.
    static let usOnly = ["LLC", "EIN", "sales tax", "Operating agreement", "USPTO", "Delaware", "IRS", "registered agent"]

    func formation(_ result: AgentResult) throws -> Deliverable {
        try #require(result.deliverables.first { $0.kind == "entity_formation" })
    }

    @Test("a bakery at 'Munich, DE' is formed in Germany, not Delaware: no US term, the DPMA, GDPR")
    func munich() async throws {
        let result = try await run("Brotzeit", "artisan bakery", "Munich, DE", currency: "EUR")
        let formation = try formation(result)
        #expect(formation.attributes["country"] == "DE" && formation.attributes["currency"] == "EUR")
        #expect(formation.attributes["entity"] == "einzelunternehmen")
        let all = text(result)
        for term in Self.usOnly { #expect(!all.contains(term), "US term '\(term)' in a German plan") }
        #expect(all.contains("DPMA") || all.contains("Deutsches Patent- und Markenamt"))
        #expect(all.contains("GDPR") || all.contains("DSGVO"))
        // A sole trader has no one to sign a founders' agreement with.
        #expect(!result.deliverables.contains { $0.kind == "founding_agreement" })
    }

    @Test("a SaaS raising a seed round in Toronto is a corporation with the CIPO and GST/HST, no US terms")
    func toronto() async throws {
        let result = try await run("Northwind", "B2B SaaS", "Toronto, ON", objectives: ["Raise a seed round from investors"])
        let formation = try formation(result)
        #expect(formation.attributes["country"] == "CA" && formation.attributes["subdivision"] == "CA-ON")
        #expect(formation.bodyMarkdown.contains("investors"))
        #expect(formation.lineItems.contains { $0.source.contains("as of") && $0.unitCostCents > 0 })
        let all = text(result)
        // Canada has provincial sales taxes; none of the other US terms, and no Quebec tax in Ontario.
        for term in Self.usOnly where term != "sales tax" { #expect(!all.contains(term), "US term '\(term)' in a Canadian plan") }
        #expect(!all.contains("Quebec sales tax (QST) registration"))
        #expect(all.contains("CIPO") || all.contains("Canadian Intellectual Property Office"))
        #expect(all.contains("GST"))
    }

    @Test("'Delaware, USA' is the state of Delaware, with its LLC fee")
    func delawareUSA() async throws {
        let formation = try formation(try await run("Ledgerly", "B2B SaaS", "Delaware, USA"))
        #expect(formation.attributes["state"] == "DE" && formation.attributes["entity"] == "LLC")
    }

    @Test("an uncovered country is said plainly, with no US text; its trademark office is the country's, not the city's")
    func tokyo() async throws {
        let result = try await run("Sakura Labs", "mobile games", "Tokyo, Japan")
        let formation = try formation(result)
        #expect(formation.bodyMarkdown.contains("no jurisdiction pack for Japan"))
        let trademark = try #require(result.deliverables.first { $0.kind == "trademark" })
        #expect(trademark.bodyMarkdown.contains("national trademark office of Japan"))
        #expect(!trademark.bodyMarkdown.contains("Tokyo"))
        let all = text(result)
        for term in Self.usOnly { #expect(!all.contains(term), "US term '\(term)' in a Japanese plan") }
    }

    @Test("every government fee of a covered country cites its source and date; priced in US dollars, it says it was converted at the planning rate")
    func sourcedFees() async throws {
        for (name, location, local) in [("Brotzeit", "Munich, DE", "EUR"), ("Northwind", "Toronto, ON", "CAD"), ("Harbour", "Sydney, NSW", "AUD"),
                                         ("Claddagh", "Galway, Ireland", "EUR"), ("Atelier", "Lyon, France", "EUR"), ("Thistle", "Glasgow, Scotland", "GBP")] {
            let inDollars = try await run(name, "design studio", location)
            for item in inDollars.deliverables.flatMap(\.lineItems) where item.category == "government_fee" {
                // A fee of nothing needs no conversion.
                #expect(item.source.contains("as of") && (item.unitCostCents == 0 || item.source.contains("converted to USD at the planning rate")), "\(location): \(item.description_p): \(item.source)")
            }
            let inLocal = try await run(name, "design studio", location, currency: local)
            for item in inLocal.deliverables.flatMap(\.lineItems) where item.category == "government_fee" {
                #expect(item.source.contains("as of") && !item.source.contains("converted"), "\(location): \(item.description_p): \(item.source)")
            }
        }
    }
}

@Suite("Legal agent in the United States: the entity for the objectives, obligations budgeted")
struct LegalAgentUnitedStatesTests {
    let executor: AgentExecutor

    init() throws {
        executor = AgentExecutor(agents: [try LegalAgent(reference: ReferenceData.bundled())], cache: nil)
    }

    func formation(_ location: String, months: Int32, objectives: [String] = []) async throws -> Deliverable {
        var company = SampleCompanies.company("Ledgerly", "B2B SaaS", location, dollars: 30_000, days: months * 30)
        let resolved = try LocationResolver().resolve(location)
        company.countryCode = resolved.country.code
        company.subdivisionCode = resolved.subdivision?.code ?? ""
        let request = SampleCompanies.request(.legal, company, title: "Legal setup for Ledgerly: entity formation and compliance", budgetCents: 1_000_000, objectives: objectives)
        let result = try await executor.execute(request)
        return try #require(result.deliverables.first { $0.kind == "entity_formation" })
    }

    @Test("raising a seed round from San Francisco: a Delaware C-corporation, the 83(b) election, qualification in California and its $800 minimum")
    func venture() async throws {
        let formation = try await formation("San Francisco, CA", months: 12, objectives: ["Raise a seed round from investors"])
        #expect(formation.attributes["entity"] == "C-corporation" && formation.attributes["home_state"] == "CA")
        #expect(formation.bodyMarkdown.contains("83(b)") && formation.bodyMarkdown.contains("franchise tax"))
        #expect(formation.lineItems.contains { $0.description_p.contains("Delaware Certificate of Incorporation") })
        #expect(formation.lineItems.contains { $0.description_p.contains("California foreign corporation registration") })
        #expect(formation.lineItems.contains { $0.totalCents == 80_000 }, "California's $800 minimum franchise tax is budgeted")
        #expect(!formation.title.contains("LLC"))
    }

    @Test("a Los Angeles LLC over a 6-month timeline budgets California's $800 annual tax; Oregon gets no sales-tax step")
    func obligationsAndSalesTax() async throws {
        let california = try await formation("Los Angeles, CA", months: 6)
        #expect(california.attributes["entity"] == "LLC")
        #expect(california.lineItems.contains { $0.totalCents == 80_000 && $0.billing == "yearly" })
        let oregon = try await formation("Portland, OR", months: 6)
        #expect(oregon.bodyMarkdown.contains("no statewide sales tax") && !oregon.bodyMarkdown.contains("sales tax and employer"))
    }
}
