import CEODomain
import Testing

@Suite("Reading a company's location: country, subdivision, city")
struct LocationResolverTests {
    let resolver = LocationResolver()

    @Test("City, ST; City, State, Country; City, Country; local names; a bare city", arguments: [
        ("Austin, TX", "US", "US-TX", "Austin"),
        ("Austin, Texas, USA", "US", "US-TX", "Austin"),
        ("Wilmington, DE", "US", "US-DE", "Wilmington"),
        ("Munich, DE", "DE", nil, "Munich"),
        ("München, Deutschland", "DE", nil, "München"),
        ("Denver, CO", "US", "US-CO", "Denver"),
        ("Indianapolis, IN", "US", "US-IN", "Indianapolis"),
        ("Los Angeles, CA", "US", "US-CA", "Los Angeles"),
        ("Toronto, ON", "CA", "CA-ON", "Toronto"),
        ("Vancouver, BC, Canada", "CA", "CA-BC", "Vancouver"),
        ("Toronto", "CA", "CA-ON", "Toronto"),
        ("London, UK", "GB", "GB-ENG", "London"),
        ("Edinburgh, Scotland", "GB", "GB-SCT", "Edinburgh"),
        ("London", "GB", "GB-ENG", "London"),
        ("Lyon, France", "FR", nil, "Lyon"),
        ("Dublin, Ireland", "IE", nil, "Dublin"),
        ("Cork, Éire", "IE", nil, "Cork"),
        ("Melbourne, VIC", "AU", "AU-VIC", "Melbourne"),
        ("Perth, WA, Australia", "AU", "AU-WA", "Perth"),
        ("Seattle, WA", "US", "US-WA", "Seattle"),
        ("Delaware, USA", "US", "US-DE", nil),
        ("Texas, United States", "US", "US-TX", nil),
        ("Bavaria", "DE", "DE-BY", nil),
        ("Tokyo, Japan", "JP", nil, "Tokyo"),
    ] as [(String, String, String?, String?)])
    func resolves(text: String, country: String, subdivision: String?, city: String?) throws {
        let location = try resolver.resolve(text)
        #expect(location.country.code == country, "\(text) → \(location)")
        #expect(location.subdivision?.code == subdivision, "\(text) → \(location)")
        #expect(location.city == city, "\(text) → \(location)")
    }

    @Test("a code that is a country and a state, with a city neither knows, is ambiguous and names both")
    func collision() {
        #expect(throws: LocationError.ambiguous("Smallville, DE", candidates: ["Smallville, Germany", "Smallville, Delaware, United States"])) {
            try resolver.resolve("Smallville, DE")
        }
    }

    @Test("a code that is a country and a US state, with a city known only in the US (in another state), is that state")
    func collisionSettledByCountry() throws {
        for (state, name) in [("AL", "Alabama"), ("CA", "California"), ("IN", "Indiana"), ("CO", "Colorado")] {
            let location = try resolver.resolve("Springfield, \(state)")
            #expect(location.country.code == "US" && location.subdivision?.code == "US-\(state)", "\(name): \(location)")
        }
    }

    @Test("a city in several states of the same country is ambiguous")
    func severalStates() throws {
        let error = #expect(throws: LocationError.self) { try resolver.resolve("Springfield") }
        guard case .ambiguous(_, let candidates) = error else { Issue.record("not ambiguous: \(String(describing: error))"); return }
        #expect(candidates.contains("Springfield, Illinois, United States") && candidates.contains("Springfield, Missouri, United States"))
    }

    @Test("the country field wins over the text")
    func explicitCountry() throws {
        #expect(try resolver.resolve("Smallville, DE", country: "DE").country.code == "DE")
        #expect(try resolver.resolve("Smallville, DE", country: "us").subdivision?.code == "US-DE")
        #expect(try resolver.resolve("Dover", country: "GB").subdivision?.code == "GB-ENG")
        // The country settles the country, not the state.
        #expect(throws: LocationError.self) { try resolver.resolve("Springfield", country: "US") }
        #expect(throws: LocationError.unknownCountryCode("XX")) { try resolver.resolve("Paris", country: "XX") }
    }

    @Test("text no country can be told from is refused with examples")
    func unknown() {
        let error = #expect(throws: LocationError.self) { try resolver.resolve("Atlantis") }
        #expect(error?.description.contains("Austin, TX") == true)
        #expect(throws: LocationError.self) { try resolver.resolve("Remote, Nowhere") }
    }
}
