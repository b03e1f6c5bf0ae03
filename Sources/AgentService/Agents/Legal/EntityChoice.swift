import CEODomain

/// Which entity a founder should form: the form investors expect when the objectives
/// speak of raising money or giving equity, otherwise the simplest fitting one.
enum EntityChoice {
    /// Words of venture-track objectives ("raise a seed round", "give the first hires stock options").
    static let ventureTerms = [
        "raise", "raising", "fundraise", "fundraising", "investor", "investors", "funding round", "seed round", "seed",
        "series a", "venture capital", "vc", "angel", "angels", "equity", "stock options", "stock option", "options pool", "esop", "shares",
    ]

    /// True when any of `texts` speaks of investors or equity.
    static func wantsInvestors(_ texts: [String]) -> Bool {
        let normalised = " " + texts.joined(separator: " ").lowercased().split { !($0.isLetter || $0.isNumber) }.joined(separator: " ") + " "
        return ventureTerms.contains { normalised.contains(" \($0) ") }
    }

    /// The pack's entity for these objectives, and why.
    static func entity(in pack: JurisdictionPack, venture: Bool) -> (entity: JurisdictionPack.Entity, reason: String)? {
        if venture, let entity = pack.ventureEntity {
            return (entity, "the objectives speak of investors or equity, and \(entity.name) is the form investors in \(pack.name) expect")
        }
        guard let entity = pack.smallBusinessEntity else { return nil }
        return (entity, venture
            ? "the simplest fitting form (the pack names no investor-ready form)"
            : "nothing in the objectives calls for investors, so the simplest fitting form")
    }
}
