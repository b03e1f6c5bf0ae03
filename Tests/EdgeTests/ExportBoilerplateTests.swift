import AgentService
import CEOAPI
import CEODomain
import CEOTestSupport
@testable import Edge
import Foundation
import Orchestrator
import Testing

/// The export a founder downloads, for companies of different industries and countries,
/// planned by the Orchestrator's analyzer and run by the real agents in-process: each
/// contains the whole plan, and they share little text once the company's own words are
/// masked — the product writes for the company, not from one template.
@Suite("Exports: the whole plan, written for each company")
struct ExportBoilerplateTests {
    struct Founder: Sendable {
        var name: String
        var industry: String
        var location: String
        var currency: String
        var budget: Int64
        var days: Int32
        var objectives: [String]
    }

    static let panel: [Founder] = [
        Founder(name: "Ledgerly", industry: "B2B SaaS for accounting teams", location: "Wilmington, DE", currency: "USD", budget: 4_000_000, days: 180,
                objectives: ["Launch a website with pricing", "Get 100 demo requests", "Raise a seed round"]),
        Founder(name: "Casa Lumbre", industry: "Tex-Mex restaurant", location: "Austin, TX", currency: "USD", budget: 1_500_000, days: 90,
                objectives: ["Set up online booking", "Grand opening ads on Instagram", "Win our first 300 customers"]),
        Founder(name: "Brotzeit", industry: "artisan bakery", location: "Köln, Deutschland", currency: "EUR", budget: 1_200_000, days: 120,
                objectives: ["Form the company", "Launch an online store for bread boxes", "Run local Instagram ads"]),
        Founder(name: "Kindred Clinic", industry: "physiotherapy clinic", location: "London, UK", currency: "GBP", budget: 1_500_000, days: 90,
                objectives: ["Register the company", "Website with appointment booking", "Promote the clinic with Google Ads"]),
        Founder(name: "Harbour Homes", industry: "real estate agency", location: "Sydney, NSW", currency: "AUD", budget: 3_000_000, days: 120,
                objectives: ["Build a brand", "Get 40 valuation requests", "Publish area guides"]),
        Founder(name: "Maple Shelter", industry: "animal welfare charity", location: "Toronto, ON", currency: "CAD", budget: 2_000_000, days: 180,
                objectives: ["Register the charity", "Launch a donation website", "Recruit volunteers"]),
        Founder(name: "Salon Verde", industry: "hair salon", location: "Portland, OR", currency: "USD", budget: 1_000_000, days: 90,
                objectives: ["Brand and logo", "Online booking", "Instagram ads for the opening"]),
        Founder(name: "Forge & Mill", industry: "CNC machining", location: "Dublin, Ireland", currency: "EUR", budget: 2_500_000, days: 180,
                objectives: ["Form the company", "Website with quote requests", "Reach engineering buyers"]),
        Founder(name: "Signal Hill", industry: "podcast network", location: "Brooklyn, NY", currency: "USD", budget: 10_000_000, days: 365,
                objectives: ["Build a brand", "Launch a website with a subscribe page", "Grow to 5000 subscribers", "Raise a seed round", "Hire two producers"]),
        Founder(name: "Loom & Leaf", industry: "handmade jewellery on Etsy", location: "Perth, WA", currency: "AUD", budget: 90_000, days: 60,
                objectives: ["Design a logo", "Post on Instagram every week"]),
        Founder(name: "Harbour Inn", industry: "boutique hotel", location: "Bath, UK", currency: "GBP", budget: 4_000_000, days: 240,
                objectives: ["Register the company", "Website with direct booking", "Email marketing and analytics", "Fill 60 bookings a month"]),
        Founder(name: "Brightline Build", industry: "home renovation contractor", location: "Denver, CO", currency: "USD", budget: 600_000, days: 120,
                objectives: ["Get a logo", "Website with project photos", "Get 30 quote requests"]),
    ]

    /// The run of `founder` as the Orchestrator stores it after every task finished.
    static func job(_ founder: Founder, executor: AgentExecutor) async throws -> Job {
        var company = SampleCompanies.company(founder.name, founder.industry, founder.location, dollars: 1, days: founder.days)
        company.currency = founder.currency
        company.budgetCents = founder.budget
        let plan = PlanAnalyzer.analyze(try AnalysisInput(company: company, objectives: founder.objectives, reservePercent: nil))
        var job = Job()
        job.id = "job-" + founder.name.lowercased().filter { $0.isLetter }
        job.status = .succeeded
        job.plan = plan
        job.createdAtUnixMs = 1_780_000_000_000 + Int64(founder.name.unicodeScalars.map(\.value).reduce(0, +)) * 86_400_000
        job.finishedAtUnixMs = job.createdAtUnixMs + 60_000
        var spent: Int64 = 0
        for task in plan.tasks {
            let result = try await executor.execute(ExecuteTaskRequest(task: task, of: plan))
            var run = TaskRun()
            run.taskID = task.id
            run.agent = task.agent
            run.status = .succeeded
            run.budgetAllocatedCents = task.budgetCents
            run.budgetUsedCents = result.budgetUsedCents
            run.deliverables = result.deliverables
            run.notes = result.notes
            job.tasks.append(run)
            spent += result.budgetUsedCents
        }
        job.budget.totalCents = company.budgetCents
        job.budget.allocatedCents = plan.tasks.map(\.budgetCents).reduce(0, +)
        job.budget.reservedCents = plan.reserveCents
        job.budget.spentCents = spent
        job.budget.remainingCents = company.budgetCents - plan.reserveCents - spent
        return job
    }

