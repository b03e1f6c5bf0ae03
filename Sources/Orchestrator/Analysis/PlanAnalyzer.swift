public import CEOAPI
public import CEODomain
import Foundation

/// Turns a company and its objectives into a costed plan, deterministically: which
/// agents the objectives need, their tasks and dependencies, phases on the timeline,
/// and the budget split with a contingency reserve.
public enum PlanAnalyzer {
    /// Phase names by depth of dependency.
    static let phaseNames = ["Foundations", "Build", "Systems", "Launch"]

    /// The plan for `input`, with the agents of `catalog` (the standard one unless a
    /// test hands in another).
    public static func analyze(_ input: AnalysisInput, catalog: AgentCatalog = .standard, vocabulary: ObjectiveVocabulary = .standard) -> Plan {
        let lexicon = DomainLexicon(catalog: catalog)
        let company = input.company
        var plan = Plan()
        plan.company = company
        plan.objectives = input.objectives
        plan.reservePercent = Int32(input.reservePercent)
        plan.totalBudgetCents = company.budgetCents
        plan.reserveCents = company.budgetCents * Int64(input.reservePercent) / 100

        // 1. Objectives → agents (an objective may need several). Work no agent does
        // (fundraising, hiring, …) is reported with what to do instead, and passed to the
        // agents whose work it shapes (fundraising → legal forms the entity investors expect).
        var objectivesByAgent: [AgentType: [Int]] = [:]
        for (index, objective) in input.objectives.enumerated() {
            let named = vocabulary.topic(of: objective)
            let reading = lexicon.reading(vocabulary.withoutTopicPhrase(objective))
            // Work no agent does outweighs a weak word ("hire a sales lead" is hiring, not a campaign).
            var domains = reading.weakOnly && named != nil ? [] : reading.domains.map(\.domain)
            // A numeric goal that names no agent's work ("get 200 demo requests") goes to the agent that forecasts it.
            if domains.isEmpty, let name = vocabulary.forecastingAgent(of: objective), let agent = catalog.agents.first(where: { $0.machineName == name }) {
                domains.append(agent.type)
            }
            // Work no agent does is reported when nothing else in the objective is an agent's work.
            let topic = domains.isEmpty ? named : nil
            if let topic {
                var uncovered = UncoveredObjective()
                uncovered.objective = objective
                uncovered.topic = topic.topic
                uncovered.advice = topic.advice
                plan.uncoveredObjectives.append(uncovered)
                for name in topic.agents {
                    if let agent = catalog.agents.first(where: { $0.machineName == name })?.type, !domains.contains(agent) { domains.append(agent) }
                }
            } else if domains.isEmpty {
                var uncovered = UncoveredObjective()
                uncovered.objective = objective
                uncovered.advice = "No agent works on this as written. Rephrase it as the work it needs (a brand, a website, ads, content, an email and analytics stack, or the company's legal setup), or plan it outside this run."
                plan.uncoveredObjectives.append(uncovered)
            }
            if domains.isEmpty { plan.unrecognizedObjectives.append(objective) }
            for domain in domains { objectivesByAgent[domain, default: []].append(index) }
        }
        let wanted = catalog.agents.filter { objectivesByAgent[$0.type] != nil }
        // A budget below the agents' minimums funds them whole, in the order of the
        // objectives they serve, rather than every one of them short (a run where every
        // agent refuses helps no one); the rest get a do-it-yourself step.
        let allocatable = company.budgetCents - plan.reserveCents
        let currency = company.moneyCurrency
        let (agents, unfunded) = funded(wanted, objectivesByAgent: objectivesByAgent, allocatable: allocatable, currency: currency)
        for profile in unfunded {
            let served = (objectivesByAgent[profile.type] ?? []).map { input.objectives[$0] }
            var entry = UncoveredObjective()
            entry.objective = served.joined(separator: "; ")
            entry.topic = "\(profile.machineName), left out for budget"
            entry.leftOutAgent = profile.type
            entry.objectiveIndexes = (objectivesByAgent[profile.type] ?? []).map(Int32.init)
            entry.advice = "\(profile.title) needs at least \(company.money(profile.planning.minimum(in: currency))), more than the budget leaves. \(profile.doItYourself)"
            plan.uncoveredObjectives.append(entry)
        }
        let present = Set(agents.map(\.machineName))

        // 2. Dependencies among the agents present, and their depth (the phase).
        var depth: [String: Int] = [:]
        for profile in agents {  // the catalog lists every dependency before its dependants
            let deps = profile.planning.dependsOn.filter(present.contains)
            depth[profile.machineName] = deps.map { (depth[$0] ?? 0) + 1 }.max() ?? 0
        }
        let phaseCount = (depth.values.max() ?? -1) + 1
        let timeline = Int(company.timelineDays)
        func phaseWindow(_ index: Int) -> (start: Int32, end: Int32) {
            (Int32(timeline * index / phaseCount), Int32(timeline * (index + 1) / phaseCount))
        }

        // 3. Budget: reserve, then weights with per-agent minimums.
        let (allocations, thin) = BudgetAllocator.allocate(agents, allocatable: allocatable, currency: currency)
        plan.allocations = allocations.map { allocation in
            var entry = AgentAllocation()
            entry.agent = allocation.agent
            entry.budgetCents = allocation.cents
            entry.weight = (allocation.weight * 10_000).rounded() / 10_000
            return entry
        }

        // 4. One task per agent, in its phase's window.
        for profile in agents {
            let phase = depth[profile.machineName] ?? 0
            let window = phaseWindow(phase)
            let indexes = objectivesByAgent[profile.type] ?? []
            var task = PlannedTask()
            task.id = profile.machineName
            task.agent = profile.type
            task.title = profile.taskTitle(for: company.name)
            task.description_p = "Serves: " + indexes.map { input.objectives[$0] }.joined(separator: "; ")
            task.objectiveIndexes = indexes.map(Int32.init)
            task.budgetCents = allocations.first { $0.agent == profile.type }?.cents ?? 0
            task.dependsOn = profile.planning.dependsOn.filter(present.contains)
            task.phase = Int32(phase)
            task.startDay = window.start
            task.endDay = window.end
            task.startReason = startReason(of: profile, after: task.dependsOn, startDay: window.start, catalog: catalog)
            plan.tasks.append(task)
        }
        plan.phases = (0..<phaseCount).map { index in
            var phase = Phase()
            phase.index = Int32(index)
            phase.name = index < phaseNames.count ? phaseNames[index] : "Phase \(index + 1)"
            let window = phaseWindow(index)
            phase.startDay = window.start
            phase.endDay = window.end
            phase.taskIds = plan.tasks.filter { $0.phase == index }.map(\.id)
            return phase
        }

        plan.warnings = warnings(plan: plan, agents: agents, catalog: catalog, thin: thin, allocatable: allocatable, reservePercent: input.reservePercent)
        if agents.isEmpty, let first = unfunded.min(by: { (objectivesByAgent[$0.type]?.first ?? .max) < (objectivesByAgent[$1.type]?.first ?? .max) }) {
            plan.warnings.append(doItYourselfPlan(first: first, unfunded: unfunded, company: company))
        }
        if !unfunded.isEmpty {
            let all = (agents + unfunded).reduce(Int64(0)) { $0 + $1.planning.minimum(in: currency) }
            let needed = Int64((Double(all) / (1 - Double(input.reservePercent) / 100)).rounded(.up))
            plan.warnings.append(
                "The budget funds \(agents.count) of the \(agents.count + unfunded.count) agents the objectives need, each at least at its minimum; "
                    + "\(unfunded.map(\.shortTitle).joined(separator: ", ")) \(unfunded.count == 1 ? "is left out, with a do-it-yourself step" : "are left out, with a do-it-yourself step each"). "
                    + "A budget of \(company.money(needed)) funds them all."
            )
        }
        if input.assumedObjectives {
            plan.warnings.insert("No objectives were given, so this is a complete launch plan across the agents on assumed objectives (the plan's objectives); "
                + "replace them with your own to put the budget where you need it.", at: 0)
        }
        plan.reserveReason = reserveReason(plan: plan, company: company, percent: input.reservePercent)
        return plan
    }

