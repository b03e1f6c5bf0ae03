@testable import CEODomain
import Testing

@Suite("Reading words: the ASCII path and phrase runs agree with the character-by-character reading")
struct WordReadingTests {
    static let pieces = ["Logo", "SEO-", "-ads", "E-Mail", "--", "-", "2026", "b2b", "café", "Straße", "\r\n", "\t", " ", ", ", "(new)", "R&D",
                         "logo_design", "x", "A", "Z", "a", "z", "0", "9", "@", "[", "`", "{", "—", "!", "..."]

    @Test("ASCII text reads the same words byte by byte as by Unicode characters (20,000 random texts)")
    func asciiPathAgrees() {
        var generator = SystemRandomNumberGenerator()
        var ascii = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...10, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            if text.utf8.allSatisfy({ $0 < 0x80 }) {
                ascii += 1
                #expect(DomainLexicon.asciiWords(of: text) == DomainLexicon.wordsByCharacter(of: text), "\(text.debugDescription)")
            }
            #expect(DomainLexicon.words(of: text) == DomainLexicon.wordsByCharacter(of: text), "\(text.debugDescription)")
        }
        #expect(ascii > 1_000, "the generator should produce ASCII texts")
    }

    @Test("a run of words matches exactly where ' run ' is found in the words joined by spaces (20,000 random cases)")
    func runsAgreeWithSpacedSearch() {
        let vocabulary = ["find", "a", "second", "site", "raise", "seed", "round", "", "rent"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let words = (0..<Int.random(in: 0...7, using: &generator)).map { _ in vocabulary.dropLast(2).randomElement(using: &generator)! }
            let run = (0..<Int.random(in: 0...3, using: &generator)).map { _ in vocabulary.randomElement(using: &generator)! }
            let phrase = run.joined(separator: " ")
            let spaced = " " + words.joined(separator: " ") + " "
            let expected = !phrase.isEmpty && spaced.contains(" \(phrase) ")
            #expect(words.containsRun(phrase.phraseWords) == expected, "\(words) \(phrase.debugDescription)")
        }
    }

    @Test("an objective names work by a word of its title or kind, whatever the case or underscores")
    func namedWork() {
        let objective = NamedWork.Objective("Get a LOGO and business cards")
        #expect(objective.names(title: "Logo design"))
        #expect(objective.names(title: "Print files", kind: "business_card"))
        #expect(!objective.names(title: "Brand guidelines", kind: "brand_design"))
        #expect(NamedWork.isNamed(title: "Landing pages", by: "Build a landing page"))
    }
}
