/// A model that takes at least `delay` per plan: the pace of a real language model, for
/// demos and browser tests of the live view, with the embedded playbook's answers.
/// Set by `CEO_AGENTS_PACE_MS`; the results are identical to the wrapped model's.
public struct PacedModel: AgentModel {
    public let base: any AgentModel
    public let delay: Duration

    public init(_ base: any AgentModel, delay: Duration) {
        self.base = base
        self.delay = delay
    }

    public var name: String { base.name }

    public func plan(_ agent: any Agent, for brief: AgentBrief) async throws -> ModelPlan {
        try await Task.sleep(for: delay)
        return try await base.plan(agent, for: brief)
    }
}
