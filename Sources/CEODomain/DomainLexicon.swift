public import CEOAPI
import Foundation

/// Words and phrases that say which agent's domain a piece of text belongs to.
///
/// Shared by the Orchestrator (classifying a founder's objectives) and AgentService
/// (refusing tasks outside an agent's domain), so both read text the same way.
public enum DomainLexicon {
    /// Terms per domain, lower-case; a phrase matches on word boundaries.
    public static let terms: [AgentType: [String]] = [
        .branding: [
            "brand", "branding", "rebrand", "logo", "identity", "visual identity", "name", "naming", "tagline", "slogan",
            "palette", "color", "colour", "colors", "colours", "typography", "font", "fonts", "positioning", "style guide",
            "brand guidelines", "mascot", "look and feel",
        ],
        .legal: [
            "legal", "incorporate", "incorporation", "llc", "entity", "company formation", "form a company", "register the company",
            "trademark", "trademarks", "license", "licence", "licenses", "permit", "permits", "compliance", "contract", "contracts",
            "terms of service", "terms and conditions", "privacy policy", "gdpr", "hipaa", "ein", "tax id", "lawyer", "attorney",
            "insurance", "regulation", "regulatory", "liability", "registered agent", "bylaws", "operating agreement",
        ],
        .webDevelopment: [
            "website", "web site", "site", "web", "landing page", "web app", "webapp", "e-commerce", "ecommerce", "online store",
            "online shop", "storefront", "domain", "hosting", "wordpress", "shopify", "webflow", "portal", "online ordering",
            "booking system", "responsive", "accessibility",
        ],
        .martech: [
            "crm", "email marketing", "email list", "mailing list", "marketing automation", "automation", "analytics",
            "tracking", "martech", "marketing stack", "hubspot", "mailchimp", "attribution", "lead capture", "pixel",
            "customer data", "dashboards", "tag manager",
        ],
        .content: [
            "content", "blog", "blog posts", "articles", "copy", "copywriting", "social media", "social posts", "editorial",
            "content calendar", "video", "videos", "podcast", "seo", "keywords", "case studies", "thought leadership",
            "newsletter", "instagram", "tiktok", "linkedin posts", "storytelling",
        ],
        .campaigns: [
            "campaign", "campaigns", "ads", "advertising", "paid", "ppc", "google ads", "facebook ads", "meta ads", "launch",
            "promotion", "promote", "acquisition", "acquire customers", "customers", "growth", "influencer", "influencers",
            "pr", "press", "press release", "grand opening", "events", "leads", "lead generation", "sales", "referral",
        ],
    ]

    /// The domains `text` speaks of, with how many distinct terms of each it uses,
    /// most-mentioned first (ties in the product's agent order).
    public static func classify(_ text: String) -> [(domain: AgentType, matches: Int)] {
        let normalised = " " + words(of: text).joined(separator: " ") + " "
        var result: [(AgentType, Int)] = []
        for domain in AgentType.productOrder {
            let count = (terms[domain] ?? []).filter { normalised.contains(" \($0) ") }.count
            if count > 0 { result.append((domain, count)) }
        }
        return result.sorted { $0.1 > $1.1 }
    }

    /// Lower-case words, punctuation removed (hyphens inside words kept).
    static func words(of text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "-") }.map { $0.trimmingCharacters(in: ["-"]) }
            .filter { !$0.isEmpty }
    }
}

extension AgentType {
    /// The six agents in the product's order.
    public static let productOrder: [AgentType] = [.branding, .legal, .webDevelopment, .martech, .content, .campaigns]

    /// The agent's machine name, as the public API spells it: `web_development`.
    public var machineName: String {
        switch self {
        case .branding: "branding"
        case .legal: "legal"
        case .webDevelopment: "web_development"
        case .martech: "martech"
        case .content: "content"
        case .campaigns: "campaigns"
        default: "unspecified"
        }
    }

    /// The agent's short name for people: `Web development`.
    public var shortTitle: String {
        switch self {
        case .branding: "Branding"
        case .legal: "Legal"
        case .webDevelopment: "Web development"
        case .martech: "Martech"
        case .content: "Content"
        case .campaigns: "Campaigns"
        default: machineName
        }
    }

    /// Parses a machine name.
    public init?(machineName: String) {
        guard let found = Self.productOrder.first(where: { $0.machineName == machineName }) else { return nil }
        self = found
    }
}
