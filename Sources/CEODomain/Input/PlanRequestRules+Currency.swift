extension PlanRequestRules {
    /// The currency of the company's money (ISO 4217); optional, US dollars when left out.
    /// The supported codes are the ones the planning rates list.
    public static let currency = InputRule(
        rpcField: "company.currency", apiField: "currency", label: "currency", example: "EUR",
        bounds: .choice(PlanningRates.standard.currencies), required: false
    )

    /// The budget range in minor units of `currency`: $100–$100,000 or its equivalent at
    /// the planning rate; nil for an unsupported currency.
    public static func budgetRange(in currency: String, rates: PlanningRates = .standard) -> ClosedRange<Int64>? {
        guard case .money(let usd) = budget.bounds else { return nil }
        return rates.budgetRange(in: currency, usdRange: usd)
    }

    /// What the budget rule asks in `currency`: `must be €86–€85,030 (8600–8503000 cents of EUR)`.
    public static func budgetRequirement(in currency: String, rates: PlanningRates = .standard) -> String {
        guard currency != PlanningRates.defaultCurrency, case .money(let usd) = budget.bounds,
              let range = budgetRange(in: currency, rates: rates) else { return budget.requirement }
        func whole(_ minor: Int64, _ code: String) -> String { Money.amount(minor, currency: code, whole: true) }
        return "must be \(whole(range.lowerBound, currency))–\(whole(range.upperBound, currency)) "
            + "(\(range.lowerBound)–\(range.upperBound) \(Money.minorUnitName(currency)) of \(currency), the equivalent of "
            + "\(whole(usd.lowerBound, "USD"))–\(whole(usd.upperBound, "USD")) at the planning rate)"
    }

    /// The problem with a budget of `cents` minor units of `currency`, or nil when it holds.
    public static func budgetProblem(_ cents: Int64, currency: String, rates: PlanningRates = .standard) -> String? {
        guard let range = budgetRange(in: currency, rates: rates) else { return nil }
        return range.contains(cents) ? nil
            : "\(budgetRequirement(in: currency, rates: rates)), got \(Money.amount(cents, currency: currency)) (\(cents) \(Money.minorUnitName(currency)))"
    }
}
