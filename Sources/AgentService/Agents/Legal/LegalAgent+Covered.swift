import CEOAPI
import CEODomain
import Foundation

/// The legal playbook for a covered country other than the US and the UK, from its
/// jurisdiction pack: the entity and its registry fee, tax registrations, obligations
/// due inside the timeline (budgeted), the trademark office and its fees, and the
/// privacy and marketing laws — nothing from another country's law.
extension LegalAgent {
    func coveredFormation(name: String, pack: JurisdictionPack, subdivision: LocationTable.Subdivision?, venture: Bool, liability: String?,
                          window: TaskWindow, timelineMonths: Int) -> PlannedDeliverable {
        let packFees = PackPricing(pack: pack, local: pricing)
        let place = [subdivision?.name, pack.name].compactMap { $0 }.joined(separator: ", ")
        guard let (entity, reason) = EntityChoice.entity(in: pack, venture: venture, liability: liability) else {
            return PlanPricing.deliverable(.essential, kind: "entity_formation", title: "Form \(name) in \(place)",
                                           body: "The \(pack.name) pack lists no entity.", items: [])
        }
        var items: [LineItem] = []
        var steps = ["1. **Check the name** \"\(name)\" in \(pack.name)'s business register and for trade mark conflicts."]
        let registry = [entity.registry, entity.form].compactMap { $0 }.joined(separator: ", ")
        if let fee = entity.filingFee(in: subdivision?.code) {
            steps.append("2. **Register the \(entity.name)** (\(registry)): **\(packFees.amount(fee))**. Target: day \(window.day(at: 0.25)).")
            let citation = entity.citation(in: subdivision?.code)
            items.append(packFees.fee("\(entity.registry ?? pack.name): register the \(entity.name)", minor: fee, source: citation.source, asOf: citation.asOf))
        } else {
            steps.append("2. **Register the \(entity.name)** (\(registry)). The pack has no sourced fee for it: confirm it with the registry. Target: day \(window.day(at: 0.25)).")
        }
        var number = 3
        for registration in pack.taxRegistration where registration.applies(to: entity.id, in: subdivision?.code) {
            let when = registration.requiredWhen.map { ": " + $0.trimmingCharacters(in: CharacterSet(charactersIn: ". ")) } ?? ""
            steps.append("\(number). **\(registration.name)**\(registration.office.map { " with \($0)" } ?? "")\(when).")
            number += 1
        }
        steps.append("\(number). **Bank account** in the company's name.")
        let due = obligationsDue(pack: pack, entity: entity, subdivision: subdivision?.code, timelineMonths: timelineMonths, packFees: packFees)
        items += due.items
        var body = "**Why this form:** \(entity.why.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ". ")) + "; " } ?? "")\(reason).\n\n" + steps.joined(separator: "\n")
        if !due.lines.isEmpty {
            body += "\n\n**Due inside the \(timelineMonths)-month timeline, budgeted:**\n" + due.lines.joined(separator: "\n")
        }
        if !pack.notCovered.isEmpty {
            body += "\n\n**Not covered by this plan:** " + pack.notCovered.joined(separator: "; ")
        }
        body += "\n\nSources: \(entity.source) (as of \(entity.asOf))."
        var attributes = ["country": pack.country, "entity": entity.id, "currency": pricing.currency]
        if let subdivision { attributes["subdivision"] = subdivision.code }
        let article = entity.name.first.map { "AEIOU".contains($0) } == true ? "an" : "a"
        return PlanPricing.deliverable(.essential, kind: "entity_formation", title: "Form \(name) as \(article) \(entity.name) in \(place)",
                                       body: body, items: items, attributes: attributes)
    }

    /// The pack's obligations of `entity` that fall due inside the timeline, as lines and line items.
    /// - Parameter onlyInSubdivision: only the obligations that name `subdivision` (not the nationwide ones).
    func obligationsDue(pack: JurisdictionPack, entity: JurisdictionPack.Entity, subdivision: String?, timelineMonths: Int,
                        packFees: PackPricing, onlyInSubdivision: Bool = false) -> (lines: [String], items: [LineItem]) {
        var lines: [String] = []
        var items: [LineItem] = []
        for obligation in pack.obligations {
            if let entities = obligation.entities, !entities.contains(entity.id) { continue }
            if let subdivisions = obligation.subdivisions, !subdivisions.contains(subdivision ?? "") { continue }
            if onlyInSubdivision, obligation.subdivisions == nil { continue }
            // A one-off registration elsewhere (qualification in the home state) is a formation step, not an obligation.
            if obligation.everyMonths == nil, obligation.amountPerSubdivision != nil, obligation.firstDueMonthsAfterFormation == 0 { continue }
            guard let first = obligation.firstDueMonthsAfterFormation, first <= timelineMonths else { continue }
            let amount = subdivision.flatMap { obligation.amountPerSubdivision?[$0] } ?? obligation.amountMinor
            let office = obligation.office.map { " (\($0))" } ?? ""
            if let amount, amount > 0 {
                lines.append("- **\(obligation.name)**\(office), due about month \(first): \(packFees.amount(amount)).")
                let citation = obligation.citation(in: subdivision)
                items.append(packFees.fee(obligation.name, minor: amount, billing: "yearly", source: citation.source, asOf: citation.asOf))
            } else {
                lines.append("- **\(obligation.name)**\(office), due about month \(first)\(amount == 0 ? ", no fee" : "").")
            }
        }
        return (lines, items)
    }

    /// The trademark office and its fees from the pack, for `classes` classes.
    func coveredTrademarkItems(pack: JurisdictionPack, classes: Int) -> (office: String, items: [LineItem]) {
        guard let trademark = pack.trademark else { return ("national trademark office of \(pack.name)", []) }
        let packFees = PackPricing(pack: pack, local: pricing)
        var items: [LineItem] = []
        if let first = trademark.firstClassFeeMinor {
            items.append(packFees.fee("\(trademark.office): application\(trademark.classesIncluded.map { $0 > 1 ? ", up to \($0) classes" : ", first class" } ?? ", first class")", minor: first, source: trademark.source, asOf: trademark.asOf))
            let included = max(1, trademark.classesIncluded ?? 1)
            if classes > included, let extra = trademark.additionalClassFeeMinor, extra > 0 {
                items.append(packFees.fee("\(trademark.office): each class beyond \(included == 1 ? "the first" : "the first \(included)")", minor: extra,
                                         quantity: Int32(classes - included), source: trademark.source, asOf: trademark.asOf))
            }
        }
        return (trademark.office, items)
    }
}
