public import CEOAPI

/// One piece of an agent's plan: a deliverable with its priced line items, and how
/// much it matters when the budget is short.
public struct PlannedDeliverable: Sendable, Hashable {
    public var priority: WorkPriority
    public var deliverable: Deliverable

    public init(priority: WorkPriority, deliverable: Deliverable) {
        self.priority = priority
        self.deliverable = deliverable
    }

    /// The sum of its line items.
    public var costCents: Int64 { deliverable.lineItems.reduce(0) { $0 + $1.totalCents } }
}

/// A specialised agent: its description, and the playbook that plans its work.
public protocol Agent: Sendable {
    /// Name, description, capabilities and minimum budget (served by `ListAgents`).
    var info: AgentInfo { get }

    /// Everything the agent would deliver for `brief` with an unlimited budget, most
    /// important first. Deterministic: equal briefs give equal plans.
    func plan(for brief: AgentBrief) throws -> [PlannedDeliverable]
}
