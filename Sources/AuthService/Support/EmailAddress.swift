import Foundation

/// An email address as accounts are keyed: trimmed and lower-cased.
struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    let value: String

    /// Normalises without judging (for looking up a login).
    init(normalising raw: String) {
        value = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    var description: String { value }

    /// What is wrong with the address, or nil when it is usable for a new account.
    var problem: String? {
        if value.isEmpty { return "is required" }
        if value.utf8.count > 254 { return "must be at most 254 characters" }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else {
            return "must look like name@example.com"
        }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else {
            return "must have a domain such as example.com"
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.!#$%&'*+/=?^_`{|}~-@")
        guard value.allSatisfy({ allowed.contains($0) }) else {
            return "contains a character that is not allowed (spaces, quotes, commas, non-ASCII)"
        }
        return nil
    }
}
