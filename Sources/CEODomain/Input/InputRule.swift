import Foundation

/// One rule of a request field, declared once: the Orchestrator's validation, the
/// edge's OpenAPI document, its field names and the web app's checks all read it.
public struct InputRule: Sendable, Hashable {
    /// What the field holds and its bounds.
    public enum Bounds: Sendable, Hashable {
        /// Text whose trimmed length is in the range (characters).
        case text(ClosedRange<Int>)
        /// Money: integer cents on the wire, major units (dollars) in the public API.
        case money(cents: ClosedRange<Int64>)
        /// A whole number.
        case integer(ClosedRange<Int>)
        /// A list of texts: how many, and each one's trimmed length.
        case textList(count: ClosedRange<Int>, itemLength: ClosedRange<Int>)
        /// One of the listed codes, exactly.
        case choice([String])
    }

    /// The field as the internal RPC names it: `company.budget_cents`.
    public let rpcField: String
    /// The field as the public API names it: `budget`.
    public let apiField: String
    /// What people call it, for messages: `company name`.
    public let label: String
    /// The unit of an integer field, for messages: `days`.
    public let unit: String?
    /// An example value people recognise, for messages: `Austin, TX`.
    public let example: String?
    public let bounds: Bounds
    /// Whether a request may leave it out.
    public let required: Bool

    public init(rpcField: String, apiField: String, label: String, unit: String? = nil, example: String? = nil, bounds: Bounds, required: Bool = true) {
        self.rpcField = rpcField
        self.apiField = apiField
        self.label = label
        self.unit = unit
        self.example = example
        self.bounds = bounds
        self.required = required
    }

    /// What the rule asks, as the server's messages say it: `must be 3–100 characters`.
    public var requirement: String {
        switch bounds {
        case .text(let range): "must be \(range.lowerBound)–\(range.upperBound) characters"
        case .money(let cents):
            "must be \(Money.dollars(cents.lowerBound, whole: true))–\(Money.dollars(cents.upperBound, whole: true)) "
                + "(\(cents.lowerBound)–\(cents.upperBound) cents)"
        case .integer(let range): "must be \(range.lowerBound)–\(range.upperBound)\(unit.map { " \($0)" } ?? "")"
        case .textList(let count, _): "must list \(count.lowerBound)–\(count.upperBound) \(label)"
        case .choice(let codes): "must be one of \(codes.joined(separator: ", "))"
        }
    }

    /// The problem with `code` against a choice rule, or nil when it holds.
    public func problem(choice code: String) -> String? {
        guard case .choice(let codes) = bounds else { return nil }
        return codes.contains(code) ? nil : "\(requirement), got '\(code)'"
    }

    /// The problem with `text` against a text rule, or nil when it holds.
    public func problem(text: String) -> String? {
        guard case .text(let range) = bounds else { return nil }
        if let control = Self.controlCharacter(in: text) { return control }
        return range.contains(Self.length(text)) ? nil : requirement
    }

    /// "must not contain control characters, got U+0000 at character 6" when `text` holds
    /// one (these fields are one line: no tab or newline either), else nil.
    public static func controlCharacter(in text: String) -> String? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where scalar.properties.generalCategory == .control {
            return "must not contain control characters, got U+\(String(format: "%04X", scalar.value)) at character \(offset + 1)"
        }
        return nil
    }

    /// The problem with `value` against a money or integer rule, or nil when it holds.
    public func problem(number value: Int64) -> String? {
        switch bounds {
        case .money(let cents): cents.contains(value) ? nil : "\(requirement), got \(Money.dollars(value)) (\(value) cents)"
        case .integer(let range): range.contains(Int(clamping: value)) && Int64(Int(clamping: value)) == value ? nil : "\(requirement), got \(value)"
        case .text, .textList, .choice: nil
        }
    }

    /// The problems with a list of texts, as (field, problem): the count, then each
    /// item (the first `count.upperBound` items only).
    public func problems(list: [String]) -> [(field: String, description: String)] {
        guard case .textList(let count, let itemLength) = bounds else { return [] }
        var problems: [(String, String)] = []
        if !count.contains(list.count) { problems.append((rpcField, "\(requirement), got \(list.count)")) }
        for (index, item) in list.enumerated().prefix(count.upperBound) {
            if let control = Self.controlCharacter(in: item) {
                problems.append(("\(rpcField)[\(index)]", control))
            } else if !itemLength.contains(Self.length(item)) {
                problems.append(("\(rpcField)[\(index)]", "must be \(itemLength.lowerBound)–\(itemLength.upperBound) characters, got \(Self.length(item))"))
            }
        }
        return problems
    }

    /// The length a rule counts: characters after trimming white space.
    public static func length(_ text: String) -> Int { text.trimmingCharacters(in: .whitespacesAndNewlines).count }
}
