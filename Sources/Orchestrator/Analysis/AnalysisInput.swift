public import CEOAPI
import CEODomain
import CEORPC
import Foundation

/// A validated Analyze or StartOrchestration request.
public struct AnalysisInput: Sendable, Hashable {
    public var company: Company
    public var objectives: [String]
    public var reservePercent: Int
    /// True when the request gave no objectives and the plan assumes a complete launch.
    public var assumedObjectives: Bool

    public init(company: Company, objectives: [String], reservePercent: Int32?) throws {
        var validation = FieldValidation()
        for violation in PlanRequestRules.violations(of: company) { validation.fail(violation.field, violation.description) }
        for violation in PlanRequestRules.objectives.problems(list: objectives) { validation.fail(violation.field, violation.description) }
        let reserve = reservePercent.map(Int.init) ?? PlanRequestRules.defaultReservePercent
        if let problem = PlanRequestRules.reservePercent.problem(number: Int64(reserve)) {
            validation.fail(PlanRequestRules.reservePercent.rpcField, problem)
        }
        // The location is read once, here; agents get its country and subdivision.
        var normalised = validation.completing(company)
        try validation.check("invalid plan request")
        normalised.name = company.name.trimmingCharacters(in: .whitespacesAndNewlines)
        normalised.industry = company.industry.trimmingCharacters(in: .whitespacesAndNewlines)
        normalised.location = company.location.trimmingCharacters(in: .whitespacesAndNewlines)
        self.company = normalised
        self.objectives = objectives.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        assumedObjectives = objectives.isEmpty
        if assumedObjectives { self.objectives = ObjectiveVocabulary.standard.assumedLaunchPlan }
        self.reservePercent = reserve
    }
}
