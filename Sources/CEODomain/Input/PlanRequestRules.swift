public import CEOAPI

/// The rules of a plan request (a company and its objectives), declared once. The
/// Orchestrator validates with them, the edge builds its OpenAPI document and field
/// names from them, and the web app checks its form against them (served by
/// `GET /api/catalog`).
public enum PlanRequestRules {
    public static let companyName = InputRule(rpcField: "company.name", apiField: "company_name", label: "company name", bounds: .text(1...200))
    public static let industry = InputRule(rpcField: "company.industry", apiField: "industry", label: "industry", example: "specialty coffee", bounds: .text(3...100))
    public static let location = InputRule(rpcField: "company.location", apiField: "location", label: "location", example: "Austin, TX", bounds: .text(3...100))
    /// $100–$100,000 in US dollars; the same at the planning rate in another currency (see ``budgetRange(in:)``).
    public static let budget = InputRule(rpcField: "company.budget_cents", apiField: "budget", label: "budget", bounds: .money(cents: 10_000...10_000_000))
    public static let timeline = InputRule(rpcField: "company.timeline_days", apiField: "timeline", label: "timeline", unit: "days", bounds: .integer(7...730))
    /// Up to 20; none asks for a complete launch plan on assumed objectives (`assumed_launch_plan` in `objectives.json`).
    public static let objectives = InputRule(rpcField: "objectives", apiField: "objectives", label: "objectives",
                                             bounds: .textList(count: 0...20, itemLength: 3...500), required: false)
    public static let reservePercent = InputRule(rpcField: "reserve_percent", apiField: "reserve_percent", label: "reserve", bounds: .integer(0...50), required: false)

    /// The company's rules, in the form's order.
    public static let company: [InputRule] = [companyName, industry, location, budget, timeline]
    /// Every rule of an analyze or start request, in the form's order.
    public static let all: [InputRule] = company + [currency, country, objectives, reservePercent]

    /// The contingency reserve when a request names none.
    public static let defaultReservePercent = 10

    /// Every rule `company` breaks, as (field, problem), with the RPC's field names.
    public static func violations(of company: Company) -> [(field: String, description: String)] {
        var violations: [(String, String)] = []
        for (rule, text) in [(companyName, company.name), (industry, company.industry), (location, company.location)] {
            if let problem = rule.problem(text: text) { violations.append((rule.rpcField, problem)) }
        }
        let currency = company.currency.isEmpty ? PlanningRates.defaultCurrency : company.currency
        if let problem = Self.currency.problem(choice: currency) {
            violations.append((Self.currency.rpcField, problem))
        } else if let problem = budgetProblem(company.budgetCents, currency: currency) {
            violations.append((budget.rpcField, problem))
        }
        if let problem = timeline.problem(number: Int64(company.timelineDays)) { violations.append((timeline.rpcField, problem)) }
        return violations
    }

    /// The public API's name of an RPC field (`company.budget_cents` → `budget`); other names unchanged.
    public static func apiField(for rpcField: String) -> String {
        if let rule = all.first(where: { $0.rpcField == rpcField }) { return rule.apiField }
        // objectives[3] keeps its index.
        if let bracket = rpcField.firstIndex(of: "["), let rule = all.first(where: { $0.rpcField == rpcField[..<bracket] }) {
            return rule.apiField + rpcField[bracket...]
        }
        return rpcField
    }
}
