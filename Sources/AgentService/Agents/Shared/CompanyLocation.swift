import CEOAPI
import CEODomain
import Foundation

/// Where a company is, as far as the playbooks care: a US state, another country the
/// product has a jurisdiction pack for, or a country it does not cover (said plainly,
/// never with another country's rules).
enum CompanyLocation {
    case unitedStates(state: StateFilingFees.State, city: String)
    /// A covered country other than the US, with its pack.
    case covered(pack: JurisdictionPack, subdivision: LocationTable.Subdivision?, city: String)
    /// A country without a pack (or a location the Orchestrator did not resolve).
    case elsewhere(place: String, country: String?)

    /// The location the Orchestrator resolved (`country_code`, `subdivision_code`); for a
    /// company that arrives without them (a direct caller), the text is resolved here.
    init(_ company: Company, states: StateFilingFees, packs: JurisdictionPacks = .standard, table: LocationTable = .standard) {
        var country = company.countryCode
        var subdivision = company.subdivisionCode
        var city = company.location.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? company.location
        if country.isEmpty, let resolved = try? LocationResolver(table: table).resolve(company.location) {
            country = resolved.country.code
            subdivision = resolved.subdivision?.code ?? ""
            city = resolved.city ?? city
        }
        switch country {
        case "US":
            if subdivision.hasPrefix("US-"), let state = states.state(String(subdivision.dropFirst(3))) {
                self = .unitedStates(state: state, city: city)
            } else {
                self = .elsewhere(place: company.location.trimmingCharacters(in: .whitespaces), country: country)
            }
        default:
            if let pack = packs.pack(for: country) {
                self = .covered(pack: pack, subdivision: table.subdivisions[subdivision], city: city)
            } else {
                self = .elsewhere(place: company.location.trimmingCharacters(in: .whitespaces), country: country.isEmpty ? nil : country)
            }
        }
    }

    /// ISO 3166-1 alpha-2 code of the country, when known.
    var countryCode: String? {
        switch self {
        case .unitedStates: "US"
        case .covered(let pack, _, _): pack.country
        case .elsewhere(_, let country): country
        }
    }

    /// The state, province or region code without the country: `TX`, `ON`; nil when unknown.
    var subdivisionCode: String? {
        switch self {
        case .unitedStates(let state, _): state.code
        case .covered(_, let subdivision?, _): subdivision.code.split(separator: "-").last.map(String.init)
        case .covered, .elsewhere: nil
        }
    }

    /// The state, province or region's name (`Texas`, `Ontario`), else the country's.
    var regionName: String {
        switch self {
        case .unitedStates(let state, _): state.name
        case .covered(_, let subdivision?, _): subdivision.name
        case .covered, .elsewhere: countryName
        }
    }

    /// The country's name: `Germany`.
    var countryName: String {
        switch self {
        case .unitedStates: "the United States"
        case .covered(let pack, _, _): pack.name
        case .elsewhere(let place, let country): country.flatMap { LocationTable.standard.countries[$0]?.name } ?? place
        }
    }

    var city: String {
        switch self {
        case .unitedStates(_, let city), .covered(_, _, let city): city
        case .elsewhere(let place, _): String(place.split(separator: ",").first ?? Substring(place))
        }
    }

    /// True where consent comes before marketing e-mail and non-essential cookies (the
    /// UK's PECR, the EU's GDPR and ePrivacy rules, Canada's CASL, Australia's Spam Act).
    var requiresMarketingConsent: Bool {
        switch self {
        case .covered: true
        case .unitedStates, .elsewhere: false
        }
    }
}
