import Foundation

/// Reads a company's location from free text ("Austin, TX", "Munich, DE", "Delaware,
/// USA", "Toronto") into a country, a subdivision and a city. A code that is both a
/// country and a US state is never guessed: the city settles it ("Wilmington, DE" is
/// Delaware, "Munich, DE" is Germany), and a true ambiguity is an error listing the
/// candidates. An explicit country code wins over the text.
public struct LocationResolver: Sendable {
    let table: LocationTable

    public init(table: LocationTable = .standard) {
        self.table = table
    }

    /// A place the text may mean: a country, and a subdivision when the text names one.
    struct Candidate: Hashable {
        var country: String
        var subdivision: String?
    }

    /// Countries whose rules change with the subdivision, so that a city found in several
    /// of their subdivisions is an ambiguity rather than just the country.
    static let subdivisionMatters: Set<String> = ["US", "CA", "AU"]

    /// The location `text` names; `country` (ISO 3166-1 alpha-2), when given, wins.
    public func resolve(_ text: String, country explicit: String? = nil) throws(LocationError) -> ResolvedLocation {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var explicitCountry: String?
        if let explicit, !explicit.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let code = table.countryByCode[LocationTable.fold(explicit)], explicit.trimmingCharacters(in: .whitespaces).count == 2 else {
                throw .unknownCountryCode(explicit)
            }
            explicitCountry = code
        }
        guard let first = parts.first else { throw .unknown(text) }

        // The first part is the city, unless it names a region that the rest agrees with
        // ("Delaware, USA" is the state, though Delaware, Ohio is a city; "New York, NY" is the city).
        let firstAsRegion = regions(first)
        let firstAsCity = table.citiesByName[LocationTable.fold(first)] ?? []
        var regionParts = Array(parts.dropFirst())
        var city: String? = first
        var candidates = try combine(regionParts, text: text)
        if !firstAsRegion.isEmpty {
            let restNamesSubdivision = candidates.contains { $0.subdivision != nil }
            let agrees = regionParts.isEmpty || firstAsRegion.contains { region in candidates.contains { $0.country == region.country } }
            if regionParts.isEmpty ? firstAsCity.isEmpty || firstAsRegion.contains(where: { $0.subdivision != nil }) : (!restNamesSubdivision && agrees) {
                regionParts.insert(first, at: 0)
                city = nil
                candidates = try combine(regionParts, text: text)
            }
        }
        if let explicitCountry {
            candidates = candidates.isEmpty ? [Candidate(country: explicitCountry)] : candidates.filter { $0.country == explicitCountry }
            if candidates.isEmpty { candidates = [Candidate(country: explicitCountry)] }
        }
        let cities = city == nil ? [] : firstAsCity
        if candidates.isEmpty {
            // A bare city: the countries (and subdivisions) where it is.
            candidates = Self.dominant(cities).map { Candidate(country: $0.country, subdivision: $0.subdivision) }
        } else if !cities.isEmpty {
            // The city settles a code that is both a country and a state, and fills the subdivision.
            let fitting = candidates.flatMap { candidate in
                cities.filter { $0.country == candidate.country && (candidate.subdivision == nil || $0.subdivision == candidate.subdivision) }
                    .map { Candidate(country: $0.country, subdivision: candidate.subdivision ?? $0.subdivision) }
            }
            if fitting.isEmpty {
                // Not in that subdivision, but a city of that name is known in only some of the
                // candidate countries ("Springfield, AL": a US name with a US state code, not Albania).
                let known = Set(cities.map(\.country))
                let inKnownCountry = candidates.filter { known.contains($0.country) }
                if !inKnownCountry.isEmpty { candidates = inKnownCountry }
            } else {
                let byCountry = Dictionary(grouping: fitting, by: \.country)
                candidates = candidates.filter { byCountry[$0.country] != nil }.flatMap { candidate -> [Candidate] in
                    guard candidate.subdivision == nil else { return [candidate] }
                    let places = Set(byCountry[candidate.country]!.compactMap(\.subdivision))
                    if places.count == 1 { return [Candidate(country: candidate.country, subdivision: places.first)] }
                    // Several subdivisions: the much larger city wins, else each is a candidate where it matters.
                    let inCountry = cities.filter { $0.country == candidate.country }
                    if let top = Self.dominant(inCountry).first, Self.dominant(inCountry).count == 1 { return [Candidate(country: candidate.country, subdivision: top.subdivision)] }
                    return Self.subdivisionMatters.contains(candidate.country) ? places.sorted().map { Candidate(country: candidate.country, subdivision: $0) } : [candidate]
                }
            }
        }
        candidates = Array(Set(candidates)).sorted { ($0.country, $0.subdivision ?? "") < ($1.country, $1.subdivision ?? "") }
        guard !candidates.isEmpty else { throw .unknown(text) }
        guard candidates.count == 1 else {
            throw .ambiguous(text, candidates: candidates.prefix(6).map { describe($0, city: city) })
        }
        let chosen = candidates[0]
        guard let countryRecord = table.countries[chosen.country] else { throw .unknown(text) }
        return ResolvedLocation(country: countryRecord, subdivision: chosen.subdivision.flatMap { table.subdivisions[$0] }, city: city)
    }

    /// What one part may name: countries (by name, alpha-2 or alpha-3 code) and subdivisions
    /// (by name, or by postal abbreviation in the US, Canada and Australia).
    func regions(_ part: String) -> Set<Candidate> {
        let folded = LocationTable.fold(part)
        var result = Set<Candidate>()
        if let country = table.countryByName[folded] { result.insert(Candidate(country: country)) }
        if (2...3).contains(folded.count), let country = table.countryByCode[folded] { result.insert(Candidate(country: country)) }
        for code in (table.subdivisionsByName[folded] ?? []) + (table.subdivisionsByPostalCode[folded] ?? []) {
            result.insert(Candidate(country: String(code.prefix(2)), subdivision: code))
        }
        return result
    }

    /// The places every region part agrees on ("Austin, TX, USA": US-TX).
    func combine(_ parts: [String], text: String) throws(LocationError) -> [Candidate] {
        var combined: [Candidate]?
        for part in parts {
            let options = regions(part)
            if options.isEmpty { throw .unknown(text) }
            guard let current = combined else {
                combined = Array(options)
                continue
            }
            var merged: [Candidate] = []
            for left in current {
                for right in options where left.country == right.country {
                    if let a = left.subdivision, let b = right.subdivision, a != b { continue }
                    merged.append(Candidate(country: left.country, subdivision: left.subdivision ?? right.subdivision))
                }
            }
            combined = merged
        }
        return combined ?? []
    }

    /// The cities grouped by place; when one place's city is at least ten times larger
    /// than every other's ("London" is London, England, not London, Ontario), that place alone.
    static func dominant(_ cities: [LocationTable.City]) -> [LocationTable.City] {
        let sorted = cities.sorted { $0.population > $1.population }
        var seen = Set<Candidate>()
        let distinct = sorted.filter { seen.insert(Candidate(country: $0.country, subdivision: $0.subdivision)).inserted }
        guard distinct.count > 1 else { return distinct }
        return distinct[0].population >= 10 * distinct[1].population ? [distinct[0]] : distinct
    }

    /// "Wilmington, Delaware, United States".
    func describe(_ candidate: Candidate, city: String?) -> String {
        [city, candidate.subdivision.flatMap { table.subdivisions[$0]?.name }, table.countries[candidate.country]?.name ?? candidate.country]
            .compactMap { $0 }.joined(separator: ", ")
    }
}
