import Foundation

/// What the playbooks assume about a kind of business: who buys, what they need, the
/// brand's hue family and a type pairing that suits it. `key` selects each agent's
/// industry-specific rules (sitemaps, channels, regulation flags). One entry of
/// `industries.json`.
public struct IndustryProfile: Sendable, Hashable, Decodable {
    public let key: String
    /// Words in the company's industry that select this profile.
    public let matches: [String]
    public let audience: String
    public let need: String
    public let benefit: String
    public let alternative: String
    public let differentiator: String
    /// Base hue in degrees (0–360) of the primary colour.
    public let hue: Double
    public let headingFont: String
    public let bodyFont: String
    public let typeRationale: String
    /// Nouns that can follow the company's name in a descriptive name direction.
    public let descriptor: String
    public let personality: [String]
    /// A short tagline for the descriptive name direction.
    public let tagline: String
    /// Why this kind of business should trade through a limited company even when one
    /// person starts it (claims that could reach the founder's own assets); nil when the
    /// simplest form fits.
    public let limitedLiability: String?
    /// What each agent's playbook does for this kind of business.
    public let playbook: IndustryPlaybook

    enum CodingKeys: String, CodingKey {
        case key, matches, audience, need, benefit, alternative, differentiator, hue, descriptor, personality, tagline, playbook
        case headingFont = "heading_font", bodyFont = "body_font", typeRationale = "type_rationale", limitedLiability = "limited_liability"
    }
}

/// A rule for every kind of business that meets a condition (takes card payments, or
/// any business in a country).
public struct SharedRegulationFlag: Sendable, Hashable, Decodable {
    /// `takes_payments` (the profile's playbook takes cards, or the industry's words say so) or `always`.
    public let when: String
    public let flag: IndustryPlaybook.RegulationFlag

    enum CodingKeys: String, CodingKey { case when }

    public init(from decoder: any Decoder) throws {
        when = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .when)
        flag = try IndustryPlaybook.RegulationFlag(from: decoder)
    }
}

/// The industry profiles, read from `industries.json` and validated when loaded.
public struct IndustryProfiles: Sendable {
    /// The profiles that industries select, in the file's order.
    public let profiles: [IndustryProfile]
    /// The profile of industries none of the others match.
    public let general: IndustryProfile
    /// Rules that apply across industries, after each profile's own.
    public let sharedFlags: [SharedRegulationFlag]
    /// Where the close rates come from.
    public let closeRateBasis: String

