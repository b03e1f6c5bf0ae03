import CEOAPI
import CEODomain
import Foundation

/// Prices for one company: every amount in the company's currency, labour at its
/// country's rates. A figure in another currency is converted at the planning rate
/// (the plan states the rate once) and its source keeps the original amount.
struct LocalPricing: Sendable {
    /// ISO 4217 code every amount is in.
    let currency: String
    /// ISO 3166-1 code of the company's country (empty when unknown).
    let country: String
    let reference: ReferenceData
    let rates: PlanningRates

    init(_ company: Company, location: CompanyLocation, reference: ReferenceData, rates: PlanningRates = .standard) {
        currency = company.moneyCurrency
        country = location.countryCode ?? ""
        self.reference = reference
        self.rates = rates
    }

    /// Prices for the company of `brief`, where it is.
    init(for brief: AgentBrief, reference: ReferenceData) {
        self.init(brief.company, location: CompanyLocation(brief.company, states: reference.stateFilingFees), reference: reference)
    }

    /// Prices for a company in the United States, in US dollars: what an agent reports in
    /// `ListAgents` before a brief names a company.
    static func unitedStates(reference: ReferenceData) -> LocalPricing {
        var company = Company()
        company.countryCode = "US"
        return LocalPricing(company, location: .elsewhere(place: "United States", country: "US"), reference: reference)
    }

    /// `minor` units of `from` in the company's currency.
    func convert(_ minor: Int64, from: String) -> Int64 { rates.convert(minor, from: from, to: currency) }

    /// An amount of the company's currency as people read it: `€1,234.50`.
    func money(_ minor: Int64, whole: Bool = false) -> String { Money.amount(minor, currency: currency, whole: whole) }

    /// An amount of `from` as people read it, with its equivalent in the company's
    /// currency when they differ: `£100.00 (≈ $127.00)`.
    func money(_ minor: Int64, in from: String) -> String {
        let original = Money.amount(minor, currency: from)
        return from == currency ? original : "\(original) (≈ \(money(convert(minor, from: from))))"
    }

    /// The words a source adds when a figure was converted: `; £100.00 converted to USD at the planning rate`.
    func conversionNote(_ minor: Int64, from: String) -> String {
        from == currency || minor == 0 ? "" : "; \(Money.amount(minor, currency: from)) converted to \(currency) at the planning rate"
    }

    /// `figure` in the company's currency.
    func local(_ figure: ReferenceData.Figure) -> ReferenceData.Figure {
        guard figure.currency != currency else { return figure }
        var local = figure
        local.unitCostCents = convert(figure.unitCostCents, from: figure.currency)
        local.currency = currency
        local.source += conversionNote(figure.unitCostCents, from: figure.currency)
        return local
    }

    /// A billable hour of the role `id` (`lawyer_hour`) at the company's country's rate,
    /// in the company's currency.
    func hour(_ id: String) throws -> ReferenceData.Figure { local(try reference.laborRate(id, in: country)) }

    /// `seats` seats of a tool over `months` months, billed the cheaper way its vendor
    /// offers, as a line item in the company's currency.
    func subscription(_ price: ToolPrice, months: Int, seats: Int = 1, category: String) -> LineItem {
        let plan = price.subscription(months: months, seats: seats)
        let description = "\(price.description)\(seats > 1 ? " × \(seats) seats" : ""), \(plan.terms)"
        return PlanPricing.item(
            description, category: category, quantity: Int32(plan.quantity), unitCents: convert(plan.unitCents, from: price.currency),
            billing: plan.billing, source: price.citation + conversionNote(plan.unitCents, from: price.currency)
        )
    }

    /// The cost of `seats` seats of a tool over `months` months in the company's currency.
    func cost(_ price: ToolPrice, months: Int, seats: Int = 1) -> Int64 {
        let plan = price.subscription(months: months, seats: seats)
        return Int64(plan.quantity) * convert(plan.unitCents, from: price.currency)
    }
}
