import CEODomain
/// Industry- and location-specific rules a founder must not miss: the industry playbook's
/// flags for the company's country (and state), then the shared ones (card payments, local
/// licences) from `industries.json`.
struct RegulationFlag: Equatable {
    /// Short tag, for example `health_data`, `payments`, `alcohol`.
    let topic: String
    let title: String
    let action: String
}

enum RegulationFlags {
    /// Words of an industry that say it takes payments whatever its profile.
    static let paymentWords: Set<String> = ["payments", "ecommerce", "e-commerce"]

    static func flags(industry: String, profile: IndustryProfile, location: CompanyLocation, profiles: IndustryProfiles = .standard) -> [RegulationFlag] {
        let words = Set(industry.lowercased().split { !$0.isLetter && $0 != "-" }.map(String.init))
        let region = location.regionName
        return profiles.flags(for: profile, country: location.countryCode ?? "", subdivision: location.subdivisionCode,
                              takesPayments: !words.isDisjoint(with: paymentWords))
            .map { RegulationFlag(topic: $0.topic, title: $0.title.filling(state: region), action: $0.action.filling(state: region)) }
    }
}
