public import CEOAPI
import Foundation
import CEODomain

/// Branding: positioning, name and tagline directions, a WCAG-checked palette, a type
/// pairing and a logo brief, with the design work priced at a cited hourly rate.
public struct BrandingAgent: Agent {
    private let reference: ReferenceData
    /// A designer's billable hour: the US rate until ``plan(for:)`` prices the agent for a company.
    private var designerHour: ReferenceData.Figure

    public init(reference: ReferenceData) throws {
        self.reference = reference
        designerHour = try reference.laborRate("graphic_designer_hour")
    }

    public var info: AgentInfo {
        .describing(
            .branding,
            capabilities: [
                ("positioning", "A positioning statement for the company's audience and market"),
                ("naming", "Three name and tagline directions"),
                ("color_palette", "A palette fitted to the industry, every text/background pair checked against WCAG 2.x"),
                ("typography", "A heading/body type pairing from open-licence fonts"),
                ("logo_brief", "A logo brief, and priced logo design"),
                ("brand_guidelines", "A one-page brand guideline and a social media kit, when the budget allows"),
            ],
            minimumBudgetCents: Self.essentialHours * designerHour.unitCostCents
        )
    }

    /// Hours of the essential deliverables (positioning, palette, logo brief).
    static let essentialHours: Int64 = 5

    public func plan(for brief: AgentBrief) throws -> [PlannedDeliverable] {
        var agent = self
        agent.designerHour = try LocalPricing(for: brief, reference: reference).hour("graphic_designer_hour")
        return agent.playbook(for: brief)
    }

    private func playbook(for brief: AgentBrief) -> [PlannedDeliverable] {
        let company = brief.company
        let profile = IndustryProfile.matching(company.industry)
        let name = company.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let city = company.location.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? company.location
        let window = TaskWindow(start: Int(brief.task.startDay), end: Int(brief.task.endDay))
        let palette = BrandPalette(hue: profile.hue)

        return [
            planned(.essential, kind: "positioning", title: "Positioning statement", hours: 2, work: "Positioning workshop and statement", body: """
                **For** \(profile.audience) in \(city) who \(profile.need), **\(name)** is the \(company.industry) business that \(profile.benefit). \
                **Unlike** \(profile.alternative), we \(profile.differentiator).

                Brand personality: \(profile.personality.joined(separator: ", ")).

                Objectives this serves: \(brief.task.objectives.isEmpty ? "the launch" : brief.task.objectives.joined(separator: "; ")).
                """),
            planned(.essential, kind: "palette", title: "Colour palette", hours: 2, work: "Palette design and accessibility check", body: paletteBody(palette, profile: profile),
                    attributes: paletteAttributes(palette)),
            planned(.essential, kind: "logo_brief", title: "Logo brief", hours: 1, work: "Logo brief", body: """
                - **Name in the mark:** \(name)
                - **Personality:** \(profile.personality.joined(separator: ", "))
                - **Must work at:** 16 px favicon, 40 px app/social avatar, signage and print
                - **Versions:** full-colour on the background, one-colour (text colour), reversed on the dark surface
                - **Colours:** primary \(palette.colours[0].color.hex) with text colour \(palette.colours[3].color.hex)
                - **Avoid:** clichés of \(company.industry) imagery, thin strokes that vanish at small sizes, more than two colours
                - **Schedule:** concepts by day \(window.day(at: 0.4)), final files by day \(window.end)
                """),
            planned(.recommended, kind: "naming", title: "Name and tagline directions", hours: 2, work: "Naming and tagline exploration", body: namingBody(name: name, city: city, profile: profile)),
            planned(.recommended, kind: "typography", title: "Type pairing", hours: 1, work: "Type pairing and scale", body: """
                - **Headings:** \(profile.headingFont)
                - **Body:** \(profile.bodyFont)
                - **Why:** \(profile.typeRationale).
                - **Scale:** 16 px body, line height 1.5; headings 1.25× steps (20, 25, 31, 39 px).
                - **Licence:** both are open-licence fonts (SIL Open Font License) from Google Fonts: no licence cost; self-host the files.
                """, attributes: ["heading_font": profile.headingFont, "body_font": profile.bodyFont]),
            planned(.recommended, kind: "logo_design", title: "Logo design", hours: 12, work: "Logo design: 3 concepts, 2 revision rounds, final files", body: """
                Three concepts from the brief, two rounds of revisions on the chosen one, and final files (SVG, PNG at 1×/2×, favicon set, one-colour and reversed versions).
                Days \(window.start)–\(window.day(at: 0.4)): concepts. Days \(window.day(at: 0.4))–\(window.day(at: 0.8)): revisions. By day \(window.end): final files.
                """),
            planned(.optional, kind: "brand_guidelines", title: "Brand guidelines", hours: 6, work: "One-page brand guidelines", body: """
                One page that keeps every later deliverable on brand: logo use and clear space, the palette with its contrast rules, type scale, tone of voice (\(profile.personality.joined(separator: ", "))), and do/don't examples.
                """),
            planned(.optional, kind: "social_kit", title: "Social media kit", hours: 4, work: "Social media templates", body: """
                Profile images and cover art for the main networks, and six post templates (announcement, product, quote, event, offer, behind the scenes) in the palette and type pairing.
                """),
        ]
    }

