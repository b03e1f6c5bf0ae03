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
    /// The industry playbook's mix for a company in `city`; shares add up to 100.
    static func channels(for profile: IndustryProfile, city: String) -> [CampaignChannel] {
        profile.playbook.paidChannels.map {
            CampaignChannel(name: $0.name, benchmarkId: $0.benchmark, share: $0.share, role: $0.role.filling(city: city.isEmpty ? "the area" : city))
        }
    }
}
