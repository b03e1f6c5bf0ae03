import CEOAPI
import CEODomain
import Testing

@Suite("The plan request's input rules, declared once")
struct PlanRequestRulesTests {
    @Test("a valid company breaks no rule")
    func valid() {
        var company = Company()
        company.name = "Ledgerly"
        company.industry = "fintech"
        company.location = "Austin, TX"
        company.budgetCents = 2_500_000
        company.timelineDays = 90
        #expect(PlanRequestRules.violations(of: company).isEmpty)
    }

    @Test("every broken rule is named with the RPC's field and the bounds")
    func broken() {
        var company = Company()
        company.name = "  "
        company.industry = "ai"
        company.location = String(repeating: "x", count: 101)
        company.budgetCents = 5_000
        company.timelineDays = 731
        let violations = PlanRequestRules.violations(of: company)
        #expect(violations.map(\.field) == ["company.name", "company.industry", "company.location", "company.budget_cents", "company.timeline_days"])
        #expect(violations[0].description == "must be 1–200 characters")
        #expect(violations[3].description == "must be $100–$100,000 (10000–10000000 cents), got $50.00 (5000 cents)")
        #expect(violations[4].description == "must be 7–730 days, got 731")
    }

    @Test("objectives: how many, and each one's length")
    func objectives() {
        // None asks for a complete launch plan on assumed objectives; more than 20 is refused.
        #expect(PlanRequestRules.objectives.problems(list: []).isEmpty && !PlanRequestRules.objectives.required)
        #expect(PlanRequestRules.objectives.problems(list: Array(repeating: "Launch a website", count: 21)).map(\.description) == ["must list 0–20 objectives, got 21"])
        let problems = PlanRequestRules.objectives.problems(list: ["ok!", "no"])
        #expect(problems.map(\.field) == ["objectives[1]"] && problems[0].description == "must be 3–500 characters, got 2")
        #expect(PlanRequestRules.reservePercent.problem(number: 51) == "must be 0–50, got 51")
        #expect(PlanRequestRules.timeline.problem(number: Int64.max) != nil)
    }

    @Test("the API's field names come from the same rules")
    func apiFields() {
        #expect(PlanRequestRules.apiField(for: "company.budget_cents") == "budget")
        #expect(PlanRequestRules.apiField(for: "company.timeline_days") == "timeline")
        #expect(PlanRequestRules.apiField(for: "objectives[3]") == "objectives[3]")
        #expect(PlanRequestRules.apiField(for: "idempotency_key") == "idempotency_key")
    }
}
