public import CEOAPI

extension AgentType {
    /// The agents of the standard catalog, in the product's order.
    public static var productOrder: [AgentType] { AgentCatalog.standard.types }

    /// The agent's machine name in the standard catalog, as the public API spells it
    /// (`web_development`); `agent_<number>` for a number the catalog does not know.
    public var machineName: String { AgentCatalog.standard.profile(of: self)?.machineName ?? "agent_\(rawValue)" }

    /// The agent's short name for people (`Web development`), from the standard catalog.
    public var shortTitle: String { AgentCatalog.standard.profile(of: self)?.shortTitle ?? machineName }

    /// Parses a machine name of the standard catalog.
    public init?(machineName: String) {
        guard let profile = AgentCatalog.standard.profile(named: machineName) else { return nil }
        self = profile.type
    }
}
