import AgentService
import CEOAPI
import CEODomain
import CEOTestSupport
import CEORPC
import Foundation
import Testing

@Suite("Web development agent")
struct WebDevelopmentAgentTests {
    let executor: AgentExecutor
    let reference: ReferenceData

    init() throws {
        reference = try ReferenceData.bundled()
        executor = AgentExecutor(agents: [try WebDevelopmentAgent(reference: reference)], cache: nil)
    }

    func run(_ company: Company, budgetCents: Int64) async throws -> AgentResult {
        try await executor.execute(SampleCompanies.request(.webDevelopment, company, title: "Build the website", budgetCents: budgetCents))
    }

    func deliverable(_ result: AgentResult, _ kind: String) throws -> Deliverable {
        try #require(result.deliverables.first { $0.kind == kind }, "no \(kind) in \(result.deliverables.map(\.kind))")
    }

    @Test("the stack follows the budget: static, CMS, custom for the SaaS")
    func stackByBudget() async throws {
        let company = SampleCompanies.delawareSaaS
        #expect(try deliverable(try await run(company, budgetCents: 100_000), "stack").attributes["stack"] == "static")
        #expect(try deliverable(try await run(company, budgetCents: 400_000), "stack").attributes["stack"] == "cms")
        #expect(try deliverable(try await run(company, budgetCents: 1_500_000), "stack").attributes["stack"] == "custom")
    }

    @Test("Delaware SaaS, custom stack: domain for a year and hosting for the 6-month timeline at the cited prices; a SaaS sitemap")
    func delawareSaaS() async throws {
        let result = try await run(SampleCompanies.delawareSaaS, budgetCents: 1_500_000)
        let stack = try deliverable(result, "stack")
        #expect(stack.attributes["domain"] == "ledgerly.com")
        let droplet = try reference.toolPrice("digitalocean_droplet_month")
        let postgres = try reference.toolPrice("digitalocean_postgres_month")
        let domain = try reference.toolPrice("domain_com_year")
        #expect(stack.lineItems.map(\.totalCents) == [domain.yearlyCents, droplet.monthlyCents.map { 6 * $0 }, postgres.monthlyCents.map { 6 * $0 }])
        #expect(stack.lineItems.dropFirst().allSatisfy { $0.billing == "monthly" && $0.quantity == 6 })
        let sitemap = try deliverable(result, "sitemap")
        for page in ["Pricing", "Docs", "Security", "Book a demo", "Privacy and terms"] {
            #expect(sitemap.bodyMarkdown.contains("**\(page)**"), "\(page)")
        }
        #expect(try deliverable(result, "build").lineItems.first?.quantity == 60)
        #expect(result.deliverables.count == 7)
    }

    @Test("Texas restaurant on $1,000: a static site with free hosting, a menu and reservations in the sitemap")
    func texasRestaurant() async throws {
        let result = try await run(SampleCompanies.texasRestaurant, budgetCents: 100_000)
        let stack = try deliverable(result, "stack")
        #expect(stack.attributes["stack"] == "static")
        #expect(stack.lineItems.map(\.totalCents) == [1_046, 0])
        let sitemap = try deliverable(result, "sitemap").bodyMarkdown
        #expect(sitemap.contains("**Menu**") && sitemap.contains("**Reservations**") && sitemap.contains("**Visit us**"))
        #expect(result.budgetUsedCents == 10 * 8_918 + 1_046)
    }

    @Test("London healthcare on $4,000: a CMS, booking and an accessibility statement; milestones inside the task window")
    func londonHealthcare() async throws {
        let result = try await run(SampleCompanies.londonHealthcare, budgetCents: 400_000)
        let stack = try deliverable(result, "stack")
        #expect(stack.attributes["stack"] == "cms")
        // Webflow's only billing on record is yearly: a 3-month plan pays one year, not 3 × a monthly equivalent.
        let webflow = try reference.toolPrice("webflow_cms_month")
        let hosting = try #require(stack.lineItems.last)
        #expect(hosting.billing == "yearly" && hosting.quantity == 1 && hosting.description_p.contains("billed yearly"))
        #expect(hosting.totalCents == PlanningRates.standard.convert(try #require(webflow.yearlyCents), from: "USD", to: SampleCompanies.londonHealthcare.moneyCurrency))
        let sitemap = try deliverable(result, "sitemap").bodyMarkdown
        #expect(sitemap.contains("**Book an appointment**") && sitemap.contains("**Accessibility statement**"))
        let milestones = try deliverable(result, "milestones").bodyMarkdown
        let days = milestones.split(separator: "\n").dropFirst(2).compactMap { Int($0.split(separator: "|").first?.trimmingCharacters(in: .whitespaces) ?? "") }
        #expect(days.count == 6 && days == days.sorted() && days.first == 0 && days.last == 30)
        // The booking flow's own checks in the plan; the standard checklist once, by reference, in the export's appendix.
        let checklist = try deliverable(result, "accessibility_performance")
        #expect(checklist.bodyMarkdown.contains("booking widget") && checklist.bodyMarkdown.contains("WCAG 2.2 AA"))
        let key = try #require(checklist.attributes[StandardChecklists.attribute])
        let standard = try #require(StandardChecklists.standard.checklist(key))
        #expect(standard.markdown.contains("Largest Contentful Paint under 2.5 s") && !checklist.bodyMarkdown.contains("Largest Contentful Paint"))
        #expect(try deliverable(result, "build").bodyMarkdown.contains("the booking flow"))
    }
}
