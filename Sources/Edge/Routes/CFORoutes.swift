import CEOAPI
import CEODomain
import CEORPC
import Foundation
import Hummingbird

/// `POST /api/cfo/analyze`: company and objectives in the seed's shape → the plan.
struct CFORoutes {
    let backends: EdgeBackends
    let maximumBodyBytes: Int

    struct AnalyzeResponseJSON: Encodable {
        var success = true
        var plan: PlanJSON
        var tasks: [PlanJSON.TaskJSON]
    }

    /// An approved plan version: what `POST /api/orchestrations` with its `plan_id` runs.
    struct ApprovedPlanJSON: Encodable {
        var success = true
        var planID: String
        var version: Int32
        var approvedAt: Int64
        var plan: PlanJSON

        enum CodingKeys: String, CodingKey {
            case success, version, plan, planID = "plan_id", approvedAt = "approved_at_unix_ms"
        }
    }

    func register(on router: Router<EdgeRequestContext>, guards: RouteGuards) {
        guards.routes(on: router, .signedIn, rateLimit: \.analyze).post("/api/cfo/analyze") { request, context in
            let request = try await Self.analyzeRequest(from: JSONRequest.object(request, limit: maximumBodyBytes))
            let plan: Plan
            do {
                plan = try await backends.orchestrator.unary(OrchestratorRPC.analyze, request, options: context.callOptions()).plan
            } catch let error as RPCError where error.code == .invalidArgument {
                throw Self.renamed(error)
            }
            let json = PlanJSON(plan)
            return try JSONResponse.make(.ok, AnalyzeResponseJSON(plan: json, tasks: json.tasks))
        }
        guards.routes(on: router, .signedIn, rateLimit: \.analyze).post("/api/cfo/plans") { request, context in
            let object = try await JSONRequest.object(request, limit: maximumBodyBytes)
            let analyze = try Self.analyzeRequest(from: object)
            var approve = ApprovePlanRequest()
            approve.company = analyze.company
            approve.objectives = analyze.objectives
            if analyze.hasReservePercent { approve.reservePercent = analyze.reservePercent }
            approve.adjustments = try Self.adjustments(from: object["adjustments"], currency: analyze.company.moneyCurrency)
            let approved: PlanVersion
            do {
                approved = try await backends.orchestrator.unary(OrchestratorRPC.approvePlan, approve, options: context.callOptions())
            } catch let error as RPCError where error.code == .invalidArgument {
                // The adjustments' field names as the API writes them.
                var renamed = Self.renamed(error)
                renamed.details = renamed.details?.map { ErrorBody.Detail(field: $0.field == "adjustments.task_budget_cents" ? "adjustments.task_budgets" : $0.field, message: $0.message) }
                renamed.message = renamed.message.replacingOccurrences(of: "adjustments.task_budget_cents", with: "adjustments.task_budgets")
                throw renamed
            }
            return try JSONResponse.make(.created, ApprovedPlanJSON(planID: approved.id, version: approved.version, approvedAt: approved.approvedAtUnixMs, plan: PlanJSON(approved.plan)))
        }
    }

