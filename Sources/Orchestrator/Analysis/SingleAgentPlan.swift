import CEOAPI
import CEODomain
import CEORPC
import Foundation

/// The one-task plan of an ad-hoc `ExecuteAgent`, so that it runs through the same
/// ledger and event log as any run.
enum SingleAgentPlan {
    static func plan(for request: ExecuteAgentRequest) throws -> Plan {
        var violations = CompanyRules.violations(of: request.company).map { FieldViolation(field: $0.field, description: $0.description) }
        if !AgentType.productOrder.contains(request.agent) {
            violations.append(FieldViolation(field: "agent", description: "must be one of \(AgentType.productOrder.map(\.machineName).joined(separator: ", "))"))
        }
        let description = request.taskDescription.trimmingCharacters(in: .whitespacesAndNewlines)
        if !(3...2_000).contains(description.count) {
            violations.append(FieldViolation(field: "task_description", description: "must be 3–2000 characters"))
        }
        if request.budgetCents <= 0 || request.budgetCents > request.company.budgetCents {
            violations.append(FieldViolation(field: "budget_cents", description: "must be positive and at most the company's budget"))
        }
        guard violations.isEmpty else {
            throw RPCError(.invalidArgument, "invalid request: " + violations.map { "\($0.field): \($0.description)" }.joined(separator: "; "), details: violations)
        }
        let planning = AgentPlanning.of(request.agent)
        var task = PlannedTask()
        task.id = request.agent.machineName
        task.agent = request.agent
        task.title = planning?.title(request.company.name.trimmingCharacters(in: .whitespacesAndNewlines)) ?? description
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
        plan.company = request.company
        plan.objectives = [description]
        plan.tasks = [task]
        plan.phases = [phase]
        plan.allocations = [allocation]
        plan.totalBudgetCents = request.budgetCents
        return plan
    }
}
