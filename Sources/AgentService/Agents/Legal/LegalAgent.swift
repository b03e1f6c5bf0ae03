public import CEOAPI
import Foundation
import CEODomain

/// Legal: entity formation for the company's location with the real filing fee,
/// EIN, registered agent, trademark search and filing, privacy policy and terms, and
/// the regulation flags of its industry. Fees come from the reference data tables.
public struct LegalAgent: Agent {
    private let reference: ReferenceData
    /// A lawyer's billable hour: the US rate until ``plan(for:)`` prices the agent for a company.
    private var lawyerHour: ReferenceData.Figure
    private var fees: Fees
    private let states: StateFilingFees
    /// The company's currency and country; the US until ``plan(for:)`` prices the agent.
    private(set) var pricing: LocalPricing

    /// The US fees this playbook prices, read once from `legal-fees.json` (other
    /// countries' fees are in their jurisdiction packs).
    private struct Fees {
        var ein, usptoClass, registeredAgentYear: ReferenceData.Figure

        init(_ reference: ReferenceData) throws {
            ein = try reference.legalFee("irs_ein")
            usptoClass = try reference.legalFee("uspto_trademark_class")
            registeredAgentYear = try reference.legalFee("registered_agent_year")
        }

        /// The fees in the company's currency.
        func local(_ pricing: LocalPricing) -> Fees {
            var fees = self
            fees.ein = pricing.local(ein)
            fees.usptoClass = pricing.local(usptoClass)
            fees.registeredAgentYear = pricing.local(registeredAgentYear)
            return fees
        }
    }

    public init(reference: ReferenceData) throws {
        self.reference = reference
        lawyerHour = try reference.laborRate("lawyer_hour")
        fees = try Fees(reference)
        states = reference.stateFilingFees
        pricing = .unitedStates(reference: reference)
    }

    public var info: AgentInfo {
        .describing(
            .legal,
            capabilities: [
                ("entity_formation", "A formation checklist for the company's country and state or province, with the filing fee from the country's cited tables, and a Delaware C-corporation when the objectives speak of investors"),
                ("tax_ids", "The tax registrations of the country: EIN and state accounts, HMRC, CRA with GST/HST, Finanzamt, SIREN and TVA, Revenue, ABN and GST"),
                ("registered_agent", "A registered agent for the US formation state"),
                ("trademark", "A clearance search and filing with the national office in the classes that fit the industry, with government fees"),
                ("privacy_terms", "A privacy policy and terms of service drafted under the country's privacy and marketing law"),
                ("regulation_flags", "Industry-specific regulation flags: health data, payments, alcohol, children's data, financial licensing"),
            ],
            minimumBudgetCents: (states.states.values.map(\.filingFeeCents).min() ?? 0) + Self.reviewHours * lawyerHour.unitCostCents
        )
    }

    /// Lawyer hours to confirm which regulation flags apply (part of the essentials).
    static let reviewHours: Int64 = 1

    /// This agent priced for `company` at `location`: its currency and its country's lawyer rate.
    private func priced(for company: Company, at location: CompanyLocation) throws -> LegalAgent {
        var agent = self
        agent.pricing = LocalPricing(company, location: location, reference: reference)
        agent.lawyerHour = try agent.pricing.hour("lawyer_hour")
        agent.fees = fees.local(agent.pricing)
        return agent
    }

    public func plan(for brief: AgentBrief) throws -> [PlannedDeliverable] {
        let location = CompanyLocation(brief.company, states: states)
        return try priced(for: brief.company, at: location).playbook(for: brief, location: location)
    }

    private func playbook(for brief: AgentBrief, location: CompanyLocation) -> [PlannedDeliverable] {
        let company = brief.company
        let name = company.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let profile = IndustryProfile.matching(company.industry)
        let venture = EntityChoice.wantsInvestors(brief.task.objectives + [brief.task.title, brief.task.description_p])
        let window = TaskWindow(brief)
        let flags = RegulationFlags.flags(industry: company.industry, profile: profile, location: location)
        let classes = TrademarkClasses.classes(industry: company.industry, profile: profile)
        let heavyData = profile.playbook.dataHeavy

        var plan = [formation(name: name, location: location, window: window, venture: venture, liability: profile.limitedLiability, timelineMonths: brief.timelineMonths)]
        plan.append(regulation(flags: flags, industry: company.industry))
        if case .unitedStates(let state, _) = location {
            plan.append(registeredAgent(state: venture ? states.state("DE") ?? state : state))
        }
        plan.append(trademark(name: name, classes: classes, location: location))
        plan.append(privacyAndTerms(name: name, heavyData: heavyData, location: location, profile: profile))
        // One person trading in their own name has no one to agree with.
        if case .covered(let pack, _, _) = location, EntityChoice.entity(in: pack, venture: venture, liability: profile.limitedLiability)?.entity.kind == "sole_trader" {
            return plan
        }
        plan.append(foundingAgreement(location: location, venture: venture))
        return plan
    }

