import CEODomain
import Foundation

/// A tool's list price as its vendor bills it: by the month, by the year, or either
/// (usually cheaper by the year), in the currency the vendor bills in. From
/// `tool-prices.json`.
public struct ToolPrice: Codable, Sendable, Hashable {
    public var id: String
    public var description: String
    /// ISO 4217 code of the prices below.
    public var currency: String
    /// The price of one month when billed monthly; nil when the vendor does not bill by the month.
    public var monthlyCents: Int64?
    /// The price of one year when billed yearly; nil when the vendor does not bill by the year.
    public var yearlyCents: Int64?
    public var source: String
    public var period: String

    enum CodingKeys: String, CodingKey {
        case id, description, currency, source, period
        case monthlyCents = "monthly_cents", yearlyCents = "yearly_cents"
    }

    /// The cost of `seats` seats over `months` months, billed the cheaper way the vendor
    /// offers: `months` monthly payments, or whole years paid up front.
    public struct Subscription: Sendable, Hashable {
        /// `monthly` or `yearly`.
        public let billing: String
        /// Payments (months or years).
        public let quantity: Int
        /// One payment, minor units of the price's currency.
        public let unitCents: Int64
        public var totalCents: Int64 { Int64(quantity) * unitCents }
        /// How it is billed, for the line item: `billed monthly, 3 months`.
        public let terms: String
    }

    /// The subscription for `months` months and `seats` seats (see ``Subscription``).
    public func subscription(months: Int, seats: Int = 1) -> Subscription {
        let months = max(1, months)
        let years = (months + 11) / 12
        if monthlyCents == 0 || yearlyCents == 0 {
            return Subscription(billing: monthlyCents == 0 ? "monthly" : "yearly", quantity: monthlyCents == 0 ? months : years, unitCents: 0, terms: "free plan")
        }
        let monthly = monthlyCents.map { Subscription(billing: "monthly", quantity: months, unitCents: $0 * Int64(seats), terms: "billed monthly, \(months) month\(months == 1 ? "" : "s")") }
        let yearly = yearlyCents.map { cents in
            let why = monthlyCents == nil ? "the only billing on record" : "cheaper than \(months) months billed monthly"
            return Subscription(billing: "yearly", quantity: years, unitCents: cents * Int64(seats), terms: "billed yearly, \(years) year\(years == 1 ? "" : "s") (\(why))")
        }
        switch (monthly, yearly) {
        case let (monthly?, yearly?): return yearly.totalCents < monthly.totalCents ? yearly : monthly
        case let (monthly?, nil): return monthly
        case let (nil, yearly?): return yearly
        case (nil, nil): return Subscription(billing: "monthly", quantity: months, unitCents: 0, terms: "no price recorded")
        }
    }

    /// `source` and `period`, as a line item's source.
    public var citation: String { "\(source) (\(period))" }

    /// The problem with this price as data, or nil: a currency, a source and a period, at
    /// least one way of billing, no negative price.
    var problem: String? {
        if currency.range(of: "^[A-Z]{3}$", options: .regularExpression) == nil { return "currency must be an ISO 4217 code" }
        if monthlyCents == nil && yearlyCents == nil { return "needs monthly_cents or yearly_cents" }
        if (monthlyCents ?? 0) < 0 || (yearlyCents ?? 0) < 0 { return "prices must not be negative" }
        if source.isEmpty || period.isEmpty { return "needs a source and a period" }
        return nil
    }
}
