public import CEOAPI
import Foundation

/// Makes text safe to show as plain Markdown: no HTML, no script, no control characters.
///
/// Every deliverable passes through here whatever produced it (the playbook, or a remote
/// model that might echo a founder's `<script>` back), so that a client rendering the
/// Markdown never receives markup or a script URL from the service.
public enum PlainText {
    /// `text` without HTML tags or angle brackets, without `javascript:`, `vbscript:` or
    /// `data:` link targets, and without control characters other than newline and tab.
    public static func sanitise(_ text: String) -> String {
        // Most text has nothing to remove: one pass over its bytes tells.
        isPlain(text) ? text : sanitiseFully(text)
    }

    /// ``sanitise(_:)`` without the fast path for plain text.
    static func sanitiseFully(_ text: String) -> String {
        var result = text.replacingOccurrences(of: "\r\n", with: "\n")
        let lowered = result.lowercased()
        // Most text has nothing to remove; skip the expressions then.
        if result.contains("<") || result.contains(">") || lowered.contains("script") || lowered.contains("data") {
            for (expression, replacement) in rules {
                result = expression.stringByReplacingMatches(
                    in: result, range: NSRange(result.startIndex..., in: result), withTemplate: replacement
                )
            }
        }
        result.unicodeScalars.removeAll { scalar in
            scalar.properties.generalCategory == .control && scalar != "\n" && scalar != "\t"
        }
        return result
    }

    /// True when `text` holds nothing ``sanitise(_:)`` would change: no carriage return,
    /// no control character other than newline and tab (C0, DEL or C1), no angle bracket,
    /// and no "script" or "data" (any case) followed by a colon, with only white space
    /// between (the URL-scheme rule). The rule matches case-insensitively by Unicode
    /// folding ("ſ", long s, counts as "s") and any Unicode space counts as space, so a
    /// text with a colon and a non-ASCII letter whose case mapping holds an ASCII letter
    /// is never called plain.
    static func isPlain(_ text: String) -> Bool {
        var colon = false
        var nonASCII = false
        var previous: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case 0x0A, 0x09: break
            case 0..<0x20, 0x7F, UInt8(ascii: "<"), UInt8(ascii: ">"): return false
            case 0x80...0x9F where previous == 0xC2: return false  // U+0080–U+009F
            case UInt8(ascii: ":"): colon = true
            case 0x80...: nonASCII = true
            default: break
            }
            previous = byte
        }
        guard colon else { return true }
        guard nonASCII else { return !hasSchemeWord(Array(text.utf8)) }
        guard let folded = asciiFolded(text) else { return false }
        return !hasSchemeWord(folded)
    }

    /// `text` as bytes the scheme rule can read: ASCII as it is, any Unicode white space
    /// as a space, any other non-ASCII character as a byte no rule matches (0). Nil when
    /// a non-ASCII character's case mapping holds an ASCII letter ("ſ", "ß", "K", "ﬆ"):
    /// case-insensitive matching might read it as one.
    private static func asciiFolded(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                bytes.append(UInt8(scalar.value))
                continue
            }
            let properties = scalar.properties
            if properties.isWhitespace {
                bytes.append(UInt8(ascii: " "))
                continue
            }
            if properties.changesWhenCaseMapped,
                (properties.lowercaseMapping + properties.uppercaseMapping + properties.titlecaseMapping).unicodeScalars.contains(where: \.isASCII)
            {
                return nil
            }
            bytes.append(0)
        }
        return bytes
    }

    /// Whether "script" or "data", in any letter case, is followed by a colon after only
    /// white space (the text is ASCII, or read as ASCII by `asciiFolded`).
    private static func hasSchemeWord(_ bytes: [UInt8]) -> Bool {
        let words: [[UInt8]] = [Array("script".utf8), Array("data".utf8)]
        func lowered(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        for start in bytes.indices {
            for word in words where start + word.count <= bytes.count {
                guard (0..<word.count).allSatisfy({ lowered(bytes[start + $0]) == word[$0] }) else { continue }
                var next = start + word.count
                while next < bytes.count, bytes[next] == UInt8(ascii: " ") || bytes[next] == 0x09 || bytes[next] == 0x0A || bytes[next] == 0x0B
                    || bytes[next] == 0x0C {
                    next += 1
                }
                if next < bytes.count, bytes[next] == UInt8(ascii: ":") { return true }
            }
        }
        return false
    }

    /// In order: comments; whole tags (a "<" that starts a name, "/", "!" or "?", or a
    /// tag left open at the end); stray brackets, so "2 < 4" keeps its 4; and
    /// script-bearing URL schemes however they are spaced or cased.
    private static let rules: [(NSRegularExpression, String)] = [
        ("<!--[\\s\\S]*?(-->|$)", ""),
        ("<[A-Za-z/!?][^>]*(>|$)", ""),
        ("[<>]", ""),
        ("(?i)\\b(java\\s*script|vb\\s*script|data)\\s*:", ""),
    ].map { pattern, replacement in
        // The patterns are constants; a failure here is a programming error caught by the tests.
        (try! NSRegularExpression(pattern: pattern), replacement)
    }

    /// The deliverable with every text field sanitised.
    public static func sanitise(_ deliverable: Deliverable) -> Deliverable {
        var clean = deliverable
        clean.kind = sanitise(deliverable.kind)
        clean.title = sanitise(deliverable.title)
        clean.bodyMarkdown = sanitise(deliverable.bodyMarkdown)
        clean.attributes = Dictionary(
            deliverable.attributes.map { (sanitise($0.key), sanitise($0.value)) }, uniquingKeysWith: { first, _ in first }
        )
        clean.lineItems = deliverable.lineItems.map { item in
            var item = item
            item.description_p = sanitise(item.description_p)
            item.category = sanitise(item.category)
            item.billing = sanitise(item.billing)
            item.source = sanitise(item.source)
            return item
        }
        return clean
    }
}
