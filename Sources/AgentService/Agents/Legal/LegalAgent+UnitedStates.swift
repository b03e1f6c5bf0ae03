import CEOAPI
import CEODomain
import Foundation

/// The US paths from the US jurisdiction pack: a Delaware C-corporation when the
/// objectives speak of investors or equity (franchise tax, annual report, the 83(b)
/// election, qualification in the home state), and the obligations of either entity
/// that fall due inside the timeline, budgeted.
extension LegalAgent {
    /// The Delaware C-corporation formation for a company based in `home`.
    func delawareCorporation(name: String, home: StateFilingFees.State, pack: JurisdictionPack, window: TaskWindow, timelineMonths: Int) -> PlannedDeliverable {
        let packFees = PackPricing(pack: pack, local: pricing)
        guard let corporation = pack.entities.first(where: { $0.id == "c_corp" }) else {
            return PlanPricing.deliverable(.essential, kind: "entity_formation", title: "Incorporate \(name)", body: "The US pack lists no corporation.", items: [])
        }
        var items: [LineItem] = []
        var steps = ["1. **Check the name** \"\(name), Inc.\" in the Delaware Division of Corporations entity search, and the matching domain."]
        if let fee = corporation.filingFee(in: "US-DE") {
            steps.append("2. **File the Certificate of Incorporation** with the Delaware Division of Corporations: **\(packFees.amount(fee))** state minimum (more with many authorized shares). Target: day \(window.day(at: 0.2)).")
            let citation = corporation.citation(in: "US-DE")
            items.append(packFees.fee("Delaware Certificate of Incorporation filing fee", minor: fee, source: citation.source, asOf: citation.asOf))
        }
        steps += [
            "3. **Registered agent in Delaware** (a service: the company has no Delaware address).",
            "4. **Bylaws, board consent and founder stock** with vesting; each founder files the **83(b) election** with the IRS within 30 days of the grant (no fee; a missed deadline cannot be fixed).",
            "5. **EIN** from the IRS online, free, once the certificate is filed.",
            "6. **Bank account** in the corporation's name.",
        ]
        var number = 7
        if home.code != "DE" {
            let qualification = pack.obligations.first { $0.id == "foreign_qualification" }
            if let qualification, let fee = qualification.amountPerSubdivision?["US-\(home.code)"] {
                steps.append("\(number). **Register in \(home.name)** as a foreign corporation before doing business there: **\(packFees.amount(fee))**.")
                let citation = qualification.citation(in: "US-\(home.code)")
                items.append(packFees.fee("\(home.name) foreign corporation registration", minor: fee, source: citation.source, asOf: citation.asOf))
            } else {
                steps.append("\(number). **Register in \(home.name)** as a foreign corporation before doing business there (the pack has no sourced fee for \(home.name): confirm it with the \(home.filingOfficeName)).")
            }
            number += 1
        }
        steps.append(pack.salesTax?.noSalesTaxSubdivisions?.contains("US-\(home.code)") == true
            ? "\(number). **\(home.name) has no statewide sales tax**; register with its employer withholding account when you hire."
            : "\(number). **\(home.name) tax accounts:** sales tax if you sell taxable goods or services, and employer withholding when you hire.")
        let dueHere = obligationsDue(pack: pack, entity: corporation, subdivision: "US-DE", timelineMonths: timelineMonths, packFees: packFees)
        let dueHome: (lines: [String], items: [LineItem]) = home.code == "DE" ? ([], [])
            : obligationsDue(pack: pack, entity: corporation, subdivision: "US-\(home.code)", timelineMonths: timelineMonths, packFees: packFees, onlyInSubdivision: true)
        items += dueHere.items + dueHome.items
        var body = """
            **Why a Delaware C-corporation:** the objectives speak of investors or equity. Venture investors expect a Delaware C-corporation: \
            preferred stock, option pools and a corporate law courts and lawyers know. An LLC would have to convert before a priced round.
            """ + "\n\n" + steps.joined(separator: "\n")
        let due = dueHere.lines + dueHome.lines
        if !due.isEmpty { body += "\n\n**Due inside the \(timelineMonths)-month timeline, budgeted:**\n" + due.joined(separator: "\n") }
        if let franchise = pack.obligations.first(where: { $0.id == "de_franchise_tax" }), let method = franchise.method {
            body += "\n\n**Delaware franchise tax:** \(method)"
        }
        let citation = corporation.citation(in: "US-DE")
        body += "\n\nSources: \(citation.source) (as of \(citation.asOf))."
        return PlanPricing.deliverable(
            .essential, kind: "entity_formation", title: "Incorporate \(name), Inc. in Delaware",
            body: body, items: items, attributes: ["state": "DE", "home_state": home.code, "entity": "C-corporation", "country": "US"]
        )
    }

    /// The US pack's obligations of the LLC in `state` due inside the timeline.
    func llcObligations(state: StateFilingFees.State, timelineMonths: Int) -> (lines: [String], items: [LineItem]) {
        guard let pack = JurisdictionPacks.standard.pack(for: "US"), let llc = pack.entities.first(where: { $0.id == "llc" }) else { return ([], []) }
        return obligationsDue(pack: pack, entity: llc, subdivision: "US-\(state.code)", timelineMonths: timelineMonths, packFees: PackPricing(pack: pack, local: pricing), onlyInSubdivision: true)
    }
}
