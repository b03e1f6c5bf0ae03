public import CEOAPI
import Foundation

/// Everything the product knows about one agent outside the agent's own code: its
/// names, what it does, the words of its domain, how the planner funds it and the
/// colour the web app draws it in. One entry of `agents.json`.
public struct AgentProfile: Sendable, Hashable, Decodable {
    /// How the planner treats the agent.
    public struct Planning: Sendable, Hashable, Decodable {
        /// Relative share of the allocatable budget, before minimums.
        public let weight: Double
        /// The least the agent's essentials cost for any company (US cents; ``minimum(in:rates:)``
        /// in another currency). A test keeps
        /// this at or above what AgentService reports, so a funded task is never refused.
        public let minimumCents: Int64
        /// Why the minimum is what it is, where that is not obvious.
        public let minimumNote: String?
        /// Machine names of the agents whose results this one builds on (when they are in the plan).
        public let dependsOn: [String]
        /// Why it waits for each of them, in words a founder reads ("ads point at the website,
        /// so they start once it is live"), by machine name.
        public let dependsOnReasons: [String: String]
        /// The task title, in the agent's own domain so that its domain guard accepts it;
        /// `{company}` stands for the company's name.
        public let taskTitle: String

        enum CodingKeys: String, CodingKey {
            case weight, minimumCents = "minimum_cents", minimumNote = "minimum_note", dependsOn = "depends_on", taskTitle = "task_title"
            case dependsOnReasons = "depends_on_reasons"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            weight = try container.decode(Double.self, forKey: .weight)
            minimumCents = try container.decode(Int64.self, forKey: .minimumCents)
            minimumNote = try container.decodeIfPresent(String.self, forKey: .minimumNote)
            dependsOn = try container.decode([String].self, forKey: .dependsOn)
            dependsOnReasons = try container.decodeIfPresent([String: String].self, forKey: .dependsOnReasons) ?? [:]
            taskTitle = try container.decode(String.self, forKey: .taskTitle)
        }

        /// The minimum in minor units of `currency`: `minimumCents` (US cents) at the planning
        /// rate, rounded up to the whole unit so that rounding never leaves an agent short.
        public func minimum(in currency: String, rates: PlanningRates = .standard) -> Int64 {
            guard currency != PlanningRates.defaultCurrency else { return minimumCents }
            let converted = rates.convert(minimumCents, from: PlanningRates.defaultCurrency, to: currency)
            return (converted + 99) / 100 * 100
        }
    }

    /// The name the public API uses: `web_development`.
    public let machineName: String
    /// The agent's number in `ceo.common.v1.AgentType`.
    public let wireValue: Int
    /// The name people read: `Marketing technology`.
    public let title: String
    /// The short name for tables and progress lines: `Martech`.
    public let shortTitle: String
    /// One sentence on what the agent delivers.
    public let description: String
    /// The web app's colour for the agent, `#rrggbb`.
    public let color: String
    /// Lower-case words and phrases of the agent's domain (see ``DomainLexicon``).
    public let keywords: [String]
    /// Words that point at the domain only when nothing else does: "launch" is a campaign
    /// in "launch campaign" but not in "launch a website".
    public let weakKeywords: [String]
    /// What a founder can do without the agent (free tools, their own hours) when the
    /// budget cannot fund its minimum.
    public let doItYourself: String
    /// What is worth paying for first when the budget funds no agent at all.
    public let firstPaidItem: String
    public let planning: Planning

    enum CodingKeys: String, CodingKey {
        case machineName = "machine_name", wireValue = "wire_value", title, shortTitle = "short_title", description, color, keywords, planning
        case weakKeywords = "weak_keywords", doItYourself = "do_it_yourself", firstPaidItem = "first_paid_item"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        machineName = try container.decode(String.self, forKey: .machineName)
        wireValue = try container.decode(Int.self, forKey: .wireValue)
        title = try container.decode(String.self, forKey: .title)
        shortTitle = try container.decode(String.self, forKey: .shortTitle)
        description = try container.decode(String.self, forKey: .description)
        color = try container.decode(String.self, forKey: .color)
        keywords = try container.decode([String].self, forKey: .keywords)
        weakKeywords = try container.decodeIfPresent([String].self, forKey: .weakKeywords) ?? []
        doItYourself = try container.decodeIfPresent(String.self, forKey: .doItYourself) ?? ""
        firstPaidItem = try container.decodeIfPresent(String.self, forKey: .firstPaidItem) ?? "" 
        planning = try container.decode(Planning.self, forKey: .planning)
    }

    /// The agent as the wire names it (an agent the generated enum does not list yet
    /// travels as its number).
    public var type: AgentType { AgentType(rawValue: wireValue) ?? .UNRECOGNIZED(wireValue) }

    /// The task title for `company`.
    public func taskTitle(for company: String) -> String {
        planning.taskTitle.replacingOccurrences(of: "{company}", with: company)
    }
}
