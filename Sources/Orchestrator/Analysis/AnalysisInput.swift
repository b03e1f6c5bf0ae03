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
        var violations = CompanyRules.violations(of: company).map { FieldViolation(field: $0.field, description: $0.description) }
        if !Self.objectiveCount.contains(objectives.count) {
            violations.append(FieldViolation(field: "objectives", description: "must list 1–20 objectives, got \(objectives.count)"))
        }
        for (index, objective) in objectives.enumerated().prefix(20) {
            let length = objective.trimmingCharacters(in: .whitespacesAndNewlines).count
            if !Self.objectiveLength.contains(length) {
                violations.append(FieldViolation(field: "objectives[\(index)]", description: "must be 3–500 characters, got \(length)"))
            }
        }
        let reserve = reservePercent.map(Int.init) ?? Self.defaultReservePercent
        if !Self.reservePercentRange.contains(reserve) {
            violations.append(FieldViolation(field: "reserve_percent", description: "must be 0–50, got \(reserve)"))
        }
        guard violations.isEmpty else {
            throw RPCError(
                .invalidArgument,
                "invalid plan request: " + violations.map { "\($0.field): \($0.description)" }.joined(separator: "; "),
                details: violations
            )
        }
        var normalised = company
        normalised.name = company.name.trimmingCharacters(in: .whitespacesAndNewlines)
        normalised.industry = company.industry.trimmingCharacters(in: .whitespacesAndNewlines)
        normalised.location = company.location.trimmingCharacters(in: .whitespacesAndNewlines)
        self.company = normalised
        self.objectives = objectives.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        self.reservePercent = reserve
    }
}
