import CEODomain

/// Which entity a founder should form: the form investors expect when the objectives
/// speak of raising money or giving equity; a limited company when the kind of business
/// carries claims that could reach the founder's own assets; otherwise the simplest one.
enum EntityChoice {
    /// Words of venture-track objectives ("raise a seed round", "give the first hires stock options").
    static let ventureTerms = [
        "raise", "raising", "fundraise", "fundraising", "investor", "investors", "funding round", "seed round", "seed",
        "series a", "venture capital", "vc", "angel", "angels", "equity", "stock options", "stock option", "options pool", "esop", "shares",
    ]

    /// ``ventureTerms`` as runs of words.
    static let ventureTermWords = ventureTerms.map { $0.split(separator: " ").map(String.init) }

    /// True when any of `texts` speaks of investors or equity: a term's words appear in a
    /// row among the texts' words (letters and digits; anything else separates them).
    static func wantsInvestors(_ texts: [String]) -> Bool {
        let words = texts.joined(separator: " ").lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
        return ventureTermWords.contains { words.containsRun($0) }
    }

    /// The pack's entity for these objectives and this kind of business, and why.
    static func entity(in pack: JurisdictionPack, venture: Bool, liability: String? = nil) -> (entity: JurisdictionPack.Entity, reason: String)? {
        if venture, let entity = pack.ventureEntity {
            return (entity, "the objectives speak of investors or equity, and \(entity.name) is the form investors in \(pack.name) expect")
        }
        guard let entity = pack.smallBusinessEntity else { return nil }
        if let liability, entity.kind == "sole_trader", let limited = limitedCompany(in: pack) {
            return (limited, liability)
        }
        return (entity, venture
            ? "the simplest fitting form (the pack names no investor-ready form)"
            : "nothing in the objectives calls for investors, so the simplest fitting form")
    }

    /// The pack's limited company for a business that needs one but not investors: the
    /// first limited form that is not the investor-track one, else the investor-track one.
    static func limitedCompany(in pack: JurisdictionPack) -> JurisdictionPack.Entity? {
        let limited = pack.entities.filter { ["corporation", "llc"].contains($0.kind) }
        return limited.first { !$0.ventureTrack } ?? limited.first
    }
}
