import Foundation

/// What each agent's playbook does differently for a kind of business: the site it needs,
/// the channels it sells through, the events worth tracking, the trademark classes and
/// the rules it must not miss. One part of an ``IndustryProfile``, read from `industries.json`.
///
/// Text may carry placeholders the agents fill in: `{city}` (the company's city),
/// `{topic}` (the industry in a few words) and `{state}` (the state, province or region).
public struct IndustryPlaybook: Sendable, Hashable, Decodable {
    /// One page of the site, in navigation order.
    public struct Page: Sendable, Hashable, Decodable {
        public let page: String
        public let purpose: String
    }

    /// A channel of the campaign and its share of the media budget.
    public struct PaidChannel: Sendable, Hashable, Decodable {
        public let name: String
        /// The channel id in the campaigns agent's ad benchmarks; nil for referrals, events, PR.
        public let benchmark: String?
        /// Percent of the media budget; a profile's shares add up to 100.
        public let share: Int
        public let role: String
    }

    /// A channel the content plan publishes on, and how often.
    public struct ContentChannel: Sendable, Hashable, Decodable {
        public let name: String
        /// What one piece is, for example "article".
        public let format: String
        public let hoursEach: Int32
        /// Pieces per four weeks.
        public let perFourWeeks: Int

        enum CodingKeys: String, CodingKey {
            case name, format, hoursEach = "hours_each", perFourWeeks = "per_four_weeks"
        }
    }

    /// An analytics event and when it fires.
    public struct ConversionEvent: Sendable, Hashable, Decodable {
        public let event: String
        public let when: String
    }

    /// A Nice class a company's name should be protected in.
    public struct TrademarkClass: Sendable, Hashable, Decodable {
        /// 1–45.
        public let number: Int
        public let covers: String
    }

    /// A rule a founder must not miss. An entry with a country applies there (with a
    /// subdivision, only there); an entry without one applies where no entry of the same
    /// topic names the company's country.
    public struct RegulationFlag: Sendable, Hashable, Decodable {
        /// Short tag, for example `health_data`, `alcohol`.
        public let topic: String
        public let title: String
        public let action: String
        /// ISO 3166-1 alpha-2 code, or nil for everywhere else.
        public let country: String?
        /// The subdivision code within `country` (a US state, for example `TX`).
        public let subdivision: String?
    }

    /// Leads that become customers: a planning assumption until the founder's own funnel replaces it.
    public struct CloseRate: Sendable, Hashable, Decodable {
        /// 0–1.
        public let rate: Double
        public let meaning: String
    }

    /// The follow-up emails after a sign-up or enquiry.
    public struct Nurture: Sendable, Hashable, Decodable {
        public let title: String
        public let detail: String
    }

    /// How people act on the site: `booking`, `checkout`, `menu`, `portfolio`, `signup`, `listings`, `donations`, `quote`.
    public let sitePattern: String
    /// The schema.org type of the business for structured data.
    public let schemaType: String
    /// Kinds of website in order of preference (`custom`, `commerce`, `cms`, `static`).
    public let webStacks: [String]
    public let pages: [Page]
    public let paidChannels: [PaidChannel]
    /// The launch moment paid channels open with, for example "opening event".
    public let launchMoment: String
    /// The row of the ad benchmarks' industry tables this kind of business reads.
    public let adCategory: String
    public let closeRate: CloseRate
    public let contentChannels: [ContentChannel]
    public let contentPillars: [String]
    /// Search phrases, with `{topic}` and `{city}`.
    public let keywordPatterns: [String]
    public let conversionEvents: [ConversionEvent]
    /// The event in ``conversionEvents`` that counts as the key conversion.
    public let keyConversion: String
    public let nurture: Nurture
    /// True where a listing in maps and local search brings customers.
    public let localListing: Bool
    /// True where the data calls for cookieless analytics wherever the company is.
    public let privacyFirstAnalytics: Bool
    /// What must never reach analytics, for example "health details".
    public let neverInAnalytics: String
    /// True where customer data is at the heart of the product (longer privacy work).
    public let dataHeavy: Bool
    /// True where the business takes card payments.
    public let takesPayments: Bool
    /// The title of the terms a customer accepts, for example "Terms of service".
    public let termsTitle: String
    public let trademarkClasses: [TrademarkClass]
    public let regulationFlags: [RegulationFlag]

    enum CodingKeys: String, CodingKey {
        case pages, nurture
        case sitePattern = "site_pattern", schemaType = "schema_type", webStacks = "web_stacks", paidChannels = "paid_channels"
        case launchMoment = "launch_moment", adCategory = "ad_category", closeRate = "close_rate", contentChannels = "content_channels"
        case contentPillars = "content_pillars", keywordPatterns = "keyword_patterns", conversionEvents = "conversion_events"
        case keyConversion = "key_conversion", localListing = "local_listing", privacyFirstAnalytics = "privacy_first_analytics"
        case neverInAnalytics = "never_in_analytics", dataHeavy = "data_heavy", takesPayments = "takes_payments"
        case termsTitle = "terms_title", trademarkClasses = "trademark_classes", regulationFlags = "regulation_flags"
    }