    // MARK: - Deliverables

    private func formation(name: String, location: CompanyLocation, window: TaskWindow, venture: Bool, liability: String?, timelineMonths: Int) -> PlannedDeliverable {
        let by = window.day(at: 0.25)
        switch location {
        case .unitedStates(let state, _):
            if venture, let pack = JurisdictionPacks.standard.pack(for: "US") {
                return delawareCorporation(name: name, home: state, pack: pack, window: window, timelineMonths: timelineMonths)
            }
            let noSalesTax = JurisdictionPacks.standard.pack(for: "US")?.salesTax?.noSalesTaxSubdivisions?.contains("US-\(state.code)") == true
            var steps = [
                "1. **Check the name** \"\(name) LLC\" in the \(state.name) business entity search, and the matching domain and social handles.",
                "2. **File the \(state.form)** with the \(state.filingOfficeName): **\(pricing.money(state.filingFeeCents, in: "USD"))** state fee (online, standard speed). Target: day \(by).",
                "3. **Registered agent:** name one with a physical address in \(state.name) (yourself, or a service; see below).",
                "4. **EIN** from the IRS online, free (\(fees.ein.source)), the same day the LLC is approved.",
                "5. **Bank account** in the LLC's name with the approval and the EIN; keep business and personal money apart.",
                "6. **Beneficial ownership:** domestic US companies are currently exempt from FinCEN BOI reporting (interim final rule, March 2025); re-check before filing anything.",
                noSalesTax
                    ? "7. **State tax registrations:** \(state.name) has no statewide sales tax; open an employer withholding account with it when you hire."
                    : "7. **State tax registrations:** sales tax and employer withholding accounts with \(state.name) if you sell taxable goods or hire.",
            ]
            if let note = state.note { steps.append("8. **\(state.name) specifics:** \(note)") }
            let due = llcObligations(state: state, timelineMonths: timelineMonths)
            var body = steps.joined(separator: "\n")
            if !due.lines.isEmpty { body += "\n\n**Due inside the \(timelineMonths)-month timeline, budgeted:**\n" + due.lines.joined(separator: "\n") }
            return PlanPricing.deliverable(
                .essential, kind: "entity_formation", title: "Form \(name) as \(Self.article(before: state.name)) \(state.name) LLC",
                body: body + "\n\nFee source: \(states.citation).",
                items: [PlanPricing.item(
                    "\(state.name) \(state.form) filing fee", category: "government_fee", quantity: 1,
                    unitCents: pricing.convert(state.filingFeeCents, from: "USD"), billing: "one_time",
                    source: states.citation + pricing.conversionNote(state.filingFeeCents, from: "USD")
                )] + due.items,
                attributes: ["state": state.code, "filing_fee_cents": String(state.filingFeeCents), "entity": "LLC"]
            )
        case .covered(let pack, let subdivision, _):
            return coveredFormation(name: name, pack: pack, subdivision: subdivision, venture: venture, liability: liability, window: window, timelineMonths: timelineMonths)
        case .elsewhere:
            let countryName = location.countryName
            return PlanPricing.deliverable(
                .essential, kind: "entity_formation", title: "Form \(name) in \(countryName)",
                body: """
                    This product has no jurisdiction pack for \(countryName) yet: it covers the United States, the United Kingdom, Canada, Germany, France, Ireland and Australia. So the first step is a two-hour consultation with a local business lawyer to choose the entity and file it; nothing below assumes another country's rules.

                    1. Choose the entity (the local limited company, or trading in your own name) and check the name in the national company register.
                    2. File the formation documents and pay the registry fee (the lawyer confirms the current amount).
                    3. Register with the national tax authority, and for indirect tax (VAT, GST or the local equivalent) and as an employer where the law requires it.
                    4. Open a business bank account in the company's name.
                    """,
                items: [PlanPricing.labor("Local formation consultation", hours: 2, rate: lawyerHour, category: "legal_services")],
                attributes: ["entity": "local"]
            )
        }
    }

    private func regulation(flags: [RegulationFlag], industry: String) -> PlannedDeliverable {
        let lines = flags.isEmpty
            ? ["No industry-specific regulation stands out for \(industry); confirm local licences with the city."]
            : flags.map { "- **\($0.title):** \($0.action)" }
        return PlanPricing.deliverable(
            .essential, kind: "regulation_flags", title: "Regulation flags for \(industry)",
            body: lines.joined(separator: "\n") + "\n\nA one-hour review with a business lawyer confirms which apply before launch.",
            items: [PlanPricing.labor("Regulatory review", hours: Int32(Self.reviewHours), rate: lawyerHour, category: "legal_services")],
            attributes: ["flags": flags.map(\.topic).joined(separator: ",")]
        )
    }

