public import CEOAPI
import Foundation
import CEODomain
import CEORPC

/// A validated request: what one agent is asked to do, for which company, within which budget.
public struct AgentBrief: Sendable, Hashable {
    public var agent: AgentType
    public var company: Company
    public var task: AgentTask
    public var budgetCents: Int64

    public init(agent: AgentType, company: Company, task: AgentTask, budgetCents: Int64) {
        self.agent = agent
        self.company = company
        self.task = task
        self.budgetCents = budgetCents
    }

    /// Validates `request` by the product's input rules; INVALID_ARGUMENT naming every bad field.
    public init(validating request: ExecuteTaskRequest) throws {
        var validation = FieldValidation()
        func fail(_ field: String, _ description: String) { validation.fail(field, description) }
        if !AgentType.productOrder.contains(request.agent) {
            fail("agent", "must be one of \(AgentType.productOrder.map(\.machineName).joined(separator: ", "))")
        }
        let company = request.company
        for violation in PlanRequestRules.violations(of: company) { fail(violation.field, violation.description) }
        if request.task.id.isEmpty { fail("task.id", "is required") }
        let title = request.task.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 200 { fail("task.title", "must be 1–200 characters") }
        if request.task.description_p.count > 2_000 { fail("task.description", "must be at most 2000 characters") }
        if request.task.objectives.count > 20 || request.task.objectives.contains(where: { $0.count > 500 }) {
            fail("task.objectives", "at most 20 objectives of at most 500 characters each")
        }
        if request.task.startDay < 0 || request.task.endDay < request.task.startDay
            || (company.timelineDays > 0 && request.task.endDay > company.timelineDays) {
            fail("task.end_day", "the task must lie within the timeline: 0 ≤ start_day ≤ end_day ≤ timeline_days")
        }
        if request.budgetCents <= 0 { fail("budget_cents", "must be positive, got \(request.budgetCents)") }
        if company.budgetCents > 0, request.budgetCents > company.budgetCents {
            fail("budget_cents", "must not exceed the company's budget (\(company.budgetCents) cents)")
        }
        try validation.check("invalid task")
        self.init(agent: request.agent, company: company, task: request.task, budgetCents: request.budgetCents)
    }

    /// What the task says about itself, for the domain guard. The objectives it serves
    /// are the founder's words and often span several domains, so they do not count.
    var taskText: String { "\(task.title). \(task.description_p)" }
}
