import CEOAPI
import CEODomain
import Foundation

/// Line items from a jurisdiction pack's figures. The ledger counts US cents until
/// plans are priced in the company's currency, so a figure in another currency is
/// converted at the pack's planning rate, and the line says both amounts, the rate and
/// where each comes from.
struct PackPricing {
    let pack: JurisdictionPack

    /// `minor` units of the pack's currency in US cents at the planning rate.
    func usdCents(_ minor: Int64) -> Int64 {
        guard let rate = pack.planningExchangeRate, rate.perUSD > 0, pack.currency != "USD" else { return minor }
        return Int64((Double(minor) / rate.perUSD).rounded())
    }

    /// "€150.00 (≈ $156.83)", or "$150.00" for a US pack.
    func amount(_ minor: Int64) -> String {
        let local = Money.amount(minor, currency: pack.currency)
        return pack.currency == "USD" ? local : "\(local) (≈ \(Money.dollars(usdCents(minor))))"
    }

    /// The conversion, for a line item's source.
    func conversion(_ minor: Int64) -> String {
        guard pack.currency != "USD", let rate = pack.planningExchangeRate else { return "" }
        return "; \(Money.amount(minor, currency: pack.currency)) at \(rate.perUSD) \(pack.currency) per USD (\(rate.source), \(rate.asOf))"
    }

    /// A fee of `minor` units, `quantity` times, cited with its source and date.
    func fee(_ description: String, minor: Int64, quantity: Int32 = 1, category: String = "government_fee", billing: String = "one_time",
             source: String, asOf: String) -> LineItem {
        PlanPricing.item(
            description, category: category, quantity: quantity, unitCents: usdCents(minor), billing: billing,
            source: "\(source) (as of \(asOf))\(conversion(minor))"
        )
    }
}