    /// The site patterns the web agent knows.
    public static let sitePatterns: Set<String> = ["booking", "checkout", "menu", "portfolio", "signup", "listings", "donations", "quote"]
    /// The kinds of website the web agent builds.
    public static let webStackNames: Set<String> = ["custom", "commerce", "cms", "static"]
    /// Placeholders text may carry.
    public static let placeholders: Set<String> = ["city", "topic", "state"]

    /// The regulation flags that apply in `country` (and `subdivision`), in the file's order:
    /// per topic the most specific entry wins, and a topic no entry covers there is left out.
    public func flags(country: String, subdivision: String?) -> [RegulationFlag] {
        func rank(_ flag: RegulationFlag) -> Int? {
            switch (flag.country, flag.subdivision) {
            case (nil, _): 0
            case (country?, nil): 1
            case (country?, subdivision?): 2
            default: nil
            }
        }
        var best: [String: (rank: Int, flag: RegulationFlag)] = [:]
        var order: [String] = []
        for flag in regulationFlags {
            guard let rank = rank(flag) else { continue }
            if best[flag.topic] == nil { order.append(flag.topic) }
            if (best[flag.topic]?.rank ?? -1) < rank { best[flag.topic] = (rank, flag) }
        }
        return order.compactMap { best[$0]?.flag }
    }

    /// Problems with this playbook, each naming its field; empty when it is valid.
    func problems() -> [String] {
        var problems: [String] = []
        if !Self.sitePatterns.contains(sitePattern) { problems.append("site_pattern '\(sitePattern)' is not one of \(Self.sitePatterns.sorted())") }
        if webStacks.isEmpty || webStacks.contains(where: { !Self.webStackNames.contains($0) }) {
            problems.append("web_stacks must list some of \(Self.webStackNames.sorted()), got \(webStacks)")
        }
        if pages.isEmpty { problems.append("pages is empty") }
        if paidChannels.isEmpty || paidChannels.map(\.share).reduce(0, +) != 100 || paidChannels.contains(where: { $0.share <= 0 }) {
            problems.append("paid_channels' shares must be positive and add up to 100")
        }
        if !(0.01...1).contains(closeRate.rate) { problems.append("close_rate.rate must be in (0, 1], got \(closeRate.rate)") }
        if contentChannels.isEmpty || contentChannels.contains(where: { $0.hoursEach <= 0 || $0.perFourWeeks <= 0 }) {
            problems.append("content_channels need positive hours_each and per_four_weeks")
        }
        if contentPillars.count < 3 { problems.append("content_pillars needs at least 3") }
        if keywordPatterns.count < 4 || !keywordPatterns.allSatisfy({ $0.contains("{topic}") || $0.contains("{city}") }) {
            problems.append("keyword_patterns needs at least 4, each with {topic} or {city}")
        }
        if !conversionEvents.contains(where: { $0.event == keyConversion }) { problems.append("key_conversion '\(keyConversion)' is not in conversion_events") }
        if trademarkClasses.isEmpty || trademarkClasses.contains(where: { !(1...45).contains($0.number) }) {
            problems.append("trademark_classes needs Nice classes 1–45")
        }
        for flag in regulationFlags {
            if flag.subdivision != nil, flag.country == nil { problems.append("regulation flag '\(flag.topic)' has a subdivision without a country") }
            if let country = flag.country, country.range(of: "^[A-Z]{2}$", options: .regularExpression) == nil {
                problems.append("regulation flag '\(flag.topic)': country must be an ISO code, got '\(country)'")
            }
        }
        var texts = [schemaType, launchMoment, adCategory, closeRate.meaning, neverInAnalytics, termsTitle, nurture.title, nurture.detail]
        texts += pages.flatMap { [$0.page, $0.purpose] } + paidChannels.flatMap { [$0.name, $0.role] } + contentPillars + keywordPatterns
        texts += regulationFlags.flatMap { [$0.topic, $0.title, $0.action] } + trademarkClasses.map(\.covers)
        if texts.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) { problems.append("a text field is empty") }
        for text in texts {
            for placeholder in Self.placeholderNames(in: text) where !Self.placeholders.contains(placeholder) {
                problems.append("unknown placeholder {\(placeholder)} in '\(text)'")
            }
        }
        return problems
    }

    static func placeholderNames(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

extension String {
    /// This text with the playbook placeholders (`{city}`, `{topic}`, `{state}`) filled in,
    /// in one pass: a value that itself reads like a placeholder is left as it is. Other
    /// braces stay.
    public func filling(city: String = "", topic: String = "", state: String = "") -> String {
        guard contains(Character("{")) else { return self }
        var result = ""
        result.reserveCapacity(utf8.count + city.utf8.count + topic.utf8.count)
        var rest = self[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            rest = rest[open...]
            if let (placeholder, value) = [("{city}", city), ("{topic}", topic), ("{state}", state)].first(where: { rest.hasPrefix($0.0) }) {
                result += value
                rest = rest.dropFirst(placeholder.count)
            } else {
                result += "{"
                rest = rest.dropFirst()
            }
        }
        return result + rest
    }
}
