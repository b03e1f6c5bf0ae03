public import CEOAPI

extension ExecuteTaskRequest {
    /// The agent's request for `task` of `plan`: the plan's company, the task's title,
    /// window and budget, and the objectives it serves. `idempotencyKey` makes a re-run
    /// after a restart a cache hit at the agent.
    public init(task: PlannedTask, of plan: Plan, budgetCents: Int64? = nil, idempotencyKey: String = "") {
        self.init()
        agent = task.agent
        company = plan.company
        self.task.id = task.id
        self.task.title = task.title
        self.task.description_p = task.description_p
        self.task.objectives = task.objectiveIndexes.compactMap { index in
            plan.objectives.indices.contains(Int(index)) ? plan.objectives[Int(index)] : nil
        }
        self.task.startDay = task.startDay
        self.task.endDay = task.endDay
        self.budgetCents = budgetCents ?? task.budgetCents
        self.idempotencyKey = idempotencyKey
    }
}