    /// Validates the profiles: unique keys, unique lower-case match words, hue 0–360,
    /// no empty text, a valid playbook; the error names the file and the entry.
    public init(profiles: [IndustryProfile], general: IndustryProfile, sharedFlags: [SharedRegulationFlag] = [], closeRateBasis: String = "planning assumption",
                file: String = "industries.json") throws(DomainDataError) {
        for (index, shared) in sharedFlags.enumerated() where !["takes_payments", "always"].contains(shared.when) {
            throw DomainDataError(file: file, "shared_regulation_flags[\(index)] (\(shared.flag.topic)): when must be takes_payments or always, got '\(shared.when)'")
        }
        var keys = Set<String>()
        var words = [String: String]()
        for (index, profile) in (profiles + [general]).enumerated() {
            let entry = index == profiles.count ? "general" : "profiles[\(index)] (\(profile.key))"
            func fail(_ problem: String) -> DomainDataError { DomainDataError(file: file, "\(entry): \(problem)") }
            guard profile.key.range(of: "^[a-z][a-z_]*$", options: .regularExpression) != nil else { throw fail("key must be lower-case letters or underscores") }
            guard keys.insert(profile.key).inserted else { throw fail("key is used twice") }
            guard (0...360).contains(profile.hue) else { throw fail("hue must be 0–360, got \(profile.hue)") }
            let texts = [profile.audience, profile.need, profile.benefit, profile.alternative, profile.differentiator, profile.headingFont,
                         profile.bodyFont, profile.typeRationale, profile.descriptor, profile.tagline]
            if texts.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) { throw fail("a text field is empty") }
            if profile.personality.isEmpty { throw fail("personality is empty") }
            // Read as "for <audience> in <city> who <need>" (the positioning statement, the ads):
            // an audience with a clause or a place of its own reads twice over.
            let audienceWords = Set(profile.audience.lowercased().split { !$0.isLetter }.map(String.init))
            if let word = Self.wordsNotInAnAudience.first(where: audienceWords.contains) {
                throw fail("audience '\(profile.audience)' must be a plain noun phrase (it is followed by 'in <city> who <need>'), without '\(word)'")
            }
            if index < profiles.count, profile.matches.isEmpty { throw fail("matches is empty: no industry could select it") }
            if let problem = profile.playbook.problems().first { throw fail("playbook: \(problem)") }
            for word in profile.matches {
                guard word == word.lowercased(), !word.isEmpty else { throw fail("match '\(word)' must be lower case") }
                if let other = words.updateValue(profile.key, forKey: word), other != profile.key {
                    throw fail("match '\(word)' is also \(other)'s")
                }
            }
        }
        self.profiles = profiles
        self.general = general
        self.sharedFlags = sharedFlags
        self.closeRateBasis = closeRateBasis
        phrases = profiles.indices.flatMap { index in
            profiles[index].matches.filter { $0.contains(Character(" ")) }.map { (words: $0.phraseWords, profile: index) }
        }
        profileOfWord = Dictionary(
            profiles.indices.flatMap { index in profiles[index].matches.map { ($0, index) } }, uniquingKeysWith: { first, _ in first }
        )
    }

    /// The match phrases of several words, each with its profile's index, in the profiles' order.
    private let phrases: [(words: [String], profile: Int)]
    /// The profile's index of each match (a phrase of several words too, which no single word equals).
    private let profileOfWord: [String: Int]

    /// Every profile, ``general`` last.
    public var all: [IndustryProfile] { profiles + [general] }

    /// The rules of `profile` where the company is, then the shared rules that apply:
    /// `takesPayments` is true when the industry's words say it takes payments.
    public func flags(for profile: IndustryProfile, country: String, subdivision: String?, takesPayments: Bool) -> [IndustryPlaybook.RegulationFlag] {
        let paying = takesPayments || profile.playbook.takesPayments
        var shared: [IndustryPlaybook.RegulationFlag] = []
        for entry in sharedFlags where entry.when == "always" || paying {
            let flag = entry.flag
            guard let flagCountry = flag.country else { shared.append(flag); continue }
            if flagCountry == country, flag.subdivision == nil || flag.subdivision == subdivision { shared.append(flag) }
        }
        return profile.playbook.flags(country: country, subdivision: subdivision) + shared
    }

    /// The profiles bundled with the product; throws naming the file and the entry.
    private static func load() throws(DomainDataError) -> IndustryProfiles {
        let document = try DomainDataFile.decode(Document.self, named: "industries.json")
        return try IndustryProfiles(profiles: document.profiles, general: document.general, sharedFlags: document.sharedRegulationFlags,
                                    closeRateBasis: document.closeRateBasis)
    }

    private static let loaded = LoadedOnce(load)

    /// Words that make an audience a clause or a place (see the check in `init`).
    static let wordsNotInAnAudience = ["who", "that", "which", "whose", "nearby", "local", "area"]

    /// The table bundled with the product, loaded once per process; throws naming the file and the entry.
    public static func bundled() throws(DomainDataError) -> IndustryProfiles { try loaded.get() }

    /// The bundled table. Every service checks ``bundled()`` at start and refuses to run
    /// when it is invalid, so by the time this is read it is known to load.
    public static var standard: IndustryProfiles { loaded.value("the bundled industry profiles") }

    /// The profile of a known phrase in `industry` ("real estate agency" is real estate, not
    /// an agency), else of its first word that any profile knows ("SaaS for accounting teams"
    /// is software, not finance), else ``general``.
    public func matching(_ industry: String) -> IndustryProfile {
        let words = industry.lowercased().split { !$0.isLetter && $0 != "-" && $0 != "&" }.map(String.init)
        if let phrase = phrases.first(where: { words.containsRun($0.words) }) { return profiles[phrase.profile] }
        for word in words {
            if let index = profileOfWord[word] { return profiles[index] }
        }
        return general
    }

    private struct Document: Decodable {
        var profiles: [IndustryProfile]
        var general: IndustryProfile
        var sharedRegulationFlags: [SharedRegulationFlag]
        var closeRateBasis: String

        enum CodingKeys: String, CodingKey {
            case profiles, general, sharedRegulationFlags = "shared_regulation_flags", closeRateBasis = "close_rate_basis"
        }
    }
}

extension IndustryProfile {
    /// The bundled profile that `industry` selects (see ``IndustryProfiles/matching(_:)``).
    public static func matching(_ industry: String) -> IndustryProfile { IndustryProfiles.standard.matching(industry) }
}
