import AgentService
import CEOAPI
import CEODomain
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
        #expect(stack.attributes["software_cents"] == "0")
        #expect(result.budgetUsedCents == 3 * 7_180)
        #expect(result.deliverables.map(\.kind) == ["stack", "integration_map"])
        #expect(result.notes.contains { $0.contains("Tracking plan") })
    }

    @Test("Delaware SaaS on $5,000: one platform with two seats billed monthly (the vendor's only billing on record) over the 6-month timeline; SaaS events")
    func delawareSaaS() async throws {
        let result = try await run(SampleCompanies.delawareSaaS, budgetCents: 500_000)
        let stack = try stack(result)
        #expect(stack.attributes["tier"] == "scale")
        let hubspot = try reference.toolPrice("hubspot_starter_seat_month")
        let seats = try #require(stack.lineItems.first { $0.description_p.hasPrefix("HubSpot") })
        let seatMonth = try #require(hubspot.monthlyCents)
        #expect(seats.billing == "monthly" && seats.quantity == 6 && seats.unitCostCents == 2 * seatMonth)
        let software = stack.lineItems.filter { $0.category == "software" }.reduce(Int64(0)) { $0 + $1.totalCents }
        #expect(stack.attributes["software_cents"] == String(software) && software >= 12 * seatMonth)
        #expect(stack.bodyMarkdown.contains("**\(Money.dollars(software))** in software"))
        let tracking = try #require(result.deliverables.first { $0.kind == "tracking_plan" })
        #expect(tracking.attributes["key_conversion"] == "subscription_started")
        #expect(tracking.attributes["events"]?.contains("trial_started") == true)
        #expect(result.deliverables.count == 5)
    }

    @Test("London healthcare: cookieless analytics at every size (free at the lean size, EU-hosted once the budget carries it), and no health details sent to analytics")
    func londonHealthcare() async throws {
        for (budget, tier, tool, name, cost) in [(Int64(25_000), "lean", "cloudflare_web_analytics_free", "Cloudflare Web Analytics", Int64(0)),
                                                  (100_000, "scale", "plausible_starter_month", "Plausible Analytics Starter", 3 * 900)] {
            let result = try await run(SampleCompanies.londonHealthcare, budgetCents: budget)
            let stack = try stack(result)
            #expect(stack.attributes["tier"] == tier)
            let tools = stack.attributes["tools"] ?? ""
            #expect(tools.contains(tool) && !tools.contains("google_analytics_free"))
            let analytics = try #require(stack.lineItems.first { $0.description_p.hasPrefix(name) })
            #expect(analytics.totalCents == cost)
            let map = try #require(result.deliverables.first { $0.kind == "integration_map" })
            #expect(map.bodyMarkdown.contains("no names, emails or health details") && map.bodyMarkdown.contains("Website → \(name)"))
        }
    }
}
