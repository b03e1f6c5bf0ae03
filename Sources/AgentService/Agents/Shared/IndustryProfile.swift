import CEODomain

/// What the playbooks assume about a kind of business: who buys, what they need, the
/// brand's hue family and a type pairing that suits it. `key` selects each agent's
/// industry-specific rules (sitemaps, channels, regulation flags).
struct IndustryProfile: Sendable {
    let key: String
    /// Words in the company's industry that select this profile.
    let matches: [String]
    let audience: String
    let need: String
    let benefit: String
    let alternative: String
    let differentiator: String
    /// Base hue in degrees (0–360) of the primary colour.
    let hue: Double
    let headingFont: String
    let bodyFont: String
    let typeRationale: String
    /// Nouns that can follow the company's name in a descriptive name direction.
    let descriptor: String
    let personality: [String]
    /// A short tagline for the descriptive name direction.
    let tagline: String

    static let all: [IndustryProfile] = [
        IndustryProfile(
            key: "food_beverage", matches: ["coffee", "cafe", "café", "restaurant", "bakery", "food", "bar", "brewery", "catering", "tea", "kitchen", "pizza", "bistro"],
            audience: "neighbourhood regulars, commuters and weekend visitors", need: "want food and drink they can count on, served with warmth",
            benefit: "serves carefully sourced, consistently good food and drink in a space people want to return to",
            alternative: "chains that optimise for speed over taste", differentiator: "know our guests by name and our suppliers by farm",
            hue: 22, headingFont: "Fraunces", bodyFont: "Work Sans",
            typeRationale: "a warm, characterful serif for signs and menus over a sturdy sans that stays legible at small sizes",
            descriptor: "Kitchen", personality: ["warm", "crafted", "welcoming"], tagline: "Good food, done right."
        ),
        IndustryProfile(
            key: "healthcare", matches: ["health", "healthcare", "medical", "clinic", "dental", "pharma", "therapy", "care", "wellbeing", "telehealth", "biotech"],
            audience: "patients and the clinicians who refer them", need: "need care that is safe, clear and easy to access",
            benefit: "makes high-quality care simple to find, understand and trust",
            alternative: "fragmented providers with opaque processes", differentiator: "explain every step in plain language and protect every record",
            hue: 190, headingFont: "Source Serif 4", bodyFont: "Source Sans 3",
            typeRationale: "a calm, authoritative serif for headings with a highly legible humanist sans for clinical detail",
            descriptor: "Health", personality: ["trustworthy", "calm", "precise"], tagline: "Care, made clear."
        ),
        IndustryProfile(
            key: "finance", matches: ["fintech", "finance", "financial", "bank", "banking", "payments", "insurance", "accounting", "lending", "investment", "crypto"],
            audience: "founders, finance teams and careful savers", need: "need money tools that are fast without being risky",
            benefit: "moves and manages money with bank-grade security and no surprises",
            alternative: "legacy institutions with slow, paper-bound processes", differentiator: "show every fee up front and settle in minutes, not days",
            hue: 218, headingFont: "IBM Plex Sans", bodyFont: "IBM Plex Serif",
            typeRationale: "an engineered sans that reads as precise and modern, paired with a matching serif for long-form disclosures",
            descriptor: "Capital", personality: ["secure", "clear", "modern"], tagline: "Money, without the surprises."
        ),
        IndustryProfile(
            key: "software", matches: ["saas", "software", "tech", "technology", "ai", "app", "platform", "cloud", "developer", "data", "cybersecurity", "analytics"],
            audience: "teams at growing companies", need: "lose hours to manual work and disconnected tools",
            benefit: "automates the busywork so teams ship faster with fewer mistakes",
            alternative: "spreadsheets and stitched-together point tools", differentiator: "set up in an afternoon and integrate with the tools teams already use",
            hue: 248, headingFont: "Inter", bodyFont: "Inter",
            typeRationale: "one neutral grotesque in several weights keeps product UI and marketing consistent; JetBrains Mono for code samples",
            descriptor: "Labs", personality: ["capable", "efficient", "approachable"], tagline: "Less busywork. More shipping."
        ),
        IndustryProfile(
            key: "retail", matches: ["retail", "ecommerce", "e-commerce", "shop", "store", "fashion", "apparel", "boutique", "jewelry", "beauty", "cosmetics", "furniture"],
            audience: "style-conscious shoppers online and in store", need: "want products with a story that arrive fast and fit their taste",
            benefit: "curates distinctive products and makes buying them effortless",
            alternative: "marketplaces full of look-alike listings", differentiator: "design in small batches and stand behind every item",
            hue: 338, headingFont: "Playfair Display", bodyFont: "Lato",
            typeRationale: "a high-contrast display serif for editorial moments with a friendly sans for product detail and checkout",
            descriptor: "Studio", personality: ["distinctive", "confident", "curated"], tagline: "Made to be kept."
        ),
        IndustryProfile(
            key: "education", matches: ["education", "edtech", "school", "tutoring", "learning", "training", "course", "academy", "coaching"],
            audience: "learners and the parents or employers who support them", need: "want progress they can see, at their own pace",
            benefit: "turns learning goals into steady, measurable progress",
            alternative: "one-size-fits-all classes", differentiator: "adapt every lesson to the learner and report progress weekly",
            hue: 36, headingFont: "Nunito", bodyFont: "Merriweather",
            typeRationale: "a rounded, encouraging sans for headings over a sturdy reading serif built for long passages",
            descriptor: "Academy", personality: ["encouraging", "clear", "optimistic"], tagline: "Progress you can see."
        ),
        IndustryProfile(
            key: "fitness", matches: ["fitness", "gym", "yoga", "wellness", "sports", "pilates", "spa", "nutrition"],
            audience: "busy people who want to feel stronger", need: "struggle to stay consistent",
            benefit: "makes a healthy routine easy to start and hard to quit",
            alternative: "generic memberships that are easy to abandon", differentiator: "pair every member with a plan and a coach who checks in",
            hue: 150, headingFont: "Montserrat", bodyFont: "Open Sans",
            typeRationale: "a bold geometric sans with energy for headlines and an open sans for schedules and details",
            descriptor: "Club", personality: ["energetic", "supportive", "bold"], tagline: "Stronger, every week."
        ),
        IndustryProfile(
            key: "services", matches: ["consulting", "agency", "legal", "law", "services", "marketing", "design", "architecture", "real estate", "construction", "logistics"],
            audience: "owners and managers of small and mid-sized businesses", need: "need expert help they can trust to deliver on time",
            benefit: "delivers expert work on a fixed scope and schedule",
            alternative: "firms that bill by the hour and miss deadlines", differentiator: "fix the price up front and report progress every week",
            hue: 205, headingFont: "Libre Franklin", bodyFont: "Libre Baskerville",
            typeRationale: "a dependable American grotesque for headings with a classic book serif that signals expertise",
            descriptor: "Partners", personality: ["expert", "dependable", "direct"], tagline: "Expert work, on time."
        ),
    ]

    /// A profile for industries none of the others match.
    static let general = IndustryProfile(
        key: "general", matches: [],
        audience: "customers who value quality and service", need: "want a provider they can rely on",
        benefit: "delivers quality and service customers notice",
        alternative: "interchangeable competitors", differentiator: "treat every customer like our first",
        hue: 262, headingFont: "Poppins", bodyFont: "Noto Sans",
        typeRationale: "a clean geometric sans for headings with a universal sans that covers every language",
        descriptor: "Co.", personality: ["reliable", "friendly", "focused"], tagline: "Quality you can count on."
    )

    /// The profile of the first word of `industry` that any profile knows ("SaaS for
    /// accounting teams" is software, not finance), else ``general``.
    static func matching(_ industry: String) -> IndustryProfile {
        let words = industry.lowercased().split { !$0.isLetter && $0 != "-" }.map(String.init)
        for word in words {
            if let profile = all.first(where: { $0.matches.contains(word) }) { return profile }
        }
        let phrase = " " + words.joined(separator: " ") + " "
        return all.first { profile in profile.matches.contains { $0.contains(" ") && phrase.contains(" \($0) ") } } ?? general
    }
}
