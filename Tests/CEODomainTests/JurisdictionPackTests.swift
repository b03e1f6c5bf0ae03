import CEODomain
import Foundation
import Testing

@Suite("Jurisdiction packs: one per country, every figure sourced and dated")
struct JurisdictionPackTests {
    @Test("the seven packs load, each in its country's currency")
    func bundled() throws {
        let packs = try JurisdictionPacks.bundled()
        let currencies = packs.packs.mapValues(\.currency)
        #expect(currencies == ["US": "USD", "GB": "GBP", "CA": "CAD", "DE": "EUR", "FR": "EUR", "IE": "EUR", "AU": "AUD"])
        for pack in packs.packs.values {
            #expect(pack.smallBusinessEntity != nil, "\(pack.country)")
            #expect(pack.trademark != nil, "\(pack.country)")
        }
    }

    @Test("the US pack: a Delaware C-corporation for investors, state LLC fees, no sales tax in five states")
    func unitedStates() throws {
        let us = try #require(JurisdictionPacks.standard.pack(for: "US"))
        #expect(us.ventureEntity?.kind == "corporation" && us.ventureEntity?.filingFee(in: "US-DE") != nil)
        #expect(us.smallBusinessEntity?.kind == "llc" && us.smallBusinessEntity?.filingFee(in: "US-TX") == 30_000)
        #expect(Set(us.salesTax?.noSalesTaxSubdivisions ?? []) == ["US-AK", "US-DE", "US-MT", "US-NH", "US-OR"])
        #expect(us.obligations.contains { $0.id.contains("83b") || $0.name.contains("83(b)") })
    }

    @Test("a figure without a source or an as-of date is refused, naming where it is", arguments: [
        (#"{"fee_minor": 100, "as_of": "2025-01-01"}"#, "entities[0]: fee_minor has no source"),
        (#"{"fee_minor": 100, "source": "a fee schedule"}"#, "entities[0]: fee_minor has no as_of date"),
        (#"{"fee_minor": 100, "source": "a fee schedule", "as_of": "2025"}"#, "entities[0]: fee_minor has no as_of date"),
    ])
    func unsourced(entity: String, problem: String) {
        let document = #"{"country": "XX", "name": "Test", "currency": "USD", "as_of": "2026-01-01", "entities": ["# + entity + "]}"
        #expect {
            _ = try JurisdictionPacks.load(Data(document.utf8), file: "jurisdiction-XX.json")
        } throws: { error in
            (error as? DomainDataError)?.description.hasPrefix("jurisdiction-XX.json: " + problem) == true
        }
    }

    @Test("a figure with null amount needs no source; nested tables are checked too")
    func nested() {
        #expect(JurisdictionPacks.unsourcedFigures(in: ["a": ["fee_minor": NSNull()]], path: "").isEmpty)
        #expect(JurisdictionPacks.unsourcedFigures(in: ["a": [["amount_per_subdivision": ["US-DE": 5000]]]], path: "").count == 2)
    }
}