    /// The plan and deliverables of an export: what comes before the appendix of standard
    /// checklists and the list of sources, which are the same for every company by design
    /// (printed once each, at the end, rather than inside every plan).
    static func body(_ markdown: String) -> String {
        ["\n## Appendix", "\n## Sources"].reduce(markdown) { text, heading in
            text.range(of: heading).map { String(text[..<$0.lowerBound]) } ?? text
        }
    }

    /// The words of an export as a reader meets them, with the company's own words
    /// (name, place, industry) masked so they do not count as difference.
    static func words(_ markdown: String, masking founder: Founder) -> [String] {
        let own = Set((founder.name + " " + founder.location + " " + founder.industry).lowercased()
            .split { !$0.isLetter }.map(String.init).filter { $0.count > 2 })
        return markdown.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
            .map { own.contains($0) ? "·" : $0 }
    }

    static func shingles(_ words: [String], size: Int = 5) -> Set<String> {
        guard words.count >= size else { return [] }
        return Set((0...(words.count - size)).map { words[$0..<($0 + size)].joined(separator: " ") })
    }

    @Test("twelve contrasting companies, $900 to $100,000: each export contains the plan, its objectives not covered, its goal gaps and what the unspent money could do; no agent refuses")
    func exportContainsThePlan() async throws {
        let executor = AgentExecutor(agents: try AgentServiceApp.agents(reference: ReferenceData.bundled()), cache: nil)
        for founder in Self.panel {
            let job = try await Self.job(founder, executor: executor)
            let export = RunMarkdown.document(job)
            // No run where every agent refuses: each funded task delivers.
            #expect(!job.tasks.isEmpty && job.tasks.allSatisfy { !$0.deliverables.isEmpty }, "\(founder.name)")
            for uncovered in job.plan.uncoveredObjectives { #expect(export.contains("**\(uncovered.objective)**"), "\(founder.name): \(uncovered.objective)") }
            if founder.objectives.contains(where: { !ObjectiveVocabulary.standard.goals(in: $0).isEmpty }), job.tasks.contains(where: { $0.agent == .campaigns }) {
                #expect(export.contains("**Goals against the forecast:**"), "\(founder.name)")
            }
            for heading in ["## The plan", "### Objectives", "### Phases and tasks", "### Budget", "### Cash out by month"] {
                #expect(export.contains(heading), "\(founder.name): no \(heading)")
            }
            for task in job.plan.tasks { #expect(export.contains(task.startReason), "\(founder.name): \(task.agent) has no start reason") }
            #expect(export.contains("Raise a seed round") == founder.objectives.contains("Raise a seed round"))
            // No silent idle budget: money the run did not spend is named, with what it could do.
            if job.budget.spentCents < job.budget.totalCents { #expect(export.contains("### What the unspent money could do"), "\(founder.name)") }
        }
    }

    @Test("the plans and deliverables of companies in different industries and countries share at most 30% of their 5-word shingles on average (own words masked)")
    func boilerplateShare() async throws {
        let executor = AgentExecutor(agents: try AgentServiceApp.agents(reference: ReferenceData.bundled()), cache: nil)
        var sets: [(String, Set<String>)] = []
        var kinds: [(country: String, industry: String)] = []
        for founder in Self.panel {
            let job = try await Self.job(founder, executor: executor)
            let export = RunMarkdown.document(job)
            kinds.append((job.plan.company.countryCode, IndustryProfile.matching(founder.industry).key))
            if let folder = ProcessInfo.processInfo.environment["CEO_EXPORT_DIR"] {
                try export.write(toFile: "\(folder)/\(founder.name.filter { $0.isLetter }).md", atomically: true, encoding: .utf8)
            }
            #expect(export.contains("## Sources"), "\(founder.name): no sources list")
            sets.append((founder.name, Self.shingles(Self.words(Self.body(export), masking: founder))))
        }
        var shares: [(String, Double)] = []
        // Pairs in different industries and different countries: two companies of one country
        // rightly share its legal text, and two of one industry its playbook.
        for i in sets.indices {
            for j in sets.indices where j > i && kinds[i].country != kinds[j].country && kinds[i].industry != kinds[j].industry {
                let shared = sets[i].1.intersection(sets[j].1).count
                let share = Double(shared) / Double(min(sets[i].1.count, sets[j].1.count))
                shares.append(("\(sets[i].0) / \(sets[j].0)", share))
            }
        }
        let mean = shares.map(\.1).reduce(0, +) / Double(shares.count)
        let worst = try #require(shares.max { $0.1 < $1.1 })
        print("export boilerplate (plan and deliverables, before the appendix and sources): mean shared 5-word shingles \(String(format: "%.1f", mean * 100))% over \(shares.count) pairs of \(sets.count) companies in different industries and countries; "
              + "highest \(String(format: "%.1f", worst.1 * 100))% (\(worst.0)); shingles per export \(sets.map(\.1.count).min()!)–\(sets.map(\.1.count).max()!)")
        #expect(mean <= 0.30, "mean \(mean)")
        // Two companies with the same agents, stack and paid channels share the most; no pair may read like a copy.
        #expect(worst.1 <= 0.40, "\(worst.0): \(worst.1)")
    }
}
