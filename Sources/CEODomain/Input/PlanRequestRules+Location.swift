public import CEOAPI

extension PlanRequestRules {
    /// The company's country as an ISO 3166-1 alpha-2 code; optional, and wins over the location text.
    public static let country = InputRule(
        rpcField: "company.country_code", apiField: "country", label: "country", example: "DE", bounds: .text(2...2), required: false
    )

    /// `company` as every service reads it: its location resolved into `country_code` and
    /// `subdivision_code`, its currency named (US dollars when left out); or the problem
    /// as (field, description): the location names no country, fits several places (the
    /// candidates are named), or the country code is not one.
    public static func completing(_ company: Company, resolver: LocationResolver = LocationResolver()) -> Result<Company, FieldProblem> {
        do {
            let location = try resolver.resolve(company.location, country: company.countryCode)
            var located = company
            located.countryCode = location.country.code
            located.subdivisionCode = location.subdivision?.code ?? ""
            if located.currency.isEmpty { located.currency = PlanningRates.defaultCurrency }
            return .success(located)
        } catch {
            let field = if case .unknownCountryCode = error { country.rpcField } else { location.rpcField }
            return .failure(FieldProblem(field: field, description: error.description))
        }
    }

    /// A rule a field breaks: the field (the RPC's name) and what is wrong.
    public struct FieldProblem: Error, Sendable, Hashable {
        public let field: String
        public let description: String
    }
}
