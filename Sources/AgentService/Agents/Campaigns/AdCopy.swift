import CEODomain
import Foundation

/// Ad copy for one company, written from its own facts (name, city, what it does, what
/// sets it apart, its launch moment and call to action) and kept within each format's
/// character limit: a line that would be too long is never cut mid-word, it is dropped.
struct AdCopy {
    /// One written field: the format and the lines that fit it.
    struct Field {
        let format: AdFormats.Format
        let lines: [String]
    }

    let fields: [Field]

    init(name: String, city: String, topic: String, profile: IndustryProfile, pattern: SitePattern, formats: AdFormats) {
        let place = city.isEmpty ? "" : " in \(city)"
        let moment = profile.playbook.launchMoment.sentenceCased
        let action = pattern.action
        let headlines = [
            name, "\(topic.sentenceCased)\(place)", "\(action) at \(name)", "\(moment)\(place)", "\(name)\(place)",
            action, "\(name): \(profile.tagline)", profile.tagline,
        ]
        let descriptions = [
            "\(name) \(profile.benefit).",
            "We \(profile.differentiator).",
            "\(moment)\(place). \(action) today.",
            "For \(profile.audience)\(place).",
            "\(name): \(profile.tagline) \(action) today.",
        ]
        let primary = [
            "\(name) \(profile.benefit). \(action) today.",
            "\(name) \(profile.benefit).",
            "We \(profile.differentiator). \(moment)\(place): \(action.lowercased()).",
            "We \(profile.differentiator).",
        ]
        let metaHeadlines = ["\(action) at \(name)", "\(moment)\(place)", "\(name)\(place)", action]
        func fitting(_ id: String, _ candidates: [String]) -> Field {
            let format = formats[id]
            var seen = Set<String>()
            let lines = candidates.filter { $0.count <= format.maxCharacters && seen.insert($0.lowercased()).inserted }
            return Field(format: format, lines: Array(lines.prefix(format.count)))
        }
        fields = [
            fitting("google_rsa_headline", headlines), fitting("google_rsa_description", descriptions),
            fitting("meta_primary_text", primary), fitting("meta_headline", metaHeadlines),
        ]
    }

    /// The copy as a table: format, text, characters against the limit.
    var markdown: String {
        PlanPricing.table(["format", "text", "characters"], fields.flatMap { field in
            field.lines.map { [field.format.name, $0, "\($0.count)/\(field.format.maxCharacters)"] }
        }, rightAligned: [2])
    }

    /// Where the limits come from, each once.
    var limitSources: [String] {
        var seen = Set<String>()
        return fields.map { "\($0.format.source) (as of \($0.format.asOf))" }.filter { seen.insert($0).inserted }
    }
}

extension String {
    /// The text with its first letter upper-cased: "opening night" → "Opening night".
    var sentenceCased: String { prefix(1).uppercased() + dropFirst() }
}
