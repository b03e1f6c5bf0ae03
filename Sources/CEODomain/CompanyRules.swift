public import CEOAPI
import Foundation

/// The product's input rules for a company, shared by every service that accepts one.
public enum CompanyRules {
    public static let nameLength = 1...200
    public static let industryLength = 3...100
    public static let locationLength = 3...100
    /// $100–$100,000, in cents.
    public static let budgetCents: ClosedRange<Int64> = 10_000...10_000_000
    public static let timelineDays: ClosedRange<Int32> = 7...730

    /// Every rule `company` breaks, as (field, problem), fields prefixed with `prefix`
    /// (for example `company.name`).
    public static func violations(of company: Company, prefix: String = "company") -> [(field: String, description: String)] {
        var violations: [(String, String)] = []
        func count(_ text: String) -> Int { text.trimmingCharacters(in: .whitespacesAndNewlines).count }
        if !nameLength.contains(count(company.name)) { violations.append(("\(prefix).name", "must be 1–200 characters")) }
        if !industryLength.contains(count(company.industry)) { violations.append(("\(prefix).industry", "must be 3–100 characters")) }
        if !locationLength.contains(count(company.location)) { violations.append(("\(prefix).location", "must be 3–100 characters")) }
        if !budgetCents.contains(company.budgetCents) {
            violations.append(("\(prefix).budget_cents", "must be $100–$100,000 (10000–10000000 cents), got \(company.budgetCents)"))
        }
        if !timelineDays.contains(company.timelineDays) {
            violations.append(("\(prefix).timeline_days", "must be 7–730 days, got \(company.timelineDays)"))
        }
        return violations
    }
}