    /// The plan of a budget that funds no agent: the do-it-yourself steps of each left-out
    /// agent (in the uncovered objectives), the founder's hours they take, and the one item
    /// worth paying for first — forming the company at the registry's fee where the
    /// objectives ask for legal work, else what the first agent the objectives need names.
    static func doItYourselfPlan(first: AgentProfile, unfunded: [AgentProfile], company: Company) -> String {
        let hours = unfunded.count * 3
        var item = "\(first.firstPaidItem)."
        if unfunded.contains(where: { $0.type == .legal }), let pack = JurisdictionPacks.standard.pack(for: company.countryCode),
           let entity = pack.entities.first(where: \.smallBusinessDefault) ?? pack.entities.first {
            let subdivision = company.subdivisionCode.isEmpty ? nil : company.subdivisionCode
            let citation = entity.citation(in: subdivision)
            if let fee = entity.filingFee(in: subdivision) {
                let local = PlanningRates.standard.convert(fee, from: pack.currency, to: company.moneyCurrency)
                item = fee == 0
                    ? "registering as a \(entity.name)\(entity.registry.map { " with \($0)" } ?? ""), which is free (\(citation.source), as of \(citation.asOf))."
                    : "registering as a \(entity.name)\(entity.registry.map { " with \($0)" } ?? ""): \(company.money(local)) (\(citation.source), as of \(citation.asOf))."
            }
        }
        return "The budget funds no agent, so this is a do-it-yourself plan: each objective below has its steps with free tools, "
            + "about \(hours) hours of the founder's time in all. The one thing worth paying for first: \(item)"
    }

