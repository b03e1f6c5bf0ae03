import CEOAPI
import CEODomain
import Testing

/// The re-plan step: a finished run's unspent money offered to the objectives it left
/// unmet, and what nothing can use said plainly.
@Suite("Re-plan proposal")
struct ReplanProposalTests {
    /// A finished run of `total` that spent `spent`, with branding left out for budget and
    /// a campaign whose forecast fell `gap` customers short at `cac` each.
    static func job(total: Int64, spent: Int64, gap: Int64?, cac: Int64 = 5_000, leftOut: Bool = true, status: JobStatus = .succeeded) -> Job {
        var job = Job()
        job.status = status
        job.plan.company.name = "Casa Lumbre"
        job.plan.company.currency = "USD"
        job.plan.objectives = ["Design a logo", "Win our first 300 customers"]
        if leftOut {
            var uncovered = UncoveredObjective()
            uncovered.objective = "Design a logo"
            uncovered.leftOutAgent = .branding
            uncovered.objectiveIndexes = [0]
            job.plan.uncoveredObjectives = [uncovered]
        }
        var run = TaskRun()
        run.agent = .campaigns
        run.status = .succeeded
        var kpis = Deliverable()
        kpis.kind = "kpis"
        kpis.attributes["target_cac_cents"] = String(cac)
        if let gap { kpis.attributes["goal_gap_customers"] = String(gap) }
        run.deliverables = [kpis]
        job.tasks = [run]
        job.budget.totalCents = total
        job.budget.spentCents = spent
        return job
    }

    @Test("the unspent money funds the agent left out for budget first, then closes the goal gap at the plan's cost per customer")
    func offersInOrder() throws {
        let minimum = try #require(AgentCatalog.standard.profile(of: .branding)).planning.minimum(in: "USD")
        let proposal = ReplanProposal(job: Self.job(total: 1_500_000, spent: 500_000, gap: 300))
        #expect(proposal.availableCents == 1_000_000)
        #expect(proposal.offers.map(\.agent) == [.branding, .campaigns])
        #expect(proposal.offers[0].amountCents == minimum && proposal.offers[0].objective == "Design a logo")
        let customers = (1_000_000 - minimum) / 5_000
        #expect(proposal.offers[1].amountCents == customers * 5_000 && proposal.offers[1].effect.contains("about \(customers) more customers") && proposal.offers[1].effect.contains("narrows the gap of 300"))
        #expect(proposal.offers[1].objective == "Win our first 300 customers")
        #expect(proposal.idleCents == 1_000_000 - minimum - customers * 5_000)
        #expect(proposal.summary.contains("follow-up run"))
    }

    @Test("a gap smaller than the money closes, and the rest is said to be idle, not hidden")
    func gapCloses() {
        let proposal = ReplanProposal(job: Self.job(total: 1_500_000, spent: 500_000, gap: 10, leftOut: false))
        #expect(proposal.offers.count == 1 && proposal.offers[0].amountCents == 50_000 && proposal.offers[0].effect.contains("closes the gap of 10"))
        #expect(proposal.idleCents == 950_000 && proposal.summary.contains("$9,500.00 no objective needs stays yours"))
    }

    @Test("nothing unmet: the unspent money is named and stays the founder's; a running job proposes nothing")
    func nothingToOffer() {
        let idle = ReplanProposal(job: Self.job(total: 1_500_000, spent: 500_000, gap: nil, leftOut: false))
        #expect(idle.offers.isEmpty && idle.idleCents == 1_000_000 && idle.summary.contains("no unmet objective can use it"))
        let running = ReplanProposal(job: Self.job(total: 1_500_000, spent: 500_000, gap: 100, status: .running))
        #expect(running.availableCents == 0 && running.offers.isEmpty && running.summary.isEmpty)
    }

    @Test("work an objective names that the budget left out is offered at its cost, for that objective")
    func namedLeftOutWork() {
        var job = Self.job(total: 150_000, spent: 40_000, gap: nil, leftOut: false)
        var branding = TaskRun()
        branding.taskID = "branding"
        branding.agent = .branding
        branding.status = .succeeded
        var logo = LeftOutWork()
        logo.kind = "logo_design"
        logo.title = "Logo design"
        logo.costCents = 70_728
        logo.namedByObjectives = true
        var kit = LeftOutWork()
        kit.title = "Social media kit"
        kit.costCents = 23_576
        branding.leftOut = [logo, kit]
        job.tasks.append(branding)
        var task = PlannedTask()
        task.id = "branding"
        task.agent = .branding
        task.objectiveIndexes = [0]
        job.plan.tasks = [task]
        let proposal = ReplanProposal(job: job)
        #expect(proposal.offers.count == 1)
        #expect(proposal.offers.first?.objective == "Design a logo" && proposal.offers.first?.amountCents == 70_728)
        #expect(proposal.offers.first?.effect.contains("logo design") == true)
    }

    @Test("unmet work the unspent money cannot pay for is named with what it needs, not called unusable")
    func beyondTheMoney() throws {
        let minimum = try #require(AgentCatalog.standard.profile(of: .branding)).planning.minimum(in: "USD")
        let proposal = ReplanProposal(job: Self.job(total: 150_000, spent: 150_000 - 18_516, gap: nil))
        #expect(proposal.offers.isEmpty && proposal.idleCents == 18_516)
        #expect(proposal.summary.contains("less than the unmet objectives need: Branding at its minimum"))
        #expect(proposal.summary.contains("With \(Money.amount(minimum - 18_516, currency: "USD")) more"))
    }
}
