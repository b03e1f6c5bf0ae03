import Foundation

/// The planning exchange rates (`exchange-rates.json`): one rate per supported currency,
/// from one publisher on one day. Every conversion in a plan uses them, and the plan
/// states the rate and its date once. The supported currencies are the ones listed.
public struct PlanningRates: Sendable, Decodable {
    /// One currency's rate against the US dollar.
    public struct Rate: Sendable, Decodable, Hashable {
        /// ISO 4217 code.
        public let currency: String
        /// Units of `currency` for one US dollar.
        public let perUSD: Double
        /// The publisher's own quotation the rate was worked out from.
        public let quoted: String

        enum CodingKeys: String, CodingKey {
            case currency, quoted
            case perUSD = "per_usd"
        }
    }

    /// Who publishes the rates, in a few words: `European Central Bank euro reference rates`.
    public let publisher: String
    /// The publisher, series and address, and where they were read.
    public let source: String
    /// The day of the rates (YYYY-MM-DD).
    public let asOf: String
    public let rates: [Rate]

    enum CodingKeys: String, CodingKey {
        case publisher, source, rates
        case asOf = "as_of"
    }

    /// The currency of a request that names none.
    public static let defaultCurrency = "USD"

    /// The supported currencies, in the file's order (US dollar first).
    public var currencies: [String] { rates.map(\.currency) }

    /// The rate of `currency`, or nil when it is not supported.
    public func rate(_ currency: String) -> Rate? { rates.first { $0.currency == currency } }

    /// `minor` units of `from` in minor units of `to`, rounded to the nearest unit (every
    /// supported currency has two decimals). An unsupported currency converts nothing.
    public func convert(_ minor: Int64, from: String, to: String) -> Int64 {
        guard from != to, let source = rate(from), let target = rate(to) else { return minor }
        return Int64((Double(minor) * target.perUSD / source.perUSD).rounded())
    }

    /// The budget range of a plan in `currency`: the equivalent of `usdRange` (US cents)
    /// at the planning rate, to whole units of the currency (the lower end rounded up,
    /// the upper end down, so both lie inside the US range's equivalent).
    public func budgetRange(in currency: String, usdRange: ClosedRange<Int64>) -> ClosedRange<Int64>? {
        guard let rate = rate(currency) else { return nil }
        if currency == Self.defaultCurrency { return usdRange }
        let lower = (Double(usdRange.lowerBound) * rate.perUSD / 100).rounded(.up) * 100
        let upper = (Double(usdRange.upperBound) * rate.perUSD / 100).rounded(.down) * 100
        return Int64(lower)...Int64(upper)
    }

    /// "Planning rate: 1 USD = 0.875 EUR (1 EUR = 1.1429 USD, European Central Bank euro
    /// reference rates of 2025-06-10).": the sentence a plan states once for a currency
    /// other than the US dollar.
    public func statement(for currency: String) -> String? {
        guard currency != Self.defaultCurrency, let rate = rate(currency) else { return nil }
        return "Planning rate: 1 USD = \(rate.perUSD) \(currency) (\(rate.quoted), \(publisher) of \(asOf))."
    }

    /// The rates bundled with the product, validated; throws naming the file and the problem.
    private static func load() throws(DomainDataError) -> PlanningRates {
        try load(DomainDataFile.decode(PlanningRates.self, named: "exchange-rates.json"), file: "exchange-rates.json")
    }

    /// Validates decoded rates: a source and a date, the US dollar at 1, each currency
    /// an ISO 4217 code listed once with a positive rate.
    public static func load(_ rates: PlanningRates, file: String) throws(DomainDataError) -> PlanningRates {
        if rates.source.trimmingCharacters(in: .whitespaces).isEmpty || rates.publisher.trimmingCharacters(in: .whitespaces).isEmpty {
            throw DomainDataError(file: file, "needs a publisher and a source")
        }
        if rates.asOf.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil {
            throw DomainDataError(file: file, "as_of must be a date (YYYY-MM-DD), got '\(rates.asOf)'")
        }
        var seen: Set<String> = []
        for (index, rate) in rates.rates.enumerated() {
            guard rate.currency.range(of: "^[A-Z]{3}$", options: .regularExpression) != nil, seen.insert(rate.currency).inserted else {
                throw DomainDataError(file: file, "rates[\(index)]: currency must be an ISO 4217 code listed once, got '\(rate.currency)'")
            }
            guard rate.perUSD > 0, rate.perUSD.isFinite else { throw DomainDataError(file: file, "rates[\(index)] (\(rate.currency)): per_usd must be positive") }
        }
        guard rates.rate(defaultCurrency)?.perUSD == 1 else { throw DomainDataError(file: file, "must list USD at per_usd 1") }
        return rates
    }

    private static let loaded = LoadedOnce(load)

    /// The bundled rates, loaded once per process; throws naming the file and the problem.
    public static func bundled() throws(DomainDataError) -> PlanningRates { try loaded.get() }

    /// The bundled rates. Every service checks ``bundled()`` at start and refuses to run
    /// when they are invalid, so by the time this is read they are known to load.
    public static var standard: PlanningRates { loaded.value("the bundled planning exchange rates") }
}
