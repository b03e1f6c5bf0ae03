public import CEOAPI
public import CEODomain
import CEORPC
import Foundation

/// The owner's adjustments to an analyzed plan, checked like the plan itself: agents
/// dropped or added, money moved between tasks, the reserve changed. Money no task takes
/// stays in the reserve — never out of sight — and the plan says what was changed.
public enum PlanAdjuster {
    /// The plan for `input` with `adjustments` applied; INVALID_ARGUMENT naming each
    /// adjustment that does not hold.
    public static func adjusted(
        _ input: AnalysisInput, _ adjustments: PlanAdjustments, catalog: AgentCatalog = .standard, vocabulary: ObjectiveVocabulary = .standard
    ) throws -> Plan {
        var validation = FieldValidation()
        var input = input
        let lexicon = DomainLexicon(catalog: catalog)
        // An added agent comes with its objective of the standard launch plan.
        for agent in adjustments.addAgents {
            guard let profile = catalog.profile(of: agent) else {
                validation.fail("adjustments.add_agents", "unknown agent \(agent.rawValue)")
                continue
            }
            if adjustments.dropAgents.contains(agent) {
                validation.fail("adjustments.add_agents", "\(profile.machineName) is both added and dropped")
            }
            guard let objective = vocabulary.assumedLaunchPlan.first(where: { lexicon.classify($0).first?.domain == agent }) else { continue }
            if !input.objectives.contains(objective) { input.objectives.append(objective) }
        }
        if input.objectives.count > 20 { validation.fail("adjustments.add_agents", "the plan would have more than 20 objectives") }
        if adjustments.hasReservePercent {
            if let problem = PlanRequestRules.reservePercent.problem(number: Int64(adjustments.reservePercent)) {
                validation.fail("adjustments.reserve_percent", problem)
            } else {
                input.reservePercent = Int(adjustments.reservePercent)
            }
        }
        try validation.check("invalid plan adjustments")

        var plan = PlanAnalyzer.analyze(input, catalog: catalog, vocabulary: vocabulary)
        let company = plan.company
        let money = { (cents: Int64) in company.money(cents) }
        var changes: [String] = []

        // Dropped agents: their tasks leave; tasks that waited for them wait no more.
        let dropped = Set(adjustments.dropAgents)
        for agent in dropped where !plan.tasks.contains(where: { $0.agent == agent }) {
            validation.fail("adjustments.drop_agents", "\(catalog.profile(of: agent)?.machineName ?? "agent \(agent.rawValue)") is not in the plan")
        }
        let droppedTasks = Set(plan.tasks.filter { dropped.contains($0.agent) }.map(\.id))
        plan.tasks.removeAll { droppedTasks.contains($0.id) }
        plan.allocations.removeAll { dropped.contains($0.agent) }
        for index in plan.tasks.indices {
            let lost = plan.tasks[index].dependsOn.filter(droppedTasks.contains)
            guard !lost.isEmpty else { continue }
            plan.tasks[index].dependsOn.removeAll { droppedTasks.contains($0) }
            let names = lost.compactMap { id in catalog.agents.first { $0.machineName == id }?.shortTitle }.joined(separator: " and ")
            plan.warnings.append("\(plan.tasks[index].title) no longer waits for \(names): you dropped it, so do that work yourself before this starts.")
        }
        for phase in plan.phases.indices { plan.phases[phase].taskIds.removeAll { droppedTasks.contains($0) } }
        // Phases left empty go; the others keep their order and windows, numbered again.
        let kept = plan.phases.filter { !$0.taskIds.isEmpty }
        if kept.count != plan.phases.count {
            let renumbered = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($0.element.index, Int32($0.offset)) })
            plan.phases = kept.enumerated().map { offset, phase in
                var phase = phase
                phase.index = Int32(offset)
                return phase
            }
            for index in plan.tasks.indices { plan.tasks[index].phase = renumbered[plan.tasks[index].phase] ?? plan.tasks[index].phase }
        }
        if !dropped.isEmpty {
            changes.append("dropped " + dropped.compactMap { catalog.profile(of: $0)?.shortTitle }.sorted().joined(separator: ", "))
        }
        if !adjustments.addAgents.isEmpty {
            changes.append("added " + adjustments.addAgents.compactMap { catalog.profile(of: $0)?.shortTitle }.joined(separator: ", "))
        }

        // Task budgets: each at least its agent's minimum.
        for (taskID, cents) in adjustments.taskBudgetCents.sorted(by: { $0.key < $1.key }) {
            guard let index = plan.tasks.firstIndex(where: { $0.id == taskID }) else {
                validation.fail("adjustments.task_budget_cents", "the plan has no task \(taskID)\(droppedTasks.contains(taskID) ? " (its agent was dropped)" : "")")
                continue
            }
            let minimum = catalog.profile(of: plan.tasks[index].agent)?.planning.minimum(in: company.moneyCurrency) ?? 0
            guard cents >= minimum, cents <= company.budgetCents else {
                validation.fail("adjustments.task_budget_cents", "\(taskID): between its minimum \(money(minimum)) and the budget \(money(company.budgetCents)), got \(money(cents))")
                continue
            }
            if cents != plan.tasks[index].budgetCents {
                changes.append("\(plan.tasks[index].title) \(money(plan.tasks[index].budgetCents)) → \(money(cents))")
                plan.tasks[index].budgetCents = cents
            }
        }
        for index in plan.allocations.indices {
            plan.allocations[index].budgetCents = plan.tasks.filter { $0.agent == plan.allocations[index].agent }.reduce(0) { $0 + $1.budgetCents }
        }

        // The reserve: at least its percent; whatever no task takes is held there.
        let allocated = plan.allocations.reduce(Int64(0)) { $0 + $1.budgetCents }
        let floor = company.budgetCents * Int64(input.reservePercent) / 100
        if allocated > company.budgetCents - floor {
            validation.fail(
                "adjustments.task_budget_cents",
                "the tasks take \(money(allocated)), more than the \(money(company.budgetCents - floor)) the budget leaves after a \(input.reservePercent)% reserve"
            )
        }
        if plan.tasks.isEmpty { validation.fail("adjustments.drop_agents", "every agent would be dropped: the plan would do nothing") }
        try validation.check("invalid plan adjustments")
        let freed = company.budgetCents - allocated - floor
        plan.reserveCents = company.budgetCents - allocated
        // The percent the reserve really is (at least the one asked for).
        plan.reservePercent = Int32(plan.reserveCents * 100 / max(1, company.budgetCents))
        if adjustments.hasReservePercent { changes.append("reserve \(input.reservePercent)%") }
        if freed > 0 {
            plan.warnings.append("\(money(freed)) that no task takes is held in the reserve (\(money(plan.reserveCents)) in all): approvals can raise an allocation from it during the run.")
        }
        if !changes.isEmpty { plan.warnings.insert("Adjusted by you before approval: \(changes.joined(separator: "; ")).", at: 0) }
        return plan
    }
}
