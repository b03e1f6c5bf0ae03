import Foundation
import CEODomain

/// Pillar topics and keyword seeds from the industry, the city and the objectives.
enum ContentStrategy {
    /// Words that say little about a business's topic.
    private static let generic: Set<String> = [
        "a", "an", "and", "the", "for", "of", "in", "on", "to", "with", "by", "our", "we", "new", "b2b", "b2c", "d2c", "saas",
        "software", "platform", "app", "apps", "startup", "company", "business", "businesses", "digital", "online", "services",
        "service", "tech", "technology", "teams", "team", "small", "local", "get", "grow", "build", "launch", "more", "first",
        "make", "from", "that", "this", "into", "their", "your", "them", "will", "have", "best",
        "paying", "customer", "customers", "client", "clients", "users", "user", "rank", "ranking", "increase", "improve",
        "awareness", "traffic", "leads", "revenue", "sales", "growth", "brand", "month", "months", "week", "weeks", "year",
        "reach", "drive", "create", "start", "open", "opening", "within", "least", "about", "than",
    ]

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "-") }.map(String.init)
    }

    /// The industry's topic in a few words: "tex-mex restaurant", "accounting", "healthcare".
    static func topic(of industry: String) -> String {
        let kept = words(industry).filter { !generic.contains($0) }
        return kept.isEmpty ? words(industry).joined(separator: " ") : kept.joined(separator: " ")
    }

    /// Up to three distinct content words from the objectives, in order of appearance.
    static func objectiveTerms(_ objectives: [String], excluding topic: String) -> [String] {
        let topicWords = Set(words(topic))
        var seen: Set<String> = []
        var terms: [String] = []
        for word in objectives.flatMap(words) where word.count >= 4 && !generic.contains(word) && !topicWords.contains(word) {
            if seen.insert(word).inserted { terms.append(word) }
            if terms.count == 3 { break }
        }
        return terms
    }

    static func pillars(profile: IndustryProfile, topic: String, city: String, objectives: [String]) -> [String] {
        let base = profile.playbook.contentPillars.map { $0.filling(city: city, topic: topic) }
        let fromObjectives = objectives.prefix(2).map { objective in
            let trimmed = objective.trimmingCharacters(in: .whitespacesAndNewlines)
            return "Objective: " + (trimmed.count > 60 ? String(trimmed.prefix(57)) + "…" : trimmed)
        }
        return base + fromObjectives
    }

    static func keywordSeeds(profile: IndustryProfile, topic: String, city: String, objectiveTerms: [String]) -> [String] {
        var seeds = profile.playbook.keywordPatterns.map { $0.filling(city: city.lowercased(), topic: topic) }
        seeds += objectiveTerms.map { "\(topic) \($0)" }
        var seen: Set<String> = []
        return seeds.filter { seen.insert($0).inserted }
    }
}
