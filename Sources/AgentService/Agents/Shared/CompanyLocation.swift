import Foundation

/// Where a company is, as far as the playbooks care: a US state, the United Kingdom,
/// or somewhere else.
enum CompanyLocation: Equatable {
    case unitedStates(state: StateFilingFees.State, city: String)
    case unitedKingdom(city: String)
    case elsewhere(place: String)

    /// Reads "Austin, TX", "Austin, Texas, USA", "London, UK", "Manchester, England".
    init(_ location: String, states: StateFilingFees) {
        let parts = location.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let city = parts.first ?? location
        var candidates = parts.dropFirst().reversed().map { $0 }
        if candidates.isEmpty { candidates = [city] }
        for candidate in candidates {
            let lowered = candidate.lowercased()
            if Self.unitedKingdomNames.contains(lowered) { self = .unitedKingdom(city: city); return }
            if Self.unitedStatesNames.contains(lowered) { continue }
            if let state = states.state(candidate) ?? states.states.values.first(where: { $0.name.lowercased() == lowered }) {
                self = .unitedStates(state: state, city: city)
                return
            }
        }
        if parts.count == 1, Self.unitedKingdomCities.contains(city.lowercased()) { self = .unitedKingdom(city: city); return }
        self = .elsewhere(place: location.trimmingCharacters(in: .whitespaces))
    }

    var city: String {
        switch self {
        case .unitedStates(_, let city), .unitedKingdom(let city): city
        case .elsewhere(let place): String(place.split(separator: ",").first ?? Substring(place))
        }
    }

    private static let unitedKingdomNames: Set<String> = [
        "uk", "u.k.", "united kingdom", "great britain", "gb", "england", "scotland", "wales", "northern ireland",
    ]
    private static let unitedStatesNames: Set<String> = ["us", "usa", "u.s.", "u.s.a.", "united states", "united states of america"]
    private static let unitedKingdomCities: Set<String> = ["london", "manchester", "birmingham", "edinburgh", "glasgow", "leeds", "bristol", "cardiff", "belfast"]
}
