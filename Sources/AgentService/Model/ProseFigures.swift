import Foundation

/// The amounts of money in a text, checked against the figures of a plan: a model's prose
/// may restate a line item's price or total, a deliverable's sum or the task budget (exact,
/// or rounded to whole units as the playbook writes them), but a number of its own is
/// not a figure of the plan and is refused.
struct ProseFigures {
    /// Minor units a text may name.
    let allowed: Set<Int64>

    init(allowed: some Sequence<Int64>) {
        var whole = Set<Int64>()
        for cents in allowed {
            whole.insert(cents)
            whole.insert((cents + 50) / 100 * 100)
        }
        self.allowed = whole
    }

    /// `$1,234.50`, `€90`, `£1.2k`, `CA$5,000`, `1,500 EUR`, `300 dollars`: each amount's
    /// text and its value in minor units.
    static func amounts(in text: String) -> [(text: String, cents: Int64)] {
        let number = #"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?:\s?([kKmM])\b)?"#
        let patterns = [
            #"(?:US\$|CA\$|C\$|A\$|AU\$|\$|€|£)\s?"# + number,
            number + #"\s?(?:USD|EUR|GBP|CAD|AUD|dollars?|euros?|pounds?)\b"#,
        ]
        var found: [(String, Int64)] = []
        var taken: [Range<String.Index>] = []
        for pattern in patterns {
            guard let expression = try? NSRegularExpression(pattern: pattern) else { continue }
            let range = NSRange(text.startIndex..., in: text)
            for match in expression.matches(in: text, range: range) {
                guard let whole = Range(match.range, in: text), !taken.contains(where: { $0.overlaps(whole) }),
                      let integerRange = Range(match.range(at: 1), in: text) else { continue }
                taken.append(whole)
                let integer = Int64(text[integerRange].replacingOccurrences(of: ",", with: "")) ?? 0
                let fraction = Range(match.range(at: 2), in: text).map { String(text[$0]) } ?? ""
                var cents = integer * 100 + (fraction.isEmpty ? 0 : Int64(fraction.count == 1 ? fraction + "0" : fraction) ?? 0)
                switch Range(match.range(at: 3), in: text).map({ text[$0].lowercased() }) {
                case "k": cents *= 1_000
                case "m": cents *= 1_000_000
                default: break
                }
                found.append((String(text[whole]), cents))
            }
        }
        return found
    }

    /// The amounts in `text` that are not figures of the plan.
    func unknown(in text: String) -> [String] {
        Self.amounts(in: text).filter { amount in
            !allowed.contains(amount.cents) && !allowed.contains((amount.cents + 50) / 100 * 100)
        }.map(\.text)
    }
}
