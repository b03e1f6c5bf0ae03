@testable import CEODomain
import Foundation
import Testing

/// Money is formatted by hand (a `NumberFormatter` per amount was a run's largest single
/// cost); it must read exactly as en-US `NumberFormatter` wrote it.
@Suite("Money formatting matches en-US NumberFormatter")
struct MoneyFormattingTests {
    static func reference(_ minor: Int64, currency: String, whole: Bool) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .currency
        formatter.locale = Locale(identifier: "en_US")
        formatter.currencyCode = currency
        if whole {
            formatter.minimumFractionDigits = 0
            formatter.maximumFractionDigits = 0
        }
        formatter.currencySymbol = ["USD": "$", "CAD": "CA$", "AUD": "A$", "EUR": "€", "GBP": "£"][currency] ?? "\(currency) "
        return formatter.string(from: NSNumber(value: Double(minor) / 100))!
    }

    static func referenceDollars(_ cents: Int64, whole: Bool) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.minimumFractionDigits = whole ? 0 : 2
        formatter.maximumFractionDigits = whole ? 0 : 2
        formatter.locale = Locale(identifier: "en_US")
        return "$" + formatter.string(from: NSNumber(value: Double(cents) / 100))!
    }

    static var amounts: [Int64] {
        var values: [Int64] = [0, 1, 5, 9, 10, 49, 50, 51, 99, 100, 149, 150, 250, 350, 999, 1_000, 99_999, 100_000, 123_450, 123_550,
                               999_950, 1_000_000, 12_345_678, 100_000_000, 123_456_789_012]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { values.append(Int64.random(in: 0...10_000_000_000, using: &generator)) }
        return values + values.map { -$0 }
    }

    @Test("every currency, whole and with cents, positive and negative")
    func matchesNumberFormatter() {
        for currency in ["USD", "CAD", "AUD", "EUR", "GBP", "JPY", "NZD"] {
            for minor in Self.amounts {
                for whole in [false, true] {
                    let expected = Self.reference(minor, currency: currency, whole: whole)
                    #expect(Money.amount(minor, currency: currency, whole: whole) == expected, "\(minor) \(currency) whole: \(whole)")
                }
            }
        }
        for cents in Self.amounts {
            for whole in [false, true] {
                #expect(Money.dollars(cents, whole: whole) == Self.referenceDollars(cents, whole: whole), "\(cents) whole: \(whole)")
            }
        }
    }
}
