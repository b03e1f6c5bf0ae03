import Foundation

/// Whether an objective names a piece of work ("Get a logo" names "Logo design"): a word
/// of four letters or more of the work's title or kind — not a generic one such as
/// "design" or "plan" — is a word of the objective, in the singular or the plural. The
/// executor offers such work first; the export and the re-plan name it when the budget
/// left it out.
public enum NamedWork {
    private static let generic: Set<String> = ["design", "plan", "setup", "brand", "with", "from", "your"]

    /// True when `objective` names the work of `title` (and `kind`, for example `logo_design`).
    public static func isNamed(title: String, kind: String = "", by objective: String) -> Bool {
        let said = Set(DomainLexicon.words(of: objective))
        let own = DomainLexicon.words(of: title + " " + kind.replacingOccurrences(of: "_", with: " "))
            .filter { $0.count >= 4 && !generic.contains($0) }
        return own.contains { said.contains($0) || said.contains($0 + "s") || ($0.hasSuffix("s") && said.contains(String($0.dropLast()))) }
    }
}