    /// Why the reserve is held, naming what in this plan can cost more than planned.
    static func reserveReason(plan: Plan, company: Company, percent: Int) -> String {
        guard plan.reserveCents > 0 else {
            return "No reserve: every amount is allocated, so a price that moved since its date comes out of an agent's work."
        }
        let agents = Set(plan.tasks.map(\.agent))
        var risks: [String] = []
        if agents.contains(.campaigns) { risks.append("the ads' cost per click, which moves week to week") }
        if agents.contains(.legal) { risks.append("government fees in \(company.placeName.isEmpty ? "the company's country" : company.placeName)") }
        if company.moneyCurrency != PlanningRates.defaultCurrency, agents.contains(.webDevelopment) || agents.contains(.martech) {
            risks.append("tools billed in US dollars (converted at the planning rate)")
        }
        risks.append("hours that run over")
        let largest = plan.tasks.max { $0.budgetCents < $1.budgetCents }
        let cover = largest.map { task in
            task.budgetCents > 0 ? " It would cover a \(Int64(plan.reserveCents * 100 / task.budgetCents))% overrun on the \(task.agent.shortTitle.lowercased()) task, the largest." : ""
        } ?? ""
        return "\(company.money(plan.reserveCents)) (\(percent)%) is held back for what in this plan can cost more than planned: "
            + (risks.count > 1 ? risks.dropLast().joined(separator: "; ") + "; and " + risks.last! : risks.joined()) + "." + cover + " Unused, it stays yours."
    }

    /// The agents a budget can fund at their minimums, in the order of the first objective
    /// each serves (then the catalog's), and the ones it cannot.
    static func funded(_ wanted: [AgentProfile], objectivesByAgent: [AgentType: [Int]], allocatable: Int64, currency: String)
        -> (funded: [AgentProfile], unfunded: [AgentProfile]) {
        let total = wanted.reduce(Int64(0)) { $0 + $1.planning.minimum(in: currency) }
        guard total > allocatable else { return (wanted, []) }
        let order = wanted.enumerated().sorted { left, right in
            let a = objectivesByAgent[left.element.type]?.min() ?? .max, b = objectivesByAgent[right.element.type]?.min() ?? .max
            return (a, left.offset) < (b, right.offset)
        }
        var left = allocatable
        var chosen = Set<String>()
        for (_, profile) in order {
            let minimum = profile.planning.minimum(in: currency)
            if minimum <= left {
                chosen.insert(profile.machineName)
                left -= minimum
            }
        }
        return (wanted.filter { chosen.contains($0.machineName) }, wanted.filter { !chosen.contains($0.machineName) })
    }

    /// Why a task starts when it does: the agents it waits for and why, or that nothing
    /// it needs comes first.
    static func startReason(of profile: AgentProfile, after dependencies: [String], startDay: Int32, catalog: AgentCatalog) -> String {
        guard !dependencies.isEmpty else { return "Starts on day \(startDay): nothing it needs comes first." }
        let reasons = dependencies.map { name in
            let title = catalog.agents.first { $0.machineName == name }?.shortTitle ?? name
            return profile.planning.dependsOnReasons[name].map { "\(title) (\($0))" } ?? title
        }
        let list = reasons.count == 1 ? reasons[0] : reasons.dropLast().joined(separator: ", ") + " and " + reasons.last!
        return "Starts on day \(startDay), after \(list)."
    }

    private static func warnings(plan: Plan, agents: [AgentProfile], catalog: AgentCatalog, thin: Bool, allocatable: Int64, reservePercent: Int) -> [String] {
        var warnings: [String] = []
        // A plan emptied by the budget says so in its own warning, with the budget that funds it.
        if plan.tasks.isEmpty && !plan.uncoveredObjectives.contains(where: { $0.leftOutAgent != .unspecified }) {
            warnings.append("No objective maps to an agent's work; rephrase the objectives (for example \"design a logo\", \"launch a website\", \"run ads\").")
        }
        // Work with a known topic (fundraising, hiring) is reported with advice instead.
        for objective in plan.unrecognizedObjectives where !plan.uncoveredObjectives.contains(where: { $0.objective == objective && !$0.topic.isEmpty }) {
            warnings.append("Not recognised, so no agent will work on it: \"\(objective)\".")
        }
        let currency = plan.company.moneyCurrency
        func money(_ minor: Int64) -> String { plan.company.money(minor) }
        let minimums = agents.reduce(Int64(0)) { $0 + $1.planning.minimum(in: currency) }
        if thin {
            let needed = Int64((Double(minimums) / (1 - Double(reservePercent) / 100)).rounded(.up))
            warnings.append(
                "The budget is thin for what was asked: the \(agents.count) agents need at least \(money(minimums)) together, "
                    + "but \(money(allocatable)) is left after the reserve. Some will refuse or deliver only part of their work; "
                    + "raise the budget to \(money(needed)) or drop objectives."
            )
        } else {
            for allocation in plan.allocations {
                guard let profile = catalog.profile(of: allocation.agent) else { continue }
                let minimum = profile.planning.minimum(in: currency)
                if Double(allocation.budgetCents) < Double(minimum) * 1.5 {
                    warnings.append("\(profile.shortTitle) gets \(money(allocation.budgetCents)), close to its minimum of \(money(minimum)): expect the essentials only.")
                }
            }
        }
        return warnings
    }
}
