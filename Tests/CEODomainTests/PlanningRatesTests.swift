import CEODomain
import Foundation
import Testing

/// The planning exchange rates: one per supported currency, from one publisher on one
/// day, validated when loaded; conversions and budget ranges in each currency.
@Suite("Planning exchange rates")
struct PlanningRatesTests {
    static func rates(_ json: String) throws(DomainDataError) -> PlanningRates {
        let decoded: PlanningRates
        do { decoded = try JSONDecoder().decode(PlanningRates.self, from: Data(json.utf8)) } catch { throw DomainDataError(file: "test.json", "\(error)") }
        return try PlanningRates.load(decoded, file: "test.json")
    }

    static func document(publisher: String = "ECB", source: String = "https://example.org", asOf: String = "2025-06-10", rates: String) -> String {
        #"{"publisher": "\#(publisher)", "source": "\#(source)", "as_of": "\#(asOf)", "rates": [\#(rates)]}"#
    }

    @Test("the bundled rates: the five supported currencies, the dollar at 1, one publisher and day")
    func bundled() throws {
        let rates = try PlanningRates.bundled()
        #expect(rates.currencies == ["USD", "EUR", "GBP", "CAD", "AUD"])
        #expect(rates.rate("USD")?.perUSD == 1 && rates.asOf == "2025-06-10" && rates.publisher.contains("European Central Bank"))
        #expect(rates.statement(for: "USD") == nil)
        #expect(rates.statement(for: "GBP") == "Planning rate: 1 USD = 0.7406 GBP (1 EUR = 0.8464 GBP and 1.1429 USD, European Central Bank euro reference rates of 2025-06-10).")
    }

    @Test("a rate without a source, a date, a positive value, a code listed once, or the dollar at 1 is refused, naming the problem", arguments: [
        (document(source: " ", rates: #"{"currency": "USD", "per_usd": 1, "quoted": "base"}"#), "needs a publisher and a source"),
        (document(asOf: "June 2025", rates: #"{"currency": "USD", "per_usd": 1, "quoted": "base"}"#), "as_of must be a date"),
        (document(rates: #"{"currency": "USD", "per_usd": 1, "quoted": "base"}, {"currency": "EUR", "per_usd": 0, "quoted": "x"}"#), "per_usd must be positive"),
        (document(rates: #"{"currency": "USD", "per_usd": 1, "quoted": "base"}, {"currency": "USD", "per_usd": 1, "quoted": "x"}"#), "listed once"),
        (document(rates: #"{"currency": "usd", "per_usd": 1, "quoted": "base"}"#), "ISO 4217"),
        (document(rates: #"{"currency": "EUR", "per_usd": 0.9, "quoted": "x"}"#), "must list USD at per_usd 1"),
    ])
    func refused(json: String, problem: String) {
        let error = #expect(throws: DomainDataError.self) { try Self.rates(json) }
        #expect(error?.problem.contains(problem) == true, "\(String(describing: error))")
    }

    @Test("conversions go through the dollar and round to the nearest hundredth; an unsupported currency converts nothing")
    func conversions() throws {
        let rates = try PlanningRates.bundled()
        #expect(rates.convert(10_000, from: "USD", to: "EUR") == 8_750)
        #expect(rates.convert(8_750, from: "EUR", to: "USD") == 10_000)
        #expect(rates.convert(10_000, from: "GBP", to: "EUR") == 11_815)  // 100 / 0.7406 × 0.875
        #expect(rates.convert(10_000, from: "JPY", to: "EUR") == 10_000)
    }

    @Test("the budget range in each currency is the equivalent of $100–$100,000, in whole units inside it")
    func budgetRanges() throws {
        #expect(PlanRequestRules.budgetRange(in: "USD") == 10_000...10_000_000)
        #expect(PlanRequestRules.budgetRange(in: "EUR") == 8_800...8_750_000)
        #expect(PlanRequestRules.budgetRange(in: "GBP") == 7_500...7_406_000)
        #expect(PlanRequestRules.budgetRange(in: "CAD") == 13_700...13_691_000)
        #expect(PlanRequestRules.budgetRange(in: "AUD") == 15_400...15_337_000)
        #expect(PlanRequestRules.budgetRange(in: "JPY") == nil)
    }
}
