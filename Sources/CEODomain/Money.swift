import Foundation

/// Money as the product shows it: US dollars from integer cents.
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
}
