import AgentService
import CEOAPI
import CEODomain
import CEOTestSupport
import CEORPC
import Foundation
import SwiftProtobuf
import Testing

@Suite("Branding agent")
struct BrandingAgentTests {
    let executor: AgentExecutor

    init() throws {
        executor = AgentExecutor(agents: [try BrandingAgent(reference: ReferenceData.bundled())], cache: nil)
    }

    func run(_ company: Company, budgetCents: Int64) async throws -> AgentResult {
        try await executor.execute(
            SampleCompanies.request(.branding, company, title: "Brand identity", budgetCents: budgetCents, objectives: ["Build a memorable brand"])
        )
    }

    @Test("every palette pair meets WCAG AA (body text 4.5:1, large text 3:1), recomputed from the hex values")
    func paletteContrast() async throws {
        for company in [SampleCompanies.delawareSaaS, SampleCompanies.texasRestaurant, SampleCompanies.londonHealthcare] {
            let result = try await run(company, budgetCents: company.budgetCents / 10)
            let palette = try #require(result.deliverables.first { $0.kind == "palette" })
            let background = try #require(RGBColor(hex: palette.attributes["background"] ?? ""))
            for role in ["text", "primary", "secondary"] {
                let color = try #require(RGBColor(hex: palette.attributes[role] ?? ""))
                #expect(color.contrastRatio(with: background) >= 4.5, "\(company.name): \(role) \(color) on \(background)")
            }
            let primary = try #require(RGBColor(hex: palette.attributes["primary"] ?? ""))
            #expect(RGBColor(red: 255, green: 255, blue: 255).contrastRatio(with: primary) >= 4.5)
            let accent = try #require(RGBColor(hex: palette.attributes["accent"] ?? ""))
            #expect(accent.contrastRatio(with: background) >= 3)
            #expect(palette.bodyMarkdown.contains("AA body text (4.5:1)"))
        }
    }

    @Test("the industry shapes the brand: hue family, fonts and audience differ per company")
    func industryFit() async throws {
        let saas = try await run(SampleCompanies.delawareSaaS, budgetCents: 500_000)
        let clinic = try await run(SampleCompanies.londonHealthcare, budgetCents: 200_000)
        let typography = { (result: AgentResult) in result.deliverables.first { $0.kind == "typography" }?.attributes["heading_font"] }
        #expect(typography(saas) == "Inter")
        #expect(typography(clinic) == "Source Serif 4")
        let positioning = try #require(clinic.deliverables.first { $0.kind == "positioning" })
        #expect(positioning.bodyMarkdown.contains("Kindred Clinic") && positioning.bodyMarkdown.contains("London"))
        #expect(positioning.bodyMarkdown.contains("patients"))
        #expect(clinic.deliverables.first { $0.kind == "naming" }?.bodyMarkdown.contains("Care, made clear.") == true)
        let clinicPrimary = try #require(RGBColor(hex: clinic.deliverables.first { $0.kind == "palette" }?.attributes["primary"] ?? ""))
        let saasPrimary = try #require(RGBColor(hex: saas.deliverables.first { $0.kind == "palette" }?.attributes["primary"] ?? ""))
        #expect(abs(HSLColor(clinicPrimary).hue - 190) < 15)
        #expect(abs(HSLColor(saasPrimary).hue - 248) < 15)
    }

