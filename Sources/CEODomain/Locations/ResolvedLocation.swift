/// Where a company is: its country (ISO 3166-1), its first-level subdivision (ISO
/// 3166-2) where that is known, and the city as the founder wrote it.
public struct ResolvedLocation: Sendable, Hashable, CustomStringConvertible {
    public let country: LocationTable.Country
    public let subdivision: LocationTable.Subdivision?
    public let city: String?

    public init(country: LocationTable.Country, subdivision: LocationTable.Subdivision?, city: String?) {
        self.country = country
        self.subdivision = subdivision
        self.city = city
    }

    /// "Austin, Texas, United States", "Munich, Germany".
    public var description: String {
        [city, subdivision?.name, country.name].compactMap { $0 }.joined(separator: ", ")
    }
}

/// A location that cannot be read, with what would fix it.
public enum LocationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No country could be told from the text.
    case unknown(String)
    /// The text fits several places; the candidates say which.
    case ambiguous(String, candidates: [String])
    /// The `country` field is not an ISO 3166-1 alpha-2 code.
    case unknownCountryCode(String)

    public var description: String {
        switch self {
        case .unknown(let text):
            "cannot tell the country of '\(text)': write 'City, Country' or 'City, State', such as 'Austin, TX', 'Munich, Germany' or 'Toronto, Canada', or set country (an ISO code such as DE)"
        case .ambiguous(let text, let candidates):
            "'\(text)' could be \(candidates.joined(separator: " or ")): add the country or state, or set country (an ISO code)"
        case .unknownCountryCode(let code):
            "'\(code)' is not an ISO 3166-1 country code such as US, GB, CA, DE, FR, IE or AU"
        }
    }
}
