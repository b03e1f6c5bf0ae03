import Foundation

/// Money as the product shows it: an amount in any currency from its minor units, or
/// US dollars from integer cents.
public enum Money {
    /// `$1,234.56`, or `$1,235` when `whole` is set (rounded to the dollar).
    public static func dollars(_ cents: Int64, whole: Bool = false) -> String {
        "$" + (cents < 0 ? "-" : "") + digits(cents, whole: whole)
    }

    /// An amount in minor units of `currency` (ISO 4217), as people read it: `€1,234.50`,
    /// `A$99.00`; `whole` rounds to the unit (`€1,235`).
    public static func amount(_ minor: Int64, currency: String, whole: Bool = false) -> String {
        // en_US writes the dollar variants the same: name them.
        let symbol = switch currency {
        case "USD": "$"
        case "CAD": "CA$"
        case "AUD": "A$"
        case "EUR": "€"
        case "GBP": "£"
        default: "\(currency) "
        }
        return (minor < 0 ? "-" : "") + symbol + digits(minor, whole: whole)
    }

    /// The magnitude of `minor` hundredths as en-US writes it: `1,234.50`, or `1,234`
    /// when `whole` (rounded half to even, as `NumberFormatter` rounds). Written by hand
    /// because a `NumberFormatter` per amount cost a run more than its database work.
    static func digits(_ minor: Int64, whole: Bool) -> String {
        let magnitude = minor.magnitude
        var units = magnitude / 100
        let hundredths = magnitude % 100
        if whole, hundredths > 50 || (hundredths == 50 && units % 2 == 1) { units += 1 }
        let plain = Array(String(units))
        var grouped = ""
        for (position, digit) in plain.enumerated() {
            if position > 0, (plain.count - position) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        if whole { return grouped }
        return grouped + (hundredths < 10 ? ".0" : ".") + String(hundredths)
    }

    /// What a hundredth of `currency` is called: `pence` for the pound, `cents` otherwise
    /// (every supported currency has two decimals).
    public static func minorUnitName(_ currency: String) -> String { currency == "GBP" ? "pence" : "cents" }
}