    @Test("line items are priced at the cited designer rate of the company's country, in its currency, and sum to budget_used, within the task budget")
    func pricing() async throws {
        let reference = try ReferenceData.bundled()
        var londonInPounds = SampleCompanies.londonHealthcare
        londonInPounds.currency = "GBP"
        for (company, budget, statistics) in [(SampleCompanies.delawareSaaS, Int64(500_000), "Bureau of Labor Statistics"), (SampleCompanies.texasRestaurant, 45_000, "Bureau of Labor Statistics"),
                                              (SampleCompanies.londonHealthcare, 200_000, "Office for National Statistics"), (londonInPounds, 150_000, "Office for National Statistics")] {
            let wage = try reference.laborRate("graphic_designer_hour", in: try LocationResolver().resolve(company.location).country.code)
            let rate = PlanningRates.standard.convert(wage.unitCostCents, from: wage.currency, to: company.moneyCurrency)
            let result = try await run(company, budgetCents: budget)
            let items = result.deliverables.flatMap(\.lineItems)
            #expect(items.reduce(0) { $0 + $1.totalCents } == result.budgetUsedCents)
            #expect(result.budgetUsedCents <= budget)
            for item in items {
                #expect(item.unitCostCents == rate && item.totalCents == Int64(item.quantity) * item.unitCostCents, "\(company.location) \(company.moneyCurrency)")
                #expect(item.source.contains(statistics))
                #expect(item.source.contains("converted to") == (company.moneyCurrency != wage.currency), "\(item.source)")
            }
        }
    }

    @Test("a $3,000 restaurant gets the essentials and what else fits; a roomy budget gets everything")
    func budgets() async throws {
        let small = try await run(SampleCompanies.texasRestaurant, budgetCents: 45_000)
        #expect(small.deliverables.map(\.kind) == ["positioning", "palette", "logo_brief", "naming"])
        #expect(small.budgetUsedCents == 7 * 5_894)
        #expect(small.notes.contains { $0.contains("Logo design") })
        let large = try await run(SampleCompanies.delawareSaaS, budgetCents: 500_000)
        #expect(large.deliverables.count == 8)
        #expect(large.notes.isEmpty)
    }

    @Test("below the essentials: RESOURCE_EXHAUSTED with the minimum, which ListAgents also reports")
    func insufficient() async throws {
        let error = await #expect(throws: RPCError.self) { try await run(SampleCompanies.texasRestaurant, budgetCents: 20_000) }
        #expect(error?.code == .resourceExhausted)
        #expect(error?.trailers["minimum-budget-cents"] == "29470")
        #expect(executor.infos.first?.minimumBudgetCents == 29_470)
    }

    @Test("equal inputs give byte-identical results")
    func deterministic() async throws {
        let first = try await run(SampleCompanies.londonHealthcare, budgetCents: 200_000)
        let second = try await run(SampleCompanies.londonHealthcare, budgetCents: 200_000)
        #expect(first == second)
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        #expect(try first.serializedBytes(options: options) as [UInt8] == second.serializedBytes(options: options))
    }

    @Test("a founder's markup in the company name never reaches the output")
    func hostileName() async throws {
        var company = SampleCompanies.texasRestaurant
        company.name = "<img src=x onerror=alert(1)>Casa"
        let result = try await run(company, budgetCents: 45_000)
        for deliverable in result.deliverables {
            #expect(!deliverable.bodyMarkdown.contains("<") && !deliverable.bodyMarkdown.contains("onerror=alert(1)>"))
        }
    }

    @Test("work an objective names is offered first and, when the budget leaves it out, reported as named: a logo asked for is never silently dropped")
    func namedWorkFirst() async throws {
        let executor = AgentExecutor(agents: [try BrandingAgent(reference: ReferenceData.bundled())], cache: nil)
        let company = SampleCompanies.company("Green Thumb Landscaping", "landscaping services", "Indianapolis, IN", dollars: 1_500, days: 60)
        let thin = try await executor.execute(SampleCompanies.request(.branding, company, title: "Brand identity", budgetCents: 43_700, objectives: ["Get a logo"]))
        let logo = try #require(thin.leftOut.first { $0.kind == "logo_design" })
        #expect(logo.namedByObjectives && logo.costCents > 43_700)
        #expect(thin.leftOut.filter { $0.kind != "logo_design" }.allSatisfy { !$0.namedByObjectives })
        // With room for the logo but not for everything recommended, the logo the founder asked for goes in before the rest.
        let room = try await executor.execute(SampleCompanies.request(.branding, company, title: "Brand identity", budgetCents: 43_700 + logo.costCents, objectives: ["Get a logo"]))
        #expect(room.deliverables.contains { $0.kind == "logo_design" })
    }
}
