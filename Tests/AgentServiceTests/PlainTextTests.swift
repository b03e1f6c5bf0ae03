@testable import AgentService
import CEOAPI
import Testing

@Suite("Plain-text guard rail")
struct PlainTextTests {
    @Test("markup and script never pass through", arguments: [
        ("<script>alert(1)</script>Acme", "alert(1)Acme"),
        ("Acme <img src=x onerror=alert(1)>Coffee", "Acme Coffee"),
        ("[click](javascript:alert(1))", "[click](alert(1))"),
        ("[x](JaVa Script:alert(1))", "[x](alert(1))"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](text/html;base64,PHNjcmlwdD4=)"),
        ("a <!-- hidden --> b", "a  b"),
        ("unclosed <iframe src=evil", "unclosed "),
        ("5 > 3 and 2 < 4", "5  3 and 2  4"),
        ("bell\u{7}and\u{0}nul", "bellandnul"),
    ])
    func sanitises(input: String, expected: String) {
        let clean = PlainText.sanitise(input)
        #expect(clean == expected)
        #expect(!clean.contains("<") && !clean.contains(">"))
        #expect(!clean.lowercased().contains("javascript:"))
    }

    @Test("ordinary Markdown is untouched")
    func keepsMarkdown() {
        let markdown = "## Plan\n\n- **Logo** brief: 3 concepts\n- Budget: $1,200 (one_time)\n\t| a | b |\n[site](https://example.com)"
        #expect(PlainText.sanitise(markdown) == markdown)
    }

    @Test("every text field of a deliverable is cleaned")
    func deliverable() {
        var deliverable = Deliverable()
        deliverable.kind = "palette"
        deliverable.title = "<b>Palette</b>"
        deliverable.bodyMarkdown = "Hi <script>x</script>"
        deliverable.attributes = ["<k>": "<v>"]
        var item = LineItem()
        item.description_p = "<i>Design</i>"
        item.source = "javascript:alert(1)"
        deliverable.lineItems = [item]
        let clean = PlainText.sanitise(deliverable)
        #expect(clean.title == "Palette")
        #expect(clean.bodyMarkdown == "Hi x")
        #expect(clean.attributes == ["": ""])
        #expect(clean.lineItems[0].description_p == "Design")
        #expect(clean.lineItems[0].source == "alert(1)")
    }
}

@Suite("Plain-text guard rail: the fast path for plain text")
struct PlainTextFastPathTests {
    /// Pieces that matter to some rule, and ordinary ones.
    static let pieces = ["<", ">", "\r", "\r\n", "\n", "\t", "\u{7F}", "\u{85}", "\u{9F}", "\u{A0}", "\u{0}", "\u{1B}", "script", "SCRIPT", "Script",
                         "data", "DaTa", ":", " ", "\u{2003}", " :", "java", "vb", "x", "é", "日本", "ſcript", "ßcript", "\u{212A}", "İ", "ı", "ﬆ", "\u{202F}", "\u{3000}", "—", "€", "ＳＣＲＩＰＴ", "!--", "-->", "a", "1", ".", "(", ")", "$", "**"]

    @Test("whenever the fast path calls a text plain, the full rules leave it unchanged (20,000 random texts)")
    func fastPathAgreesWithTheRules() {
        var generator = SystemRandomNumberGenerator()
        var plain = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            if PlainText.isPlain(text) {
                plain += 1
                #expect(PlainText.sanitiseFully(text) == text, "\(text.debugDescription)")
            }
            #expect(PlainText.sanitise(text) == PlainText.sanitiseFully(text), "\(text.debugDescription)")
        }
        #expect(plain > 1_000, "the generator should produce plain texts too")
    }

    @Test("text with a colon and ordinary non-ASCII characters (dashes, currency signs, accents) takes the fast path")
    func ordinaryNonASCIITextIsPlain() {
        #expect(PlainText.isPlain("Budget: €4,800 — logo, palette and café signage"))
        #expect(PlainText.isPlain("Zeitplan: 12 Wochen für Gärten in Zürich"))
        #expect(!PlainText.isPlain("ſcript: alert(1) — €"))
        #expect(!PlainText.isPlain("data\u{3000}: x — é"))
        #expect(PlainText.sanitise("data\u{3000}: x — é") == PlainText.sanitiseFully("data\u{3000}: x — é"))
    }
}
