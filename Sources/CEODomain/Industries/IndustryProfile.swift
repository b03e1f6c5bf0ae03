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

    enum CodingKeys: String, CodingKey {
        case key, matches, audience, need, benefit, alternative, differentiator, hue, descriptor, personality, tagline
        case headingFont = "heading_font", bodyFont = "body_font", typeRationale = "type_rationale", limitedLiability = "limited_liability"
    }
}

/// The industry profiles, read from `industries.json` and validated when loaded.
public struct IndustryProfiles: Sendable {
    /// The profiles that industries select, in the file's order.
    public let profiles: [IndustryProfile]
    /// The profile of industries none of the others match.
    public let general: IndustryProfile

    /// Validates the profiles: unique keys, unique lower-case match words, hue 0–360,
    /// no empty text; the error names the file and the entry.
    public init(profiles: [IndustryProfile], general: IndustryProfile, file: String = "industries.json") throws(DomainDataError) {
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
            if index < profiles.count, profile.matches.isEmpty { throw fail("matches is empty: no industry could select it") }
            for word in profile.matches {
                guard word == word.lowercased(), !word.isEmpty else { throw fail("match '\(word)' must be lower case") }
                if let other = words.updateValue(profile.key, forKey: word), other != profile.key {
                    throw fail("match '\(word)' is also \(other)'s")
                }
            }
        }
        self.profiles = profiles
        self.general = general
    }

    /// The profiles bundled with the product; throws naming the file and the entry.
    private static func load() throws(DomainDataError) -> IndustryProfiles {
        let document = try DomainDataFile.decode(Document.self, named: "industries.json")
        return try IndustryProfiles(profiles: document.profiles, general: document.general)
    }

    private static let loaded = LoadedOnce(load)

    /// The table bundled with the product, loaded once per process; throws naming the file and the entry.
    public static func bundled() throws(DomainDataError) -> IndustryProfiles { try loaded.get() }

    /// The bundled table. Every service checks ``bundled()`` at start and refuses to run
    /// when it is invalid, so by the time this is read it is known to load.
    public static var standard: IndustryProfiles { loaded.value("the bundled industry profiles") }

    /// The profile of the first word of `industry` that any profile knows ("SaaS for
    /// accounting teams" is software, not finance), then of a known phrase, else ``general``.
    public func matching(_ industry: String) -> IndustryProfile {
        let words = industry.lowercased().split { !$0.isLetter && $0 != "-" }.map(String.init)
        for word in words {
            if let profile = profiles.first(where: { $0.matches.contains(word) }) { return profile }
        }
        let phrase = " " + words.joined(separator: " ") + " "
        return profiles.first { profile in profile.matches.contains { $0.contains(" ") && phrase.contains(" \($0) ") } } ?? general
    }

    private struct Document: Decodable {
        var profiles: [IndustryProfile]
        var general: IndustryProfile
    }
}

extension IndustryProfile {
    /// The bundled profile that `industry` selects (see ``IndustryProfiles/matching(_:)``).
    public static func matching(_ industry: String) -> IndustryProfile { IndustryProfiles.standard.matching(industry) }
}
