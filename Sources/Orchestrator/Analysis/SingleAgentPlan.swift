import CEOAPI
import CEODomain
import CEORPC
import Foundation

/// The one-task plan of an ad-hoc `ExecuteAgent`, so that it runs through the same
/// ledger and event log as any run.
enum SingleAgentPlan {
    static func plan(for request: ExecuteAgentRequest) throws -> Plan {
        var validation = FieldValidation()
        for violation in PlanRequestRules.violations(of: request.company) { validation.fail(violation.field, violation.description) }
        let profile = AgentCatalog.standard.profile(of: request.agent)
        if profile == nil { validation.fail("agent", "must be one of \(AgentCatalog.standard.machineNameList)") }
        let description = request.taskDescription.trimmingCharacters(in: .whitespacesAndNewlines)
        if let control = InputRule.controlCharacter(in: request.taskDescription) {
            validation.fail("task_description", control)
        } else if !(3...2_000).contains(description.count) {
            validation.fail("task_description", "must be 3–2000 characters")
        }
        if request.budgetCents <= 0 || request.budgetCents > request.company.budgetCents {
            validation.fail("budget_cents", "must be more than 0 and at most the company's budget (\(request.company.money(request.company.budgetCents))), got \(request.company.money(request.budgetCents))")
        }
        let company = validation.completing(request.company)
        try validation.check("invalid request")
        var task = PlannedTask()
        task.id = request.agent.machineName
        task.agent = request.agent
        task.title = profile?.taskTitle(for: request.company.name.trimmingCharacters(in: .whitespacesAndNewlines)) ?? description
        task.description_p = description
        task.objectiveIndexes = [0]
        task.budgetCents = request.budgetCents
        task.phase = 0
        task.startDay = 0
        task.endDay = request.company.timelineDays
        var allocation = AgentAllocation()
        allocation.agent = request.agent
        allocation.budgetCents = request.budgetCents
        allocation.weight = 1
        var phase = Phase()
        phase.index = 0
        phase.name = "Single task"
        phase.endDay = request.company.timelineDays
        phase.taskIds = [task.id]
        var plan = Plan()
        plan.company = company
        plan.objectives = [description]
        plan.tasks = [task]
        plan.phases = [phase]
        plan.allocations = [allocation]
        plan.totalBudgetCents = request.budgetCents
        return plan
    }
}
