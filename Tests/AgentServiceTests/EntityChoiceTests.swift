@testable import AgentService
import Testing

@Suite("Entity choice: reading venture objectives")
struct EntityChoiceTests {
    /// The reading before venture terms were matched as runs of words: a search of the
    /// words joined by spaces for each term between spaces.
    static func spacedReading(_ texts: [String]) -> Bool {
        let normalised = " " + texts.joined(separator: " ").lowercased().split { !($0.isLetter || $0.isNumber) }.joined(separator: " ") + " "
        return EntityChoice.ventureTerms.contains { normalised.contains(" \($0) ") }
    }

    static let pieces = ["Raise", "a", "Series-A", "series", "A", "seed", "round", "VC's", "stock", "options", "ESOP", "shares", "share",
                         "angel", "Équité", "investor-ready", "funding", "pool", "open", "a", "café", ",", ".", " ", "\n", "—", "2"]

    @Test("matching terms as runs of words reads 20,000 random objectives as the spaced search did")
    func agreesWithSpacedSearch() {
        var generator = SystemRandomNumberGenerator()
        var venture = 0
        for _ in 0..<20_000 {
            let texts = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                (0..<Int.random(in: 0...6, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined(separator: " ")
            }
            let expected = Self.spacedReading(texts)
            if expected { venture += 1 }
            #expect(EntityChoice.wantsInvestors(texts) == expected, "\(texts)")
        }
        #expect(venture > 1_000 && venture < 19_000, "the generator should produce both kinds")
    }

    @Test("investor words anywhere, hyphenated or not; none in a plain objective")
    func examples() {
        #expect(EntityChoice.wantsInvestors(["Raise a Series-A round"]))
        #expect(EntityChoice.wantsInvestors(["Set up an", "ESOP for the first hires"]))
        #expect(!EntityChoice.wantsInvestors(["Open a second café", "Hire a pastry chef"]))
        #expect(!EntityChoice.wantsInvestors([]))
    }
}
