public import CEOAPI

/// What the planner assumes about each agent: its share of the budget, the least it
/// can work with, the work it depends on, and the task it is given.
public struct AgentPlanning: Sendable {
    public let agent: AgentType
    /// Relative share of the allocatable budget, before minimums.
    public let weight: Double
    /// The least the agent's essentials cost for any company (cents). A test keeps this
    /// at or above what AgentService reports, so a funded task is never refused.
    public let minimumCents: Int64
    /// Agents whose results this one builds on (when they are in the plan).
    public let dependsOn: [AgentType]
    /// The task title, in the agent's own domain so that its domain guard accepts it.
    let title: @Sendable (String) -> String

    /// The six agents in the product's order.
    public static let all: [AgentPlanning] = [
        AgentPlanning(agent: .branding, weight: 0.15, minimumCents: 29_470, dependsOn: [], title: { "Brand identity for \($0)" }),
        // Massachusetts' $500 filing fee plus an hour of review: enough for any US state.
        AgentPlanning(agent: .legal, weight: 0.10, minimumCents: 64_016, dependsOn: [], title: { "Legal setup for \($0): entity formation and compliance" }),
        AgentPlanning(agent: .webDevelopment, weight: 0.25, minimumCents: 90_226, dependsOn: [.branding], title: { "Website for \($0)" }),
        AgentPlanning(agent: .martech, weight: 0.10, minimumCents: 21_540, dependsOn: [.webDevelopment], title: { _ in "Marketing stack: email marketing, CRM and analytics" }),
        AgentPlanning(agent: .content, weight: 0.15, minimumCents: 28_344, dependsOn: [.branding], title: { _ in "Content plan and content calendar" }),
        AgentPlanning(agent: .campaigns, weight: 0.25, minimumCents: 43_720, dependsOn: [.content, .martech], title: { _ in "Launch campaign" }),
    ]

    public static func of(_ agent: AgentType) -> AgentPlanning? { all.first { $0.agent == agent } }
}
