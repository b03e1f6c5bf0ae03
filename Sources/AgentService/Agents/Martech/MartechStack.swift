import CEODomain
/// The email, CRM and analytics stack at three sizes.
enum MartechTier: String, CaseIterable {
    /// Free plans: enough for a first few hundred contacts.
    case lean
    /// A paid email plan with automations, free CRM.
    case growth
    /// One platform for email, CRM and forms, with seats for the team.
    case scale

    var setupHours: Int32 {
        switch self {
        case .lean: 3
        case .growth: 5
        case .scale: 8
        }
    }
}

/// One tool in the stack and the job it does.
struct MartechTool {
    let role: String
    let priceId: String
    let seats: Int
    let why: String
}

enum MartechStack {
    /// Cookieless, EU-hosted analytics where the law or the data calls for it.
    static func privacyFirst(profile: IndustryProfile, location: CompanyLocation) -> Bool {
        if location.requiresMarketingConsent { return true }
        return profile.playbook.privacyFirstAnalytics
    }

    static func tools(_ tier: MartechTier, profile: IndustryProfile, location: CompanyLocation) -> [MartechTool] {
        var tools: [MartechTool] = switch tier {
        case .lean: [
            MartechTool(role: "Email", priceId: "mailchimp_free", seats: 1, why: "newsletter and a welcome email, free up to 500 contacts"),
            MartechTool(role: "CRM", priceId: "hubspot_free_crm", seats: 1, why: "contacts, companies and deals in one place, free"),
        ]
        case .growth: [
            MartechTool(role: "Email", priceId: "mailchimp_essentials_month", seats: 1, why: "campaigns, a welcome series and A/B tests"),
            MartechTool(role: "CRM", priceId: "hubspot_free_crm", seats: 1, why: "contacts, companies and deals in one place, free"),
        ]
        case .scale: [
            MartechTool(role: "Email, CRM and forms", priceId: "hubspot_starter_seat_month", seats: 2,
                        why: "one platform for email, forms, sequences and the pipeline, so no sync is needed"),
        ]
        }
        tools.append(analytics(tier, privacyFirst: privacyFirst(profile: profile, location: location)))
        if profile.playbook.localListing {
            tools.append(MartechTool(role: "Local listings", priceId: "google_business_profile", seats: 1, why: "appears in Maps and local search with hours, photos and reviews"))
        }
        return tools
    }

    /// Analytics where consent or the data calls for privacy: free and cookieless at the lean
    /// size, EU-hosted with goals and funnels once the budget carries it; elsewhere GA4.
    static func analytics(_ tier: MartechTier, privacyFirst: Bool) -> MartechTool {
        switch (privacyFirst, tier) {
        case (true, .lean):
            MartechTool(role: "Analytics", priceId: "cloudflare_web_analytics_free", seats: 1,
                        why: "free and cookieless, with no personal data collected: no consent banner needed for analytics")
        case (true, _):
            MartechTool(role: "Analytics", priceId: "plausible_starter_month", seats: 1,
                        why: "cookieless, EU-hosted, with goals and funnels: no consent banner needed for analytics and no personal data sent to it")
        case (false, _):
            MartechTool(role: "Analytics", priceId: "google_analytics_free", seats: 1, why: "traffic, sources and conversions, free")
        }
    }

    /// The event that counts as the key conversion for a kind of business.
    static func keyConversion(for profile: IndustryProfile) -> String { profile.playbook.keyConversion }

    /// Conversion events worth tracking for a kind of business; one is ``keyConversion(for:)``.
    static func events(for profile: IndustryProfile) -> [(event: String, when: String)] {
        let specific = profile.playbook.conversionEvents.map { ($0.event, $0.when) }
        return specific.contains { $0.0 == "newsletter_signup" } ? specific : [("newsletter_signup", "someone joins the email list")] + specific
    }
}
