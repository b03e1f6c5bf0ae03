import Foundation

/// The rules a new password must follow. Each broken rule is reported by name.
public struct PasswordPolicy: Sendable {
    public var minimumLength: Int
    public var maximumLength: Int

    public init(minimumLength: Int = 12, maximumLength: Int = 256) {
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
    }

    /// The rules `password` breaks (empty when it is acceptable), given the
    /// account's email so that the password cannot simply repeat it.
    public func violations(of password: String, email: String = "") -> [String] {
        var problems: [String] = []
        let length = password.count
        if length < minimumLength {
            problems.append("must be at least \(minimumLength) characters (rule: min_length), got \(length)")
        }
        if length > maximumLength {
            problems.append("must be at most \(maximumLength) characters (rule: max_length), got \(length)")
        }
        let folded = password.lowercased()
        if CommonPasswords.contains(folded) {
            problems.append("is one of the most common passwords (rule: not_common); choose another")
        } else if Set(folded).count <= 2 {
            problems.append("repeats one or two characters (rule: not_common); choose another")
        }
        let localPart = email.lowercased().split(separator: "@").first.map(String.init) ?? ""
        if localPart.count >= 4, folded.contains(localPart) || folded == email.lowercased() {
            problems.append("must not contain the email address (rule: not_email)")
        }
        return problems
    }
}
