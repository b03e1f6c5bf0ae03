import CEODomain
/// One channel of the campaign and its share of the media budget.
struct CampaignChannel {
    let name: String
    /// The benchmark id in `ad-benchmarks.json` for paid channels; nil for referral, events, PR.
    let benchmarkId: String?
    /// Percent of the media budget.
    let share: Int
    let role: String
}

enum ChannelMix {
    /// The mix for a kind of business; shares add up to 100.
    static func channels(for profile: IndustryProfile, city: String) -> [CampaignChannel] {
        switch profile.key {
        case "software", "finance": [
            CampaignChannel(name: "Google Search ads", benchmarkId: "google_search", share: 50, role: "capture people already searching for the problem"),
            CampaignChannel(name: "Meta retargeting", benchmarkId: "meta_ads", share: 20, role: "bring back site visitors who did not sign up"),
            CampaignChannel(name: "Referral programme", benchmarkId: nil, share: 15, role: "credits for customers who refer a team"),
            CampaignChannel(name: "Launch PR and communities", benchmarkId: nil, share: 15, role: "launch posts, newsletters and communities where buyers read"),
        ]
        case "food_beverage": [
            CampaignChannel(name: "Instagram and Facebook ads", benchmarkId: "meta_ads", share: 45, role: "show the food to people within a few miles of \(city)"),
            CampaignChannel(name: "Google Search ads", benchmarkId: "google_search", share: 25, role: "appear for searches of the cuisine near \(city)"),
            CampaignChannel(name: "Opening event and local partners", benchmarkId: nil, share: 30, role: "a tasting night, neighbourhood businesses and local food writers"),
        ]
        case "healthcare": [
            CampaignChannel(name: "Google Search ads", benchmarkId: "google_search", share: 55, role: "reach people searching for care now"),
            CampaignChannel(name: "Meta ads", benchmarkId: "meta_ads", share: 15, role: "awareness in the catchment, without health-based targeting"),
            CampaignChannel(name: "Referral partnerships", benchmarkId: nil, share: 30, role: "GPs, employers and community groups that refer patients"),
        ]
        case "retail": [
            CampaignChannel(name: "Instagram and Facebook ads", benchmarkId: "meta_ads", share: 50, role: "product ads and retargeting"),
            CampaignChannel(name: "Google Search and Shopping ads", benchmarkId: "google_search", share: 25, role: "capture shoppers searching for the product"),
            CampaignChannel(name: "Creator seeding", benchmarkId: nil, share: 25, role: "products and fees for a few creators the audience trusts"),
        ]
        default: [
            CampaignChannel(name: "Google Search ads", benchmarkId: "google_search", share: 45, role: "capture people searching for the service"),
            CampaignChannel(name: "Meta ads", benchmarkId: "meta_ads", share: 30, role: "awareness and retargeting"),
            CampaignChannel(name: "Referrals and partners", benchmarkId: nil, share: 25, role: "incentives for referrals and partner businesses"),
        ]
        }
    }
}
