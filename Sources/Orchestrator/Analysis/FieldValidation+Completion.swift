import CEOAPI
import CEODomain
import CEORPC

extension FieldValidation {
    /// `company` with its location read into `country_code` and `subdivision_code` and its
    /// currency named, once every other rule holds; a location that names no country, or
    /// several places, is recorded as the problem of its field.
    mutating func completing(_ company: Company) -> Company {
        guard violations.isEmpty else { return company }
        switch PlanRequestRules.completing(company) {
        case .success(let located): return located
        case .failure(let problem):
            fail(problem.field, problem.description)
            return company
        }
    }
}
