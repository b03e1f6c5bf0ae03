import Foundation

/// What the planner knows about objectives beyond the agents' keywords
/// (`objectives.json`): kinds of work no agent does, with what a founder can do instead
/// and the agents whose work they shape, and the words of numeric goals.
public struct ObjectiveVocabulary: Sendable, Decodable {
    /// A kind of work outside every agent's domain ("fundraising").
    public struct Topic: Sendable, Decodable, Hashable {
        public let topic: String
        /// Lower-case words and phrases that name it.
        public let terms: [String]
        /// Machine names of agents whose work it shapes (fundraising → legal forms the
        /// entity investors expect); the objective is passed to them too.
        public let agents: [String]
        /// What to do instead, in a sentence or two.
        public let advice: String
        /// The words of each term, in the order of `terms`.
        let termWords: [[String]]

        enum CodingKeys: String, CodingKey { case topic, terms, agents, advice }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            topic = try container.decode(String.self, forKey: .topic)
            terms = try container.decode([String].self, forKey: .terms)
            agents = try container.decode([String].self, forKey: .agents)
            advice = try container.decode(String.self, forKey: .advice)
            termWords = terms.map(\.phraseWords)
        }
    }

    /// A kind of numeric goal ("customers"), the words that name it, and the agent whose
    /// plan forecasts it.
    public struct GoalKind: Sendable, Decodable, Hashable {
        public let kind: String
        public let agent: String
        public let words: [String]
    }

    /// The objectives a plan assumes when a request gives none: a complete launch, one
    /// objective for each agent of the catalog.
    public let assumedLaunchPlan: [String]

    enum CodingKeys: String, CodingKey {
        case topics, goals, assumedLaunchPlan = "assumed_launch_plan"
    }

    /// The agent that forecasts the first numeric goal of `text` (machine name), or nil.
    public func forecastingAgent(of text: String) -> String? {
        goals(in: text).first.flatMap { goal in goals.first { $0.kind == goal.kind }?.agent }
    }

    public let topics: [Topic]
    public let goals: [GoalKind]

    /// The topic `text` speaks of, or nil.
    public func topic(of text: String) -> Topic? { match(in: text)?.topic }

    /// The topic `text` speaks of and the term that says so, or nil.
    public func match(in text: String) -> (topic: Topic, term: String)? {
        let words = DomainLexicon.words(of: text)
        for topic in topics {
            if let index = topic.termWords.firstIndex(where: words.containsRun) { return (topic, topic.terms[index]) }
        }
        return nil
    }

    /// `text` without the words of a topic's phrase ("find a second site" → "find a"), so
    /// that a word inside the phrase ("site") is not read as an agent's work; a topic named
    /// by a single word leaves the text as it is.
    public func withoutTopicPhrase(_ text: String) -> String {
        guard let (_, term) = match(in: text), term.contains(" ") else { return text }
        let normalised = " " + DomainLexicon.words(of: text).joined(separator: " ") + " "
        return normalised.replacingOccurrences(of: " \(term) ", with: " ").trimmingCharacters(in: .whitespaces)
    }

    /// The numeric goals in `text`: "first 20 customers" → (customers, 20); "500 leads",
    /// "1,000 followers", "2k sign-ups". A number names the goal of the word right after it
    /// (or one word later: "20 new customers").
    public func goals(in text: String) -> [ObjectiveGoal] {
        let words = DomainLexicon.words(of: text.replacingOccurrences(of: ",", with: ""))
        var found: [ObjectiveGoal] = []
        for (index, word) in words.enumerated() {
            guard let value = Self.number(word), value > 0 else { continue }
            let next = Array(words.dropFirst(index + 1).prefix(3))
            let kind = goals.first { kind in
                kind.words.contains { phrase in
                    let parts = phrase.split(separator: " ").map(String.init)
                    // Right after the number, or one word later ("20 new customers").
                    return (0...1).contains { offset in next.count >= offset + parts.count && Array(next[offset..<offset + parts.count]) == parts }
                }
            }
            if let kind { found.append(ObjectiveGoal(kind: kind.kind, value: value, text: text)) }
        }
        return found
    }

    /// "20" → 20, "2k" → 2,000, "1.5k" → 1,500; anything else nil.
    static func number(_ word: String) -> Int? {
        if let value = Int(word) { return value }
        if word.hasSuffix("k"), let value = Double(word.dropLast()) { return Int(value * 1_000) }
        return nil
    }

    /// Validates the vocabulary: topics and goals named once, terms lower case, advice given.
    static func load() throws(DomainDataError) -> ObjectiveVocabulary {
        let file = "objectives.json"
        let vocabulary = try DomainDataFile.decode(ObjectiveVocabulary.self, named: file)
        var seen = Set<String>()
        for (index, topic) in vocabulary.topics.enumerated() {
            guard seen.insert(topic.topic).inserted, !topic.terms.isEmpty, !topic.advice.isEmpty else {
                throw DomainDataError(file: file, "topics[\(index)] (\(topic.topic)): a topic is named once, with terms and advice")
            }
            if let term = topic.terms.first(where: { $0 != $0.lowercased() || $0.isEmpty }) {
                throw DomainDataError(file: file, "topics[\(index)]: '\(term)' must be lower case and not empty")
            }
            if let agent = topic.agents.first(where: { name in !AgentCatalog.standard.agents.contains { $0.machineName == name } }) {
                throw DomainDataError(file: file, "topics[\(index)]: '\(agent)' is not an agent of the catalog")
            }
        }
        for (index, goal) in vocabulary.goals.enumerated() where !AgentCatalog.standard.agents.contains(where: { $0.machineName == goal.agent }) {
            throw DomainDataError(file: file, "goals[\(index)] (\(goal.kind)): '\(goal.agent)' is not an agent of the catalog")
        }
        // The assumed launch plan gives every agent of the catalog one objective of its own.
        let lexicon = DomainLexicon(catalog: .standard)
        let assumed = vocabulary.assumedLaunchPlan.map { lexicon.classify($0).first?.domain }
        for agent in AgentCatalog.standard.agents where assumed.filter({ $0 == agent.type }).count != 1 {
            throw DomainDataError(file: file, "assumed_launch_plan must give \(agent.machineName) exactly one objective of its own")
        }
        return vocabulary
    }

    private static let loaded = LoadedOnce(load)

    /// The bundled vocabulary, loaded once per process; throws naming the file and the entry.
    public static func bundled() throws(DomainDataError) -> ObjectiveVocabulary { try loaded.get() }

    /// The bundled vocabulary (checked at start by every service that reads it).
    public static var standard: ObjectiveVocabulary { loaded.value("the bundled objective vocabulary") }
}

/// A numeric goal an objective states: 20 customers, 500 leads.
public struct ObjectiveGoal: Sendable, Hashable {
    /// `customers`, `leads` or `followers`.
    public let kind: String
    public let value: Int
    /// The objective it comes from.
    public let text: String
}
