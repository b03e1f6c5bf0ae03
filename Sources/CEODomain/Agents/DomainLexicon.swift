public import CEOAPI
import Foundation

/// Words and phrases that say which agent's domain a piece of text belongs to: each
/// agent's `keywords` in the catalog, and its `weak_keywords`, which count only when no
/// agent's keyword matched ("launch" alone is a campaign; "launch a website" is not).
///
/// Shared by the Orchestrator (classifying a founder's objectives) and AgentService
/// (refusing tasks outside an agent's domain), so both read text the same way.
public struct DomainLexicon: Sendable {
    private let terms: [(domain: AgentType, terms: [String], weak: [String])]

    /// The lexicon of `catalog`'s agents, in its order.
    /// The most words in one term: the longest run of words a text is looked up by.
    private let longestTerm: Int

    public init(catalog: AgentCatalog) {
        terms = catalog.agents.map { ($0.type, $0.keywords, $0.weakKeywords) }
        let everyTerm: [String] = terms.flatMap { entry -> [String] in entry.terms + entry.weak }
        longestTerm = everyTerm.map { $0.split(separator: " ", omittingEmptySubsequences: false).count }.max() ?? 1
    }

    /// The lexicon of the standard catalog.
    public static let standard = DomainLexicon(catalog: .standard)

    /// The domains `text` speaks of, with how many distinct terms of each it uses,
    /// most-mentioned first (ties in the catalog's order).
    public func classify(_ text: String) -> [(domain: AgentType, matches: Int)] { reading(text).domains }

    /// The domains of `text` (see ``classify(_:)``) and whether only weak keywords named them.
    public func reading(_ text: String) -> (domains: [(domain: AgentType, matches: Int)], weakOnly: Bool) {
        // A term matches when it is a run of the text's words joined by single spaces:
        // every such run up to the longest term's length, looked up in a set.
        let words = Self.words(of: text)
        var runs = Set<String>()
        for start in words.indices {
            var run = ""
            for length in 0..<min(longestTerm, words.count - start) {
                if length > 0 { run += " " }
                run += words[start + length]
                runs.insert(run)
            }
        }
        var strong: [(AgentType, Int)] = []
        var weak: [(AgentType, Int)] = []
        for (domain, terms, weakTerms) in terms {
            let count = terms.filter { runs.contains($0) }.count
            if count > 0 { strong.append((domain, count)) }
            let weakCount = weakTerms.filter { runs.contains($0) }.count
            if weakCount > 0 { weak.append((domain, weakCount)) }
        }
        return ((strong.isEmpty ? weak : strong).sorted { $0.1 > $1.1 }, strong.isEmpty && !weak.isEmpty)
    }

    /// The standard lexicon's reading of `text` (see ``classify(_:)``).
    public static func classify(_ text: String) -> [(domain: AgentType, matches: Int)] { standard.classify(text) }

    /// Lower-case words, punctuation removed (hyphens inside words kept).
    public static func words(of text: String) -> [String] {
        text.utf8.allSatisfy { $0 < 0x80 } ? asciiWords(of: text) : wordsByCharacter(of: text)
    }

    /// ``words(of:)`` of ASCII text, a byte at a time: letters (lowered), digits and
    /// hyphens make words, anything else separates them.
    static func asciiWords(of text: String) -> [String] {
        var words: [String] = []
        var word: [UInt8] = []
        func finish() {
            // Hyphens inside a word stay; at its ends they go.
            let trimmed = word.drop { $0 == UInt8(ascii: "-") }.reversed().drop { $0 == UInt8(ascii: "-") }.reversed()
            if !trimmed.isEmpty { words.append(String(decoding: trimmed, as: UTF8.self)) }
            word.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte | 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): word.append(byte)
            default: if !word.isEmpty { finish() }
            }
        }
        if !word.isEmpty { finish() }
        return words
    }

    /// ``words(of:)`` by Unicode characters, for text that is not ASCII.
    static func wordsByCharacter(of text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "-") }.map { $0.trimmingCharacters(in: ["-"]) }
            .filter { !$0.isEmpty }
    }
}
