public import CEOAPI

/// What a finished run's unspent money could do next: the re-plan step. The money left
/// (the unused reserve and what the agents did not need of their allocations) is offered,
/// in order, to the objectives the run left unmet — an agent left out for budget, at its
/// minimum; work an objective names that its task's budget left out, at its cost; a numeric
/// goal the forecast falls short of, at the plan's cost per customer or lead — and what no
/// unmet objective can use is said plainly rather than left idle.
/// Derived from the stored run on every read, so it never disagrees with it.
public struct ReplanProposal: Sendable, Hashable {
    /// One use of the unspent money.
    public struct Offer: Sendable, Hashable {
        /// The agent that would do the work.
        public let agent: AgentType
        /// The objective it serves, as the founder wrote it.
        public let objective: String
        public let amountCents: Int64
        /// What the money buys, in a sentence.
        public let effect: String
    }

    /// Minor units of the company's currency not spent by the run (reserve included).
    public let availableCents: Int64
    public let offers: [Offer]
    /// What is left after the offers, which no unmet objective can use.
    public let idleCents: Int64
    /// One sentence a founder reads first.
    public let summary: String

    /// The proposal for `job`; empty (no offers, no money) until the run is final.
    public init(job: Job, catalog: AgentCatalog = .standard) {
        let plan = job.plan
        let company = plan.company
        let currency = company.moneyCurrency
        let final = [JobStatus.succeeded, .partiallySucceeded, .failed, .cancelled].contains(job.status)
        let available = final ? max(0, job.budget.totalCents - job.budget.spentCents) : 0
        var left = available
        var offers: [Offer] = []
        // Unmet work the money left cannot pay for, named in the summary with what it needs.
        var beyond: [(label: String, cents: Int64)] = []
        // 1. Agents the budget left out, at their minimums, in the objectives' order.
        for uncovered in plan.uncoveredObjectives where uncovered.leftOutAgent != .unspecified {
            guard let profile = catalog.profile(of: uncovered.leftOutAgent), !offers.contains(where: { $0.agent == uncovered.leftOutAgent }) else { continue }
            let minimum = profile.planning.minimum(in: currency)
            guard minimum <= left else {
                if final { beyond.append(("\(profile.shortTitle) at its minimum", minimum)) }
                continue
            }
            left -= minimum
            offers.append(Offer(agent: profile.type, objective: uncovered.objective, amountCents: minimum,
                                effect: "funds \(profile.shortTitle.lowercased()) at its minimum, the essentials of “\(uncovered.objective)”"))
        }
        // 2. Work an objective names that the task's budget left out ("get a logo": the logo design), at its cost.
        for task in job.tasks {
            let served = plan.tasks.first { $0.id == task.taskID }?.objectiveIndexes.compactMap { plan.objectives.indices.contains(Int($0)) ? plan.objectives[Int($0)] : nil } ?? []
            for work in task.leftOut where work.namedByObjectives {
                guard work.costCents <= left else {
                    if final { beyond.append((work.title, work.costCents)) }
                    continue
                }
                let objective = served.first { NamedWork.isNamed(title: work.title, kind: work.kind, by: $0) } ?? served.first ?? work.title
                left -= work.costCents
                offers.append(Offer(agent: task.agent, objective: objective, amountCents: work.costCents,
                                    effect: "the \(work.title.lowercased()) the task's budget left out"))
            }
        }
        // 3. Goals the campaign forecast falls short of, at the plan's cost per customer or lead.
        let kpis = job.tasks.filter { $0.agent == .campaigns && $0.status == .succeeded }
            .flatMap(\.deliverables).first { $0.kind == "kpis" }
        if let kpis {
            for (kind, costKey) in [("customers", "target_cac_cents"), ("leads", "target_cpl_cents")] {
                guard left > 0, let gap = kpis.attributes["goal_gap_\(kind)"].flatMap(Int64.init), gap > 0,
                      let unit = kpis.attributes[costKey].flatMap(Int64.init), unit > 0 else { continue }
                let amount = min(left, gap * unit)
                let more = amount / unit
                guard more > 0 else { continue }
                left -= more * unit
                let objective = plan.objectives.first { ObjectiveVocabulary.standard.goals(in: $0).contains { $0.kind == kind } } ?? kind
                offers.append(Offer(agent: .campaigns, objective: objective, amountCents: more * unit,
                                    effect: "about \(more) more \(more == 1 ? String(kind.dropLast()) : kind) at the plan's \(company.money(unit)) each (\(more >= gap ? "closes" : "narrows") the gap of \(gap))"))
            }
        }
        availableCents = available
        self.offers = offers
        idleCents = left
        if available == 0 {
            summary = final ? "The run spent its whole budget." : ""
        } else if offers.isEmpty, !beyond.isEmpty {
            let needed = beyond.reduce(Int64(0)) { $0 + $1.cents }
            summary = "\(company.money(available)) is unspent, less than the unmet objectives need: "
                + beyond.map { "\($0.label) (\(company.money($0.cents)))" }.joined(separator: ", ")
                + ". With \(company.money(max(0, needed - available))) more, a follow-up run covers them; until then the money stays yours."
        } else if offers.isEmpty {
            summary = "\(company.money(available)) is unspent and no unmet objective can use it: it stays yours. Add an objective (more customers, a brand, content) to put it to work in a follow-up run."
        } else {
            let offered = offers.reduce(Int64(0)) { $0 + $1.amountCents }
            summary = "\(company.money(available)) is unspent; \(company.money(offered)) of it would go to the objectives this run left unmet"
                + (left > 0 ? ", and \(company.money(left)) no objective needs stays yours." : ".")
                + " Start a follow-up run with these objectives to use it."
        }
    }
}
