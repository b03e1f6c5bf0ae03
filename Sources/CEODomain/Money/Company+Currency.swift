public import CEOAPI

extension Company {
    /// The ISO 4217 code every amount of this company is in: `currency`, or US dollars
    /// when a caller left it out.
    public var moneyCurrency: String { currency.isEmpty ? PlanningRates.defaultCurrency : currency }

    /// `minor` units of the company's currency as people read them: `€1,234.50`.
    public func money(_ minor: Int64, whole: Bool = false) -> String { Money.amount(minor, currency: moneyCurrency, whole: whole) }
}