    private func planned(
        _ priority: WorkPriority, kind: String, title: String, hours: Int32, work: String, body: String,
        attributes: [String: String] = [:]
    ) -> PlannedDeliverable {
        PlanPricing.deliverable(
            priority, kind: kind, title: title, body: body,
            items: [PlanPricing.labor(work, hours: hours, rate: designerHour, category: "design")], attributes: attributes
        )
    }

    private func paletteBody(_ palette: BrandPalette, profile: IndustryProfile) -> String {
        var lines = ["Base hue \(Int(profile.hue))° (\(profile.key.replacingOccurrences(of: "_", with: " "))). Every pair below meets its WCAG 2.x level.", ""]
        lines.append("| role | colour |")
        lines.append("|---|---|")
        for (role, color) in palette.colours { lines.append("| \(role.replacingOccurrences(of: "_", with: " ")) | \(color.hex) |") }
        lines += ["", "| use | foreground | background | contrast | required |", "|---|---|---|---:|---|"]
        for pair in palette.pairs {
            lines.append("| \(pair.use) | \(pair.foreground) | \(pair.background) | \(String(format: "%.2f", pair.ratio)):1 | \(pair.required.label) |")
        }
        return lines.joined(separator: "\n")
    }

    private func paletteAttributes(_ palette: BrandPalette) -> [String: String] {
        var attributes: [String: String] = [:]
        for (role, color) in palette.colours { attributes[role] = color.hex }
        for pair in palette.pairs {
            attributes["contrast: \(pair.use)"] = String(format: "%.2f", pair.ratio)
        }
        return attributes
    }

    private func namingBody(name: String, city: String, profile: IndustryProfile) -> String {
        let traits = profile.personality.map { $0.prefix(1).uppercased() + $0.dropFirst() }
        let descriptive = name.lowercased().contains(profile.descriptor.lowercased()) ? name : "\(name) \(profile.descriptor)"
        return """
            1. **Keep the name — \(name).** Tagline: *\(traits[0]). \(traits[1]). \(name).* Short, ownable; lean on the visual identity.
            2. **Descriptive — \(descriptive).** Tagline: *\(profile.tagline)* Says what you do; easier to find in search and maps.
            3. **Local — \(name) \(city).** Tagline: *\(city)'s \(profile.personality[0]) \(profile.descriptor.lowercased()).* Roots the brand where you start; revisit if you expand.

            Before committing: check the name with a trademark search (the legal agent prices it) and the matching domain and social handles.
            """
    }
}
