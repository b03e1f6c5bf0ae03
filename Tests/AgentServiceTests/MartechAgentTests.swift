import AgentService
import CEOAPI
import CEOTestSupport
import CEORPC
import Foundation
import Testing

@Suite("Martech agent")
struct MartechAgentTests {
    let executor: AgentExecutor
    let reference: ReferenceData

    init() throws {
        reference = try ReferenceData.bundled()
        executor = AgentExecutor(agents: [try MartechAgent(reference: reference)], cache: nil)
    }

    func run(_ company: Company, budgetCents: Int64) async throws -> AgentResult {
        try await executor.execute(SampleCompanies.request(.martech, company, title: "Email marketing, CRM and analytics setup", budgetCents: budgetCents))
    }

    func stack(_ result: AgentResult) throws -> Deliverable {
        try #require(result.deliverables.first { $0.kind == "stack" })
    }

    @Test("Texas restaurant on $300: the free stack with local listings, setup only")
    func texasRestaurant() async throws {
        let result = try await run(SampleCompanies.texasRestaurant, budgetCents: 30_000)
        let stack = try stack(result)
        #expect(stack.attributes["tier"] == "lean")
        #expect(stack.attributes["tools"] == "mailchimp_free,hubspot_free_crm,google_analytics_free,google_business_profile")
        #expect(stack.attributes["monthly_cents"] == "0")
        #expect(result.budgetUsedCents == 3 * 7_180)
        #expect(result.deliverables.map(\.kind) == ["stack", "integration_map"])
        #expect(result.notes.contains { $0.contains("Tracking plan") })
    }

    @Test("Delaware SaaS on $5,000: one platform with two seats priced monthly over the 6-month timeline; SaaS events")
    func delawareSaaS() async throws {
        let result = try await run(SampleCompanies.delawareSaaS, budgetCents: 500_000)
        let stack = try stack(result)
        #expect(stack.attributes["tier"] == "scale")
        let hubspot = try reference.toolPrice("hubspot_starter_seat_month")
        let seats = try #require(stack.lineItems.first { $0.description_p.hasPrefix("HubSpot") })
        #expect(seats.billing == "monthly" && seats.quantity == 6 && seats.unitCostCents == 2 * hubspot.unitCostCents)
        #expect(stack.attributes["monthly_cents"] == String(2 * hubspot.unitCostCents))
        #expect(stack.bodyMarkdown.contains("$30.00 a month"))
        let tracking = try #require(result.deliverables.first { $0.kind == "tracking_plan" })
        #expect(tracking.attributes["key_conversion"] == "subscription_started")
        #expect(tracking.attributes["events"]?.contains("trial_started") == true)
        #expect(result.deliverables.count == 5)
    }

    @Test("London healthcare: cookieless analytics at every size, and no health details sent to analytics")
    func londonHealthcare() async throws {
        for (budget, tier) in [(Int64(40_000), "lean"), (100_000, "scale")] {
            let result = try await run(SampleCompanies.londonHealthcare, budgetCents: budget)
            let stack = try stack(result)
            #expect(stack.attributes["tier"] == tier)
            let tools = stack.attributes["tools"] ?? ""
            #expect(tools.contains("plausible_starter_month") && !tools.contains("google_analytics_free"))
            let plausible = try #require(stack.lineItems.first { $0.description_p.hasPrefix("Plausible") })
            #expect(plausible.totalCents == 3 * 900)
            let map = try #require(result.deliverables.first { $0.kind == "integration_map" })
            #expect(map.bodyMarkdown.contains("no names, emails or health details"))
        }
    }
}
