import AgentService
import CEODomain
import CEOAPI
import CEOTestSupport
import CEORPC
import Foundation
import Testing

@Suite("Campaigns agent")
struct CampaignsAgentTests {
    let executor: AgentExecutor
    let reference: ReferenceData

    init() throws {
        reference = try ReferenceData.bundled()
        executor = AgentExecutor(agents: [try CampaignsAgent(reference: reference)], cache: nil)
    }

    func run(_ company: Company, budgetCents: Int64) async throws -> AgentResult {
        try await executor.execute(SampleCompanies.request(.campaigns, company, title: "Launch campaign", budgetCents: budgetCents))
    }

    func deliverable(_ result: AgentResult, _ kind: String) throws -> Deliverable {
        try #require(result.deliverables.first { $0.kind == kind }, "no \(kind)")
    }

    /// The CAC target recomputed from the media line items and the benchmark file.
    func expectedCAC(_ result: AgentResult, profile: String) throws -> Int64 {
        let mix = try deliverable(result, "channel_mix")
        let industry = try #require(IndustryProfiles.standard.all.first { $0.key == profile })
        let close = industry.playbook.closeRate.rate
        var spend = 0.0, customers = 0.0
        for item in mix.lineItems where item.description_p.hasPrefix("Media: ") {
            let benchmark = try #require(reference.adBenchmarks.channels.keys.map { try reference.adBenchmarks.figures($0, category: industry.playbook.adCategory) }
                .first { $0.citation == item.source })
            spend += Double(item.totalCents)
            customers += Double(item.totalCents) / Double(benchmark.costPerClickCents) * benchmark.conversionRate * close
        }
        return Int64((spend / customers).rounded())
    }

    @Test("Texas restaurant on $1,200: social-first mix, the whole budget split exactly, CAC from the benchmarks; no room for extras")
    func texasRestaurant() async throws {
        let result = try await run(SampleCompanies.texasRestaurant, budgetCents: 120_000)
        let mix = try deliverable(result, "channel_mix")
        #expect(mix.lineItems.map(\.totalCents) == [41_076, 22_820, 27_384])
        #expect(mix.lineItems.first?.description_p == "Media: Instagram and Facebook ads")
        #expect(mix.attributes["media_cents"] == "91280")
        #expect(result.budgetUsedCents == 120_000)
        #expect(result.deliverables.map(\.kind) == ["channel_mix", "kpis"])
        let kpis = try deliverable(result, "kpis")
        #expect(kpis.attributes["target_cac_cents"] == String(try expectedCAC(result, profile: "food_beverage")))
        #expect(kpis.bodyMarkdown.contains("35% of leads"))
    }

    @Test("Delaware SaaS on $20,000: search-led mix, launch sequence on the task's days, creative and weekly reports")
    func delawareSaaS() async throws {
        let result = try await run(SampleCompanies.delawareSaaS, budgetCents: 2_000_000)
        #expect(result.deliverables.map(\.kind) == ["channel_mix", "kpis", "launch_sequence", "creative", "reporting"])
        #expect(result.budgetUsedCents == 2_000_000)
        let mix = try deliverable(result, "channel_mix")
        #expect(mix.lineItems.first?.description_p == "Media: Google Search ads")
        let labor = Int64(4 + 2 + 4 + 5) * 7_180
        #expect(mix.attributes["media_cents"] == String(2_000_000 - labor))
        let kpis = try deliverable(result, "kpis")
        let cac = try expectedCAC(result, profile: "software")
        #expect(kpis.attributes["target_cac_cents"] == String(cac))
        #expect(kpis.bodyMarkdown.contains("Google Search ads $5.58 a click, 5.14% of clicks becoming leads (Business Services advertisers)") && kpis.bodyMarkdown.contains("sources in the media lines"))
        #expect(mix.lineItems.contains { $0.source.contains("WordStream") })
        let launch = try deliverable(result, "launch_sequence").bodyMarkdown
        #expect(launch.contains("| 0–9 | Pre-launch") && launch.contains("| 14–30 | Optimise"))
    }

    @Test("London healthcare: search first, referral partnerships, and no health-based targeting")
    func londonHealthcare() async throws {
        let result = try await run(SampleCompanies.londonHealthcare, budgetCents: 500_000)
        let mix = try deliverable(result, "channel_mix")
        #expect(mix.bodyMarkdown.contains("| Google Search ads | 55% |"))
        #expect(mix.bodyMarkdown.contains("without health-based targeting"))
        #expect(mix.lineItems.contains { $0.description_p == "Budget: Referral partnerships" })
        #expect(try deliverable(result, "kpis").attributes["target_cac_cents"] == String(try expectedCAC(result, profile: "healthcare")))
    }

    @Test("ad copy for every industry profile: written from the company's facts, each line within its format's character limit, cited")
    func adCopyWithinLimits() async throws {
        var headlines = Set<String>()
        for (index, profile) in IndustryProfiles.standard.all.enumerated() {
            let industry = profile.matches.first ?? "general business"
            let company = SampleCompanies.company("Northgate \(index)", industry, "Austin, TX", dollars: 20_000, days: 120)
            let creative = try deliverable(try await run(company, budgetCents: 2_000_000), "creative")
            for id in AdFormats.required {
                let format = reference.adFormats[id]
                let lines = try #require(creative.attributes[id]).split(separator: "\n").map(String.init)
                #expect(lines.count >= 2, "\(profile.key) \(id): \(lines)")
                for line in lines { #expect(line.count <= format.maxCharacters, "\(profile.key) \(id): \(line.count) > \(format.maxCharacters): \(line)") }
            }
            #expect(creative.bodyMarkdown.contains("Northgate \(index)") && creative.bodyMarkdown.contains("Austin"))
            #expect(creative.attributes[DeliverableAttribute.cites]?.contains("support.google.com") == true)
            headlines.formUnion(creative.attributes["google_rsa_headline"]!.split(separator: "\n").map { $0.replacingOccurrences(of: "Northgate \(index)", with: "·") })
        }
        // The profiles' facts make the copy differ: far more distinct headlines than one template would give.
        #expect(headlines.count >= IndustryProfiles.standard.all.count * 2)
    }
}
