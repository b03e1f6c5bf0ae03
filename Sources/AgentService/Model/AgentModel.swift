/// What produces an agent's plan: the embedded playbook, or a remote language model
/// whose answer is validated against the same deliverable schema.
public protocol AgentModel: Sendable {
    /// Recorded in every result, for example `playbook-v1`.
    var name: String { get }

    func plan(_ agent: any Agent, for brief: AgentBrief) async throws -> ModelPlan
}

/// A model's answer before the guard rails.
public struct ModelPlan: Sendable {
    public var deliverables: [PlannedDeliverable]
    /// Warnings for the result's notes (for example a fallback to the playbook).
    public var notes: [String]
    /// What actually produced the plan when it is not the model asked (a fallback).
    public var producedBy: String?
    /// False for a fallback plan, so that a retry asks the model again instead of the cache.
    public var cacheable: Bool

    public init(deliverables: [PlannedDeliverable], notes: [String] = [], producedBy: String? = nil, cacheable: Bool = true) {
        self.deliverables = deliverables
        self.notes = notes
        self.producedBy = producedBy
        self.cacheable = cacheable
    }
}

/// The embedded, deterministic playbook: no network, each agent's own rules and reference data.
public struct PlaybookModel: AgentModel {
    public init() {}

    public var name: String { "playbook-v1" }

    public func plan(_ agent: any Agent, for brief: AgentBrief) async throws -> ModelPlan {
        ModelPlan(deliverables: try agent.plan(for: brief))
    }
}
