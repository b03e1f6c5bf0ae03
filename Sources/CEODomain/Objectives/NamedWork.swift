import Foundation

/// Whether an objective names a piece of work ("Get a logo" names "Logo design"): a word
/// of four letters or more of the work's title or kind — not a generic one such as
/// "design" or "plan" — is a word of the objective, in the singular or the plural. The
/// executor offers such work first; the export and the re-plan name it when the budget
/// left it out.
public enum NamedWork {
    private static let generic: Set<String> = ["design", "plan", "setup", "brand", "with", "from", "your"]

    /// The words of one objective, read once to be asked about many pieces of work.
    public struct Objective: Sendable {
        let words: Set<String>

        public init(_ objective: String) { words = Set(DomainLexicon.words(of: objective)) }

        /// True when this objective names the work of `title` (and `kind`, for example `logo_design`).
        public func names(title: String, kind: String = "") -> Bool {
            // "_" separates words as any punctuation does: "logo_design" reads "logo design".
            let own = DomainLexicon.words(of: title + " " + kind).filter { $0.count >= 4 && !generic.contains($0) }
            return own.contains { words.contains($0) || words.contains($0 + "s") || ($0.hasSuffix("s") && words.contains(String($0.dropLast()))) }
        }
    }

    /// True when `objective` names the work of `title` (and `kind`, for example `logo_design`).
    public static func isNamed(title: String, kind: String = "", by objective: String) -> Bool {
        Objective(objective).names(title: title, kind: kind)
    }
}
