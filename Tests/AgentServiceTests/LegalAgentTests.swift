import AgentService
import CEOAPI
import CEOTestSupport
import CEORPC
import Foundation
import Testing

@Suite("Legal agent")
struct LegalAgentTests {
    let executor: AgentExecutor
    let reference: ReferenceData

    init() throws {
        reference = try ReferenceData.bundled()
        executor = AgentExecutor(agents: [try LegalAgent(reference: reference)], cache: nil)
    }

    func run(_ company: Company, budgetCents: Int64) async throws -> AgentResult {
        try await executor.execute(SampleCompanies.request(.legal, company, title: SampleCompanies.title(for: .legal), budgetCents: budgetCents))
    }

    func deliverable(_ result: AgentResult, _ kind: String) throws -> Deliverable {
        try #require(result.deliverables.first { $0.kind == kind }, "no \(kind) in \(result.deliverables.map(\.kind))")
    }

    @Test("the state table covers all 50 states and DC, each with a fee, a form and an office, and cites its source")
    func stateTable() {
        let states = reference.stateFilingFees
        #expect(states.states.count == 51)
        #expect(states.source.contains("Harbor Compliance") && states.period.contains("2026"))
        for state in states.states.values {
            #expect(state.filingFeeCents >= 3_500 && state.filingFeeCents <= 50_000, "\(state.code)")
            #expect(!state.form.isEmpty && !state.filingOffice.isEmpty)
        }
        #expect(states.state("DE")?.filingFeeCents == 11_000)
        #expect(states.state("TX")?.filingFeeCents == 30_000)
        #expect(states.state("MA")?.filingFeeCents == 50_000)
        // The office in full, the state said once: "the Arizona Arizona Corporation Commission" was printed.
        #expect(states.state("AZ")?.filingOfficeName == "Arizona Corporation Commission")
        #expect(states.state("TX")?.filingOfficeName == "Texas Secretary of State")
        for state in states.states.values {
            let words = state.filingOfficeName.split(separator: " ")
            #expect(!zip(words, words.dropFirst()).contains { $0 == $1 }, "\(state.filingOfficeName)")
        }
    }

    @Test("Delaware SaaS: the Delaware fee from the table, the annual tax noted, USPTO in classes 9 and 42, data-protection flags")
    func delawareSaaS() async throws {
        let result = try await run(SampleCompanies.delawareSaaS, budgetCents: 400_000)
        let formation = try deliverable(result, "entity_formation")
        #expect(formation.title == "Form Ledgerly as a Delaware LLC")
        #expect(formation.lineItems.map(\.totalCents) == [reference.stateFilingFees.state("DE")!.filingFeeCents])
        #expect(formation.lineItems[0].source.contains("Harbor Compliance"))
        #expect(formation.bodyMarkdown.contains("Certificate of Formation") && formation.bodyMarkdown.contains("$110.00"))
        #expect(formation.bodyMarkdown.contains("annual tax of $300"))
        #expect(formation.bodyMarkdown.contains("EIN") && formation.bodyMarkdown.contains("free"))
        let trademark = try deliverable(result, "trademark")
        #expect(trademark.attributes["classes"] == "9,42")
        let uspto = try #require(trademark.lineItems.first { $0.category == "government_fee" })
        #expect(uspto.quantity == 2 && uspto.unitCostCents == 35_000)
        #expect(uspto.source.contains("USPTO") || uspto.source.contains("Patent and Trademark"))
        let flags = try deliverable(result, "regulation_flags").attributes["flags"] ?? ""
        #expect(flags.contains("data_protection") && flags.contains("payments"))
        #expect(!flags.contains("alcohol") && !flags.contains("health_data"))
        #expect(result.deliverables.contains { $0.kind == "registered_agent" })
        #expect(try deliverable(result, "privacy_terms").bodyMarkdown.contains("Data processing agreement"))
        #expect(result.notes.isEmpty)
    }

    @Test("Texas restaurant on $600: the $300 Texas fee, alcohol (TABC), food and sales-tax flags; the rest left out and named")
    func texasRestaurant() async throws {
        let result = try await run(SampleCompanies.texasRestaurant, budgetCents: 60_000)
        let formation = try deliverable(result, "entity_formation")
        #expect(formation.lineItems.map(\.totalCents) == [30_000])
        #expect(formation.bodyMarkdown.contains("Form 205") && formation.attributes["state"] == "TX")
        let flags = try deliverable(result, "regulation_flags")
        #expect(flags.attributes["flags"] == "food_safety,alcohol,sales_tax,allergens,payments,local_licence")
        #expect(flags.bodyMarkdown.contains("Texas Alcoholic Beverage Commission"))
        #expect(result.budgetUsedCents <= 60_000)
        // $300 fee + 1 h review + $120 registered agent fit; the trademark ($630.32) does not.
        #expect(result.deliverables.map(\.kind) == ["entity_formation", "regulation_flags", "registered_agent"])
        #expect(result.budgetUsedCents == 30_000 + (try reference.laborRate("lawyer_hour").unitCostCents) + 12_000)
        #expect(result.notes.contains { $0.contains("Trademark search and filing") })
    }

