import AgentService
import CEOAPI
import CEODomain
import CEOTestSupport
import Foundation
import Testing

/// Companies across the seven covered countries, located as the Orchestrator locates
/// them (colliding two-letter codes, "City, ST", "City, Country", local-language names,
/// a bare city) and priced in their own currency by all six agents: the entity and its
/// filing fee, the obligations budgeted inside the timeline, the tax registrations, the
/// trademark office and fee, every amount in the company's currency, no US-only term
/// outside the US and no sales-tax step where there is no sales tax.
@Suite("Plans right for the company's country and currency")
struct CountryPlanTests {
    /// One company and what its plan must say.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var industry: String
        var location: String
        var currency: String
        var objectives: [String] = []
        var days: Int32 = 365
        // Where the location must be read.
        var country: String
        var subdivision: String? = nil
        // The legal playbook.
        var entity: String
        /// The registry's filing fee in minor units of `currency` (nil when the pack has no sourced fee).
        var filingFee: Int64?
        /// Names of obligations that must be budgeted as line items, with their amounts.
        var obligations: [String: Int64] = [:]
        /// Words of the tax registrations the formation must list.
        var taxRegistrations: [String]
        var trademarkOffice: String
        /// The trademark office's fee for the first class (or the classes it includes).
        var trademarkFee: Int64

