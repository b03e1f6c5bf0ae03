import CEOAPI
import CEODomain
import Foundation

/// Line items from a jurisdiction pack's figures, in the company's currency: a figure
/// in the pack's currency is converted at the planning rate when the company keeps its
/// books in another one, and the line keeps the original amount and its source.
struct PackPricing {
    let pack: JurisdictionPack
    let local: LocalPricing

    /// `minor` units of the pack's currency in the company's currency.
    func localCents(_ minor: Int64) -> Int64 { local.convert(minor, from: pack.currency) }

    /// "€150.00", or "€150.00 (≈ $174.57)" when the company's currency differs.
    func amount(_ minor: Int64) -> String { local.money(minor, in: pack.currency) }

    /// A fee of `minor` units, `quantity` times, cited with its source and date.
    func fee(_ description: String, minor: Int64, quantity: Int32 = 1, category: String = "government_fee", billing: String = "one_time",
             source: String, asOf: String) -> LineItem {
        PlanPricing.item(
            description, category: category, quantity: quantity, unitCents: localCents(minor), billing: billing,
            source: "\(source) (as of \(asOf))\(local.conversionNote(minor, from: pack.currency))"
        )
    }
}
