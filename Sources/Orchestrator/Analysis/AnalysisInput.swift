public import CEOAPI
import CEODomain
import CEORPC
import Foundation

/// A validated Analyze or StartOrchestration request.
public struct AnalysisInput: Sendable, Hashable {
    public var company: Company
    public var objectives: [String]
    public var reservePercent: Int

    /// The default contingency reserve.
    public static let defaultReservePercent = 10
    public static let reservePercentRange = 0...50
    public static let objectiveCount = 1...20
    public static let objectiveLength = 3...500

    public init(company: Company, objectives: [String], reservePercent: Int32?) throws {
        var validation = FieldValidation()
        for violation in CompanyRules.violations(of: company) { validation.fail(violation.field, violation.description) }
        if !Self.objectiveCount.contains(objectives.count) {
            validation.fail("objectives", "must list 1–20 objectives, got \(objectives.count)")
        }
        for (index, objective) in objectives.enumerated().prefix(20) {
            let length = objective.trimmingCharacters(in: .whitespacesAndNewlines).count
            if !Self.objectiveLength.contains(length) {
                validation.fail("objectives[\(index)]", "must be 3–500 characters, got \(length)")
            }
        }
        let reserve = reservePercent.map(Int.init) ?? Self.defaultReservePercent
        if !Self.reservePercentRange.contains(reserve) {
            validation.fail("reserve_percent", "must be 0–50, got \(reserve)")
        }
        try validation.check("invalid plan request")
        var normalised = company
        normalised.name = company.name.trimmingCharacters(in: .whitespacesAndNewlines)
        normalised.industry = company.industry.trimmingCharacters(in: .whitespacesAndNewlines)
        normalised.location = company.location.trimmingCharacters(in: .whitespacesAndNewlines)
        self.company = normalised
        self.objectives = objectives.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        self.reservePercent = reserve
    }
}
