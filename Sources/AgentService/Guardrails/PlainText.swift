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
