import Foundation

/// Money as the product shows it: an amount in any currency from its minor units, or
/// US dollars from integer cents.
public enum Money {
    /// `$1,234.56`, or `$1,235` when `whole` is set (rounded to the dollar).
    public static func dollars(_ cents: Int64, whole: Bool = false) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.minimumFractionDigits = whole ? 0 : 2
        formatter.maximumFractionDigits = whole ? 0 : 2
        formatter.locale = Locale(identifier: "en_US")
        return "$" + (formatter.string(from: NSNumber(value: Double(cents) / 100)) ?? String(cents / 100))
    }

    /// An amount in minor units of `currency` (ISO 4217), as people read it: `€1,234.50`,
    /// `A$99.00`; `whole` rounds to the unit (`€1,235`).
    public static func amount(_ minor: Int64, currency: String, whole: Bool = false) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .currency
        formatter.locale = Locale(identifier: "en_US")
        formatter.currencyCode = currency
        if whole {
            formatter.minimumFractionDigits = 0
            formatter.maximumFractionDigits = 0
        }
        // en_US writes the dollar variants the same: name them.
        formatter.currencySymbol = ["USD": "$", "CAD": "CA$", "AUD": "A$", "EUR": "€", "GBP": "£"][currency] ?? "\(currency) "
        return formatter.string(from: NSNumber(value: Double(minor) / 100)) ?? "\(currency) \(minor / 100)"
    }

    /// What a hundredth of `currency` is called: `pence` for the pound, `cents` otherwise
    /// (every supported currency has two decimals).
    public static func minorUnitName(_ currency: String) -> String { currency == "GBP" ? "pence" : "cents" }
}