    @Test("London healthcare in pounds: a Ltd (a clinic needs limited liability) at the Companies House fee, the ICO fee, UKIPO classes 44 and 42, UK GDPR health data and CQC")
    func londonHealthcare() async throws {
        var company = SampleCompanies.londonHealthcare
        company.currency = "GBP"
        let result = try await run(company, budgetCents: 300_000)
        let formation = try deliverable(result, "entity_formation")
        #expect(formation.title.contains("Ltd") && formation.attributes["entity"] == "ltd" && formation.attributes["currency"] == "GBP")
        #expect(formation.bodyMarkdown.contains("a clinic answers for the care it gives"))
        // £100 online incorporation (from 1 February 2026) and the £52 ICO fee, in pence, unconverted.
        #expect(formation.lineItems.map(\.unitCostCents) == [10_000, 5_200])
        #expect(formation.lineItems.allSatisfy { $0.source.contains("gov.uk") || $0.source.contains("ico.org.uk") })
        #expect(formation.bodyMarkdown.contains("£100.00") && !formation.bodyMarkdown.contains("$"))
        #expect(!result.deliverables.contains { $0.kind == "registered_agent" })
        let trademark = try deliverable(result, "trademark")
        #expect(trademark.attributes["classes"] == "44,42")
        // UKIPO from 1 April 2026: £205 for the first class, £60 for each further one.
        #expect(trademark.lineItems.filter { $0.category == "government_fee" }.map(\.totalCents) == [20_500, 6_000])
        let flags = try deliverable(result, "regulation_flags")
        #expect(flags.attributes["flags"]?.hasPrefix("health_data,licensing,nhs") == true)
        #expect(flags.bodyMarkdown.contains("Care Quality Commission") && flags.bodyMarkdown.contains("Article 9"))
        #expect(try deliverable(result, "founding_agreement").title == "Shareholders' agreement")
        // The key clauses of the patient terms follow the booking flow; patient data gets processor contracts, not a B2B DPA.
        let privacy = try deliverable(result, "privacy_terms").bodyMarkdown
        #expect(privacy.contains("cancellations up to 24 hours ahead are free") && privacy.contains("Processor contracts") && !privacy.contains("Data processing agreement"))
    }

    @Test("every state in the table: a company there is charged exactly that state's fee")
    func everyState() async throws {
        for state in reference.stateFilingFees.states.values.sorted(by: { $0.code < $1.code }) {
            // As the Orchestrator sends it: the location read into its country and state.
            var company = SampleCompanies.company("Acme", "consulting", "Springfield, \(state.code)", dollars: 10_000, days: 90)
            company.countryCode = "US"
            company.subdivisionCode = "US-\(state.code)"
            let result = try await run(company, budgetCents: 100_000)
            let formation = try deliverable(result, "entity_formation")
            #expect(formation.lineItems.first?.totalCents == state.filingFeeCents, "\(state.code)")
            #expect(formation.title.hasSuffix("\(state.name) LLC"), "\(formation.title)")
            // Read aloud: "an Oregon LLC", "an Idaho LLC", but "a Utah LLC", "a Texas LLC".
            let expectedArticle = ["AL", "AK", "AZ", "AR", "ID", "IL", "IN", "IA", "OH", "OK", "OR"].contains(state.code) ? "an" : "a"
            #expect(formation.title == "Form Acme as \(expectedArticle) \(state.name) LLC", "\(formation.title)")
        }
    }

    @Test("locations are read by code, full name or with a country; a country without a pack gets a priced consultation")
    func locations() async throws {
        let byName = try await run(SampleCompanies.company("Acme", "consulting", "Austin, Texas, USA", dollars: 5_000, days: 60), budgetCents: 100_000)
        #expect(try deliverable(byName, "entity_formation").attributes["state"] == "TX")
        let elsewhere = try await run(SampleCompanies.company("Acme", "consulting", "Lisbon, Portugal", dollars: 5_000, days: 60), budgetCents: 100_000)
        let formation = try deliverable(elsewhere, "entity_formation")
        #expect(formation.title == "Form Acme in Portugal")
        #expect(formation.lineItems.map(\.totalCents) == [2 * 14_016])
        #expect(!elsewhere.deliverables.contains { $0.kind == "registered_agent" })
    }
}