    private func registeredAgent(state: StateFilingFees.State) -> PlannedDeliverable {
        let agent = fees.registeredAgentYear
        return PlanPricing.deliverable(
            .recommended, kind: "registered_agent", title: "Registered agent in \(state.name)",
            body: """
                Every company needs a registered agent with a physical address in \(state.name), available in business hours to receive legal papers. \
                You can be your own if you have such an address, but a service keeps your home address off the public record and never misses a deadline notice.
                """,
            items: [PlanPricing.fee(agent, category: "service", billing: "yearly")]
        )
    }

    private func trademark(name: String, classes: [(number: Int, covers: String)], location: CompanyLocation) -> PlannedDeliverable {
        let classList = classes.map { "class \($0.number) (\($0.covers))" }.joined(separator: ", ")
        var items = [PlanPricing.labor("Trademark clearance search and application", hours: 2, rate: lawyerHour, category: "legal_services")]
        let office: String
        switch location {
        case .unitedStates:
            office = "USPTO"
            items.append(PlanPricing.fee(fees.usptoClass, quantity: Int32(classes.count), category: "government_fee",
                                         description: "USPTO base application fee, \(classes.count) class\(classes.count == 1 ? "" : "es")"))
        case .covered(let pack, _, _):
            let covered = coveredTrademarkItems(pack: pack, classes: classes.count)
            office = covered.office
            items += covered.items
        case .elsewhere:
            // No pack for this country: the lawyer confirms the national office's fee.
            office = "national trademark office of \(location.countryName) (or WIPO's Madrid System to cover several countries; fee confirmed by the lawyer)"
        }
        return PlanPricing.deliverable(
            .recommended, kind: "trademark", title: "Trademark search and filing for \(name)",
            body: """
                1. **Clearance search** for "\(name)" and close variants in \(classList): registered and pending marks, company names, domains and app stores.
                2. **File** with the \(office) in \(classes.count == 1 ? "that class" : "those \(classes.count) classes") using the pre-approved descriptions of goods and services (free-form descriptions cost more).
                3. **Watch** for the examiner's response (usually months) and use ™ until registration, ® after.
                """,
            items: items,
            attributes: ["classes": classes.map { String($0.number) }.joined(separator: ",")]
        )
    }

    private func privacyAndTerms(name: String, heavyData: Bool, location: CompanyLocation, profile: IndustryProfile) -> PlannedDeliverable {
        let law = switch location {
        case .unitedStates(let state, _): state.code == "CA" ? "CCPA/CPRA and US state privacy laws" : "US state privacy laws (and GDPR for any EU visitors)"
        case .covered(let pack, _, _): pack.privacyMarketing.isEmpty ? "the data protection law of \(pack.name)" : pack.privacyMarketing.map(\.name).joined(separator: ", ")
        case .elsewhere: "the local data protection law"
        }
        let hours: Int32 = heavyData ? 5 : 3
        let extras = !heavyData ? ""
            : profile.playbook.privacyFirstAnalytics
            ? "\n- **Processor contracts** with every vendor that touches \(profile.playbook.neverInAnalytics), a record of processing, and a breach-response plan."
            : "\n- **Data processing agreement** for business customers, and a list of sub-processors."
        let clauses = SitePattern(profile.playbook.sitePattern).terms.map { "  - \($0)" }.joined(separator: "\n")
        return PlanPricing.deliverable(
            .recommended, kind: "privacy_terms", title: "Privacy policy and terms",
            body: """
                - **Privacy policy** under \(law): what \(name) collects, why, the lawful basis, retention, processors, and how people exercise their rights.
                - **\(profile.playbook.termsTitle)**: what is offered, payment and refunds, liability limits, governing law; the key clauses:
                \(clauses)
                - **Cookie notice** only if non-essential cookies are used (prefer cookieless analytics).\(extras)
                """,
            items: [PlanPricing.labor("Privacy policy and terms drafting", hours: hours, rate: lawyerHour, category: "legal_services")]
        )
    }

    private func foundingAgreement(location: CompanyLocation, venture: Bool) -> PlannedDeliverable {
        let (title, body) = if case .unitedStates = location, venture {
            ("Founder stock purchase agreements", "Each founder buys their shares at par with four-year vesting and a one-year cliff, assigns their inventions to the company, and files the 83(b) election within 30 days.")
        } else if case .unitedStates = location {
            ("Operating agreement", "Ownership percentages, management (member- or manager-managed), capital contributions, profit allocation, and what happens when a member leaves. Not filed with the state, but banks and investors ask for it.")
        } else {
            ("Shareholders' agreement", "Who owns what, vesting for founders, decisions that need everyone's consent, and what happens when a founder leaves.")
        }
        return PlanPricing.deliverable(
            .optional, kind: "founding_agreement", title: title, body: body,
            items: [PlanPricing.labor(title, hours: 3, rate: lawyerHour, category: "legal_services")]
        )
    }

    /// "an" before a state whose name sounds a vowel (an Oregon LLC, an Idaho LLC),
    /// else "a" (a Utah LLC: "U" sounds "you" there).
    static func article(before name: String) -> String {
        guard let first = name.first else { return "a" }
        return "AEIO".contains(first) ? "an" : "a"
    }
}