    /// Reads `{drop_agents?: [name], add_agents?: [name], task_budgets?: {task_id: amount}, reserve_percent?}`
    /// (amounts in the plan's currency units).
    static func adjustments(from value: Any?, currency: String, catalog: AgentCatalog = .standard) throws -> PlanAdjustments {
        var adjustments = PlanAdjustments()
        guard let value, !(value is NSNull) else { return adjustments }
        guard let object = value as? [String: Any] else {
            var error = EdgeError(.invalidRequest, "invalid request: adjustments must be an object")
            error.details = [ErrorBody.Detail(field: "adjustments", message: "must be an object")]
            throw error
        }
        var fields = JSONFields(object)
        let drop = fields.strings("drop_agents", required: false) ?? []
        let add = fields.strings("add_agents", required: false) ?? []
        let reserve = fields.integer("reserve_percent", required: false)
        for (field, names) in [("adjustments.drop_agents", drop), ("adjustments.add_agents", add)] {
            for name in names where catalog.profile(named: name) == nil {
                fields.problem(field, "unknown agent '\(name)': one of \(catalog.machineNameList)")
            }
        }
        var budgets: [String: Int64] = [:]
        if let raw = object["task_budgets"], !(raw is NSNull) {
            if let map = raw as? [String: Any] {
                for (task, amount) in map {
                    if let number = amount as? NSNumber, !JSONFields.isBoolean(number), number.doubleValue.isFinite {
                        budgets[task] = try CFORoutes.cents(dollars: number.doubleValue, currency: currency, field: "adjustments.task_budgets") { "must be an amount in \($0)" }
                    } else {
                        fields.problem("adjustments.task_budgets", "\(task): must be a number")
                    }
                }
            } else {
                fields.problem("adjustments.task_budgets", "must be an object of task id → amount")
            }
        }
        try fields.validate()
        adjustments.dropAgents = drop.compactMap { catalog.profile(named: $0)?.type }
        adjustments.addAgents = add.compactMap { catalog.profile(named: $0)?.type }
        adjustments.taskBudgetCents = budgets
        if let reserve { adjustments.reservePercent = Int32(clamping: reserve) }
        return adjustments
    }

    /// Reads `{company_name, industry, location, country?, currency?, budget, timeline, objectives, reserve_percent?}`;
    /// wrong types are named here, value rules by the orchestrator.
    static func analyzeRequest(from object: [String: Any]) throws -> AnalyzeRequest {
        var fields = JSONFields(object)
        let name = fields.string("company_name")
        let industry = fields.string("industry")
        let location = fields.string("location")
        let country = fields.string("country", required: false)
        let currency = fields.string("currency", required: false)
        let budget = fields.number("budget")
        let timeline = fields.integer("timeline")
        let objectives = fields.strings("objectives", required: false)
        let reserve = fields.integer("reserve_percent", required: false)
        try fields.validate()
        var request = AnalyzeRequest()
        request.company.name = name ?? ""
        request.company.industry = industry ?? ""
        request.company.location = location ?? ""
        request.company.countryCode = country ?? ""
        request.company.currency = currency ?? ""
        request.company.budgetCents = try cents(dollars: budget ?? 0, currency: currency ?? PlanningRates.defaultCurrency) {
            PlanRequestRules.budgetRequirement(in: PlanningRates.standard.currencies.contains($0) ? $0 : PlanningRates.defaultCurrency)
        }
        request.company.timelineDays = Int32(clamping: timeline ?? 0)
        request.objectives = objectives ?? []
        if let reserve { request.reservePercent = Int32(clamping: reserve) }
        return request
    }

    /// Major units (dollars, pounds, euros) to hundredths; a value no budget could be (one
    /// no Int64 holds, such as 2^63 or 10^29) is a 400 naming `field` with its rule, rather
    /// than a trap on the conversion or a number the message cannot show.
    static func cents(dollars: Double, currency: String, field: String = "budget", requirement: (String) -> String) throws -> Int64 {
        let cents = (dollars * 100).rounded()
        guard cents.isFinite, abs(cents) < 9e17 else {
            let message = "\(requirement(currency)), got a number too large to be an amount"
            var error = EdgeError(.invalidRequest, "invalid request: \(field) \(message)")
            error.details = [ErrorBody.Detail(field: field, message: message)]
            throw error
        }
        return Int64(cents)
    }

    /// An INVALID_ARGUMENT from the orchestrator, with the API's field names.
    static func renamed(_ error: RPCError) -> EdgeError {
        var details = error.details.map { violation in
            // A one-agent run's task budget is the request's `budget`.
            ErrorBody.Detail(field: violation.field == "budget_cents" ? "budget" : PlanRequestRules.apiField(for: violation.field), message: violation.description)
        }
        if details.isEmpty { details = [ErrorBody.Detail(field: "request", message: error.message)] }
        var edgeError = EdgeError(.invalidRequest, "invalid request: " + details.map { "\($0.field) \($0.message)" }.joined(separator: "; "))
        edgeError.details = details
        return edgeError
    }
}
