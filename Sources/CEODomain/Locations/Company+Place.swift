public import CEOAPI

extension Company {
    /// Where the location was read, in words: `Texas, United States`; empty when the
    /// Orchestrator has not resolved it.
    public var placeName: String {
        let table = LocationTable.standard
        return [table.subdivisions[subdivisionCode]?.name, table.countries[countryCode]?.name].compactMap { $0 }.joined(separator: ", ")
    }
}
