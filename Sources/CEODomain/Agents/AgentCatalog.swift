public import CEOAPI
public import Foundation

/// The agents the product knows, in the product's order (every agent's dependencies
/// come before it), read from `agents.json` and validated when loaded.
///
/// ``standard`` is the bundled catalog; components that plan, classify or describe
/// agents also take a catalog in their initialisers, so a test can hand them one
/// with an extra agent.
public struct AgentCatalog: Sendable {
    /// The profiles in the product's order.
    public let agents: [AgentProfile]
    private let byWireValue: [Int: AgentProfile]
    private let byMachineName: [String: AgentProfile]

    /// Validates `agents` (see ``validate(_:file:)``).
    public init(agents: [AgentProfile], file: String = "agents.json") throws(DomainDataError) {
        try Self.validate(agents, file: file)
        self.agents = agents
        byWireValue = Dictionary(uniqueKeysWithValues: agents.map { ($0.wireValue, $0) })
        byMachineName = Dictionary(uniqueKeysWithValues: agents.map { ($0.machineName, $0) })
    }

    /// The catalog bundled with the product; throws naming the file and the entry.
    private static func load() throws(DomainDataError) -> AgentCatalog {
        try AgentCatalog(agents: DomainDataFile.decode(Document.self, named: "agents.json").agents)
    }

    /// Parses a catalog document (the format of `agents.json`).
    public static func decode(_ data: Data, file: String) throws(DomainDataError) -> AgentCatalog {
        try AgentCatalog(agents: DomainDataFile.decode(Document.self, from: data, file: file).agents, file: file)
    }

    private static let loaded = LoadedOnce(load)

    /// The table bundled with the product, loaded once per process; throws naming the file and the entry.
    public static func bundled() throws(DomainDataError) -> AgentCatalog { try loaded.get() }

    /// The bundled table. Every service checks ``bundled()`` at start and refuses to run
    /// when it is invalid, so by the time this is read it is known to load.
    public static var standard: AgentCatalog { loaded.value("the bundled agent catalog") }

    /// The agents as the wire names them, in the product's order.
    public var types: [AgentType] { agents.map(\.type) }

    /// The profile of `agent`, or nil for an agent this catalog does not know.
    public func profile(of agent: AgentType) -> AgentProfile? { byWireValue[agent.rawValue] }

    /// The profile named `machineName` (`web_development`).
    public func profile(named machineName: String) -> AgentProfile? { byMachineName[machineName] }

    /// "branding, legal, …": the machine names, for messages that list the choices.
    public var machineNameList: String { agents.map(\.machineName).joined(separator: ", ") }

    private struct Document: Decodable {
        var agents: [AgentProfile]
    }

    /// Every rule a catalog keeps; the error names the file and the entry.
    static func validate(_ agents: [AgentProfile], file: String) throws(DomainDataError) {
        if agents.isEmpty { throw DomainDataError(file: file, "lists no agent") }
        var seenNames = Set<String>()
        var seenValues = Set<Int>()
        for (index, agent) in agents.enumerated() {
            let entry = "agents[\(index)] (\(agent.machineName))"
            func fail(_ problem: String) -> DomainDataError { DomainDataError(file: file, "\(entry): \(problem)") }
            guard agent.machineName.range(of: "^[a-z][a-z_]{1,39}$", options: .regularExpression) != nil else {
                throw fail("machine_name must be 2–40 lower-case letters or underscores")
            }
            guard seenNames.insert(agent.machineName).inserted else { throw fail("machine_name is used twice") }
            guard agent.wireValue > 0 else { throw fail("wire_value must be 1 or more (0 is AGENT_TYPE_UNSPECIFIED)") }
            guard seenValues.insert(agent.wireValue).inserted else { throw fail("wire_value \(agent.wireValue) is used twice") }
            for (name, text) in [("title", agent.title), ("short_title", agent.shortTitle), ("description", agent.description)]
            where text.trimmingCharacters(in: .whitespaces).isEmpty {
                throw fail("\(name) is empty")
            }
            guard agent.color.range(of: "^#[0-9a-f]{6}$", options: .regularExpression) != nil else {
                throw fail("color must be #rrggbb in lower case, got '\(agent.color)'")
            }
            guard !agent.keywords.isEmpty else { throw fail("keywords is empty") }
            guard !agent.doItYourself.isEmpty else { throw fail("do_it_yourself is empty: say what a founder can do without the agent") }
            guard !agent.firstPaidItem.isEmpty else { throw fail("first_paid_item is empty: say what is worth paying for first without the agent") }
            if let keyword = agent.weakKeywords.first(where: { $0 != $0.lowercased() || $0.isEmpty || agent.keywords.contains($0) }) {
                throw fail("weak_keywords: '\(keyword)' must be lower case, not empty, and not also a keyword")
            }
            if let keyword = agent.keywords.first(where: { $0 != $0.lowercased() || $0.trimmingCharacters(in: .whitespaces) != $0 || $0.isEmpty }) {
                throw fail("keyword '\(keyword)' must be lower case without surrounding spaces")
            }
            let planning = agent.planning
            guard planning.weight > 0, planning.weight.isFinite else { throw fail("planning.weight must be more than 0") }
            guard planning.minimumCents >= 0 else { throw fail("planning.minimum_cents must be 0 or more") }
            guard !planning.taskTitle.isEmpty else { throw fail("planning.task_title is empty") }
            for dependency in planning.dependsOn where !seenNames.contains(dependency) || dependency == agent.machineName {
                throw fail("planning.depends_on names '\(dependency)', which is not an agent listed before this one")
            }
            for named in planning.dependsOnReasons.keys.sorted() where !planning.dependsOn.contains(named) {
                throw fail("planning.depends_on_reasons names '\(named)', which is not in depends_on")
            }
        }
    }
}