        var testDescription: String { "\(name), \(location) (\(currency))" }
    }

    static let cases: [Case] = [
        // Germany: "DE" is both Germany and Delaware; Munich settles it.
        Case(name: "Brotzeit", industry: "artisan bakery", location: "Munich, DE", currency: "EUR", country: "DE",
             entity: "einzelunternehmen", filingFee: nil, taxRegistrations: ["Finanzamt", "Kleinunternehmer"],
             trademarkOffice: "DPMA", trademarkFee: 29_000),
        // The local name of the country; a gym needs limited liability: a UG.
        Case(name: "Kraftwerk", industry: "fitness studio", location: "Köln, Deutschland", currency: "EUR", country: "DE",
             entity: "ug", filingFee: 15_000, obligations: ["Transparenzregister": 2_080], taxRegistrations: ["Finanzamt", "Gewerbesteuer"],
             trademarkOffice: "DPMA", trademarkFee: 29_000),
        Case(name: "Atelier Lumière", industry: "design studio", location: "Lyon, France", currency: "EUR", country: "FR",
             entity: "micro_entreprise", filingFee: 0, taxRegistrations: ["SIREN", "TVA"], trademarkOffice: "INPI", trademarkFee: 19_000),
        // A bare city known in one country.
        Case(name: "Calanque Capital", industry: "financial advisory", location: "Marseille", currency: "EUR", country: "FR",
             entity: "sarl", filingFee: 3_559, obligations: ["Annonce légale": 14_700], taxRegistrations: ["SIREN", "TVA"],
             trademarkOffice: "INPI", trademarkFee: 19_000),
        Case(name: "Liffey Labs", industry: "B2B SaaS", location: "Dublin, Ireland", currency: "EUR", objectives: ["Raise a seed round from investors"],
             country: "IE", entity: "ltd", filingFee: 5_000, obligations: ["Annual return": 2_000], taxRegistrations: ["Corporation Tax", "VAT"],
             trademarkOffice: "IPOI", trademarkFee: 7_000),
        Case(name: "Salthill Kitchen", industry: "seafood restaurant", location: "Galway", currency: "EUR", country: "IE",
             entity: "ltd", filingFee: 5_000, obligations: ["Annual return": 2_000], taxRegistrations: ["Corporation Tax", "VAT"],
             trademarkOffice: "IPOI", trademarkFee: 7_000),
        // "CA" is both Canada and California; Toronto and ON settle it.
        Case(name: "Northwind", industry: "B2B SaaS", location: "Toronto, ON", currency: "CAD", objectives: ["Raise a seed round from investors"],
             country: "CA", subdivision: "CA-ON", entity: "cbca_corporation", filingFee: 20_000, obligations: ["annual return": 1_200],
             taxRegistrations: ["business number", "GST/HST"], trademarkOffice: "CIPO", trademarkFee: 47_815),
        Case(name: "Érable", industry: "online tutoring", location: "Montréal, Québec", currency: "CAD", country: "CA", subdivision: "CA-QC",
             entity: "provincial_corporation", filingFee: nil, taxRegistrations: ["GST/HST", "QST"],
             trademarkOffice: "CIPO", trademarkFee: 47_815),
        Case(name: "Harbour Consulting", industry: "management consulting", location: "Sydney, NSW", currency: "AUD", country: "AU", subdivision: "AU-NSW",
             entity: "sole_trader", filingFee: 0, obligations: ["business name": 4_200], taxRegistrations: ["ABN", "GST"],
             trademarkOffice: "IP Australia", trademarkFee: 25_000),
        Case(name: "Yarra Physio", industry: "physiotherapy clinic", location: "Melbourne, Australia", currency: "AUD", country: "AU",
             entity: "pty_ltd", filingFee: 59_700, obligations: ["annual review": 32_100], taxRegistrations: ["ABN", "GST"],
             trademarkOffice: "IP Australia", trademarkFee: 25_000),
        Case(name: "Kindred Clinic", industry: "digital healthcare", location: "London, UK", currency: "GBP", country: "GB",
             entity: "ltd", filingFee: 10_000, obligations: ["Confirmation statement": 5_000, "ICO data protection fee": 5_200],
             taxRegistrations: ["Corporation Tax", "VAT"], trademarkOffice: "UKIPO", trademarkFee: 20_500),
        Case(name: "Thistle & Loom", industry: "design studio", location: "Glasgow, Scotland", currency: "GBP", country: "GB", subdivision: "GB-SCT",
             entity: "sole_trader", filingFee: 0, obligations: ["ICO data protection fee": 5_200], taxRegistrations: ["Self Assessment", "VAT"],
             trademarkOffice: "UKIPO", trademarkFee: 20_500),
        // United States: "City, ST", colliding codes (CO is Colombia, IN is India), states without sales tax.
        Case(name: "Casa Lumbre", industry: "Tex-Mex restaurant", location: "Austin, TX", currency: "USD", country: "US", subdivision: "US-TX",
             entity: "LLC", filingFee: 30_000, taxRegistrations: ["EIN", "sales tax"], trademarkOffice: "USPTO", trademarkFee: 35_000),
        Case(name: "Rose City Goods", industry: "retail shop", location: "Portland, OR", currency: "USD", country: "US", subdivision: "US-OR",
             entity: "LLC", filingFee: 10_000, taxRegistrations: ["EIN", "no statewide sales tax"], trademarkOffice: "USPTO", trademarkFee: 35_000),
        Case(name: "Peak Analytics", industry: "data analytics software", location: "Denver, CO", currency: "USD", country: "US", subdivision: "US-CO",
             entity: "LLC", filingFee: 5_000, taxRegistrations: ["EIN", "sales tax"], trademarkOffice: "USPTO", trademarkFee: 35_000),
        Case(name: "Circle City Fitness", industry: "fitness studio", location: "Indianapolis, IN", currency: "USD", country: "US", subdivision: "US-IN",
             entity: "LLC", filingFee: 9_500, taxRegistrations: ["EIN", "sales tax"], trademarkOffice: "USPTO", trademarkFee: 35_000),
        Case(name: "Bayline Devtools", industry: "developer tools", location: "San Francisco, California", currency: "USD",
             objectives: ["Raise a seed round and give the first hires stock options"], country: "US", subdivision: "US-CA",
             entity: "C-corporation", filingFee: 10_900, obligations: ["minimum franchise tax": 80_000, "Delaware annual franchise tax": 17_500, "Delaware annual report": 5_000, "foreign corporation registration": 10_000],
             taxRegistrations: ["EIN", "83(b)"],
             trademarkOffice: "USPTO", trademarkFee: 35_000),
    ]

    /// Terms of US law only.
    static let usOnly = ["LLC", "EIN", "sales tax", "Operating agreement", "USPTO", "Delaware", "IRS", "registered agent", "83(b)"]

    /// The company as the Orchestrator hands it to the agents: validated, located, its currency named.
    static func company(_ example: Case) throws -> Company {
        var company = Company()
        company.name = example.name
        company.industry = example.industry
        company.location = example.location
        company.currency = example.currency
        company.timelineDays = example.days
        company.budgetCents = try #require(PlanRequestRules.budgetRange(in: example.currency)).upperBound / 2
        #expect(PlanRequestRules.violations(of: company).isEmpty)
        return try PlanRequestRules.completing(company).get()
    }

    /// All six agents' results for the company, each with a roomy task budget.
    static func results(_ example: Case) async throws -> [AgentType: AgentResult] {
        let company = try company(example)
        let executor = try SampleCompanies.executor()
        var results: [AgentType: AgentResult] = [:]
        for agent in AgentType.productOrder {
            var request = SampleCompanies.request(agent, company, title: SampleCompanies.title(for: agent), budgetCents: company.budgetCents / 4, objectives: example.objectives)
            request.task.endDay = company.timelineDays
            results[agent] = try await executor.execute(request)
        }
        return results
    }

    static func text(_ results: some Collection<AgentResult>) -> String {
        results.flatMap(\.deliverables).map { "\($0.title)\n\($0.bodyMarkdown)\n" + $0.lineItems.map { "\($0.description_p) \($0.source)" }.joined(separator: "\n") }
            .joined(separator: "\n")
    }

    @Test("the location is read into the right country and subdivision", arguments: cases)
    func located(_ example: Case) throws {
        let company = try Self.company(example)
        #expect(company.countryCode == example.country)
        if let subdivision = example.subdivision { #expect(company.subdivisionCode == subdivision) }
        #expect(company.currency == example.currency)
    }

    @Test("the entity, its filing fee, the obligations budgeted, the tax registrations and the trademark office and fee", arguments: cases)
    func legal(_ example: Case) async throws {
        let results = try await Self.results(example)
        let legal = try #require(results[.legal])
        let formation = try #require(legal.deliverables.first { $0.kind == "entity_formation" })
        #expect(formation.attributes["entity"] == example.entity, "\(formation.title)")
        let fees = formation.lineItems.filter { $0.category == "government_fee" }
        if let filingFee = example.filingFee {
            #expect(fees.first?.unitCostCents == filingFee, "\(fees.map(\.description_p))")
        }
        for (obligation, amount) in example.obligations {
            let line = formation.lineItems.first { $0.description_p.localizedCaseInsensitiveContains(obligation) }
            #expect(line?.totalCents == amount, "\(obligation) in \(formation.lineItems.map(\.description_p))")
        }
        for registration in example.taxRegistrations {
            #expect(formation.bodyMarkdown.localizedCaseInsensitiveContains(registration), "\(registration)")
        }
        let trademark = try #require(legal.deliverables.first { $0.kind == "trademark" })
        #expect(trademark.bodyMarkdown.contains(example.trademarkOffice))
        let officeFees = trademark.lineItems.filter { $0.category == "government_fee" }
        #expect(officeFees.first?.unitCostCents == example.trademarkFee, "\(officeFees.map(\.description_p))")
    }

    @Test("every amount is in the company's currency: no other currency's figure is left unconverted, and the text shows its symbol", arguments: cases)
    func currency(_ example: Case) async throws {
        let results = try await Self.results(example)
        let symbol = ["USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$"][example.currency] ?? "?"
        for (agent, result) in results {
            let items = result.deliverables.flatMap(\.lineItems)
            #expect(items.reduce(0) { $0 + $1.totalCents } == result.budgetUsedCents, "\(agent)")
            for item in items {
                // A figure published in another currency says it was converted into this one.
                for other in ["USD", "EUR", "GBP", "CAD", "AUD"] where other != example.currency {
                    #expect(!item.source.contains("converted to \(other)"), "\(agent): \(item.description_p)")
                }
                if example.currency != "USD", item.source.contains("converted to") {
                    #expect(item.source.contains("converted to \(example.currency) at the planning rate"))
                }
            }
            for deliverable in result.deliverables {
                // Citations quote their publisher verbatim; every other amount is the plan's.
                let body = deliverable.bodyMarkdown.split(separator: "\n").filter { !$0.hasPrefix("Sources:") && !$0.hasPrefix("Fee source:") }.joined(separator: "\n")
                // Amounts in the body carry this currency's symbol and no other's.
                let others = ["$", "€", "£"].filter { $0 != symbol && !symbol.hasSuffix($0) }
                for other in others {
                    #expect(!Self.amounts(in: body).contains { $0.hasPrefix(other) }, "\(agent) \(deliverable.kind): \(Self.amounts(in: body))")
                }
                if example.currency != "USD", symbol.hasSuffix("$") {
                    // CA$ and A$: a bare "$" amount would read as US dollars.
                    #expect(!Self.amounts(in: body).contains { $0.hasPrefix("$") }, "\(agent) \(deliverable.kind): \(Self.amounts(in: body))")
                }
            }
        }
    }

    @Test("no US-only term outside the US, and no sales-tax step where there is no sales tax", arguments: cases)
    func terms(_ example: Case) async throws {
        let results = try await Self.results(example)
        let all = Self.text(Array(results.values))
        if example.country != "US" {
            for term in Self.usOnly where !(example.country == "CA" && term == "sales tax") {
                #expect(!all.contains(term), "US term '\(term)' in a plan for \(example.country)")
            }
        }
        let subdivision = try Self.company(example).subdivisionCode
        if JurisdictionPacks.standard.pack(for: "US")?.salesTax?.noSalesTaxSubdivisions?.contains(subdivision) == true {
            let formation = results[.legal]?.deliverables.first { $0.kind == "entity_formation" }?.bodyMarkdown ?? ""
            #expect(!formation.contains("sales tax if") && !formation.contains("sales tax and employer"), "\(formation)")
            #expect(formation.contains("no statewide sales tax"))
        }
    }

    /// Money amounts written in a text: `$1,234.56`, `€86`, `CA$200.00`, `A$597`, `£50.00`.
    static func amounts(in text: String) -> [String] {
        let pattern = /(?:CA\$|A\$|\$|€|£)\d[\d,]*(?:\.\d+)?/
        return text.matches(of: pattern).map { String($0.output) }
    }
}
