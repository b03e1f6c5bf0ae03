import CEOAPI
import CEODomain
import CEORPC
import Foundation
import HTTPTypes
import Hummingbird

/// The owner's governance of spend: the approval policy, approval requests and their
/// decisions, a run's budget, and what was actually paid. Amounts in requests are in
/// the run's currency units (like the plan's `budget`); answers carry `*_cents`.
struct GovernanceRoutes {
    let backends: EdgeBackends
    let maximumBodyBytes: Int

    struct Approvals: Encodable {
        var success = true
        var approvals: [GovernanceJSON.ApprovalJSON]
        var nextPageToken: String

        enum CodingKeys: String, CodingKey {
            case success, approvals, nextPageToken = "next_page_token"
        }
    }

    struct OneApproval: Encodable {
        var success = true
        var approval: GovernanceJSON.ApprovalJSON
    }

    struct Policy: Encodable {
        var success = true
        var policy: GovernanceJSON.PolicyJSON
    }

    /// The request fields the API names differently from the RPC's.
    static let apiFields = [
        "raise_cents": "raise", "raise_budget_cents": "raise_budget", "total_cents": "total", "amount_minor": "amount",
        "auto_approve_up_to_cents": "auto_approve_up_to",
    ]

    func register(on router: Router<EdgeRequestContext>, guards: RouteGuards) {
        let routes = guards.routes(on: router, .signedIn, rateLimit: \.general)

        routes.get("/api/approval-policy") { request, context in
            var get = GetApprovalPolicyRequest()
            get.apiKeyID = request.uri.queryParameters["api_key_id"].map(String.init) ?? ""
            let policy = try await Self.call { try await backends.orchestrator.unary(OrchestratorRPC.getApprovalPolicy, get, options: context.callOptions()) }
            return try JSONResponse.make(.ok, Policy(policy: GovernanceJSON.PolicyJSON(policy)))
        }

        routes.put("/api/approval-policy") { request, context in
            var fields = JSONFields(try await JSONRequest.object(request, limit: maximumBodyBytes))
            let apiKeyID = fields.string("api_key_id", required: false)
            let currency = fields.string("currency", required: false)
            let upTo = fields.object["auto_approve_up_to"] is NSNull ? nil : fields.number("auto_approve_up_to", required: false)
            let expiry = fields.integer("expire_after_seconds", required: false)
            let onRejection = fields.string("on_rejection", required: false)
            var policy = ApprovalPolicy()
            if let onRejection {
                if let parsed = RejectionPolicy(apiName: onRejection) { policy.onRejection = parsed } else { fields.problem("on_rejection", "must be 'continue' or 'end_run'") }
            }
            try fields.validate()
            policy.apiKeyID = apiKeyID ?? ""
            policy.currency = currency ?? ""
            if let upTo {
                policy.autoApproveUpToCents = try CFORoutes.cents(dollars: upTo, currency: currency ?? "USD", field: "auto_approve_up_to") { currency in
                    "must be 0 or more, in \(currency)"
                }
            }
            if let expiry { policy.expireAfterSeconds = Int64(expiry) }
            let stored = try await Self.call { try await backends.orchestrator.unary(OrchestratorRPC.setApprovalPolicy, policy, options: context.callOptions()) }
            return try JSONResponse.make(.ok, Policy(policy: GovernanceJSON.PolicyJSON(stored)))
        }

        routes.get("/api/approvals") { request, context in
            var list = ListApprovalsRequest()
            list.page = try PageQuery.from(request)
            let query = request.uri.queryParameters
            if let job = query["job_id"] { list.jobID = String(job) }
            if let status = query["status"] {
                guard let parsed = ApprovalStatus(apiName: String(status)) else {
                    var error = EdgeError(.invalidRequest, "status must be one of \(ApprovalStatus.lifecycle.map(\.apiName).joined(separator: ", "))")
                    error.details = [ErrorBody.Detail(field: "status", message: "one of \(ApprovalStatus.lifecycle.map(\.apiName).joined(separator: ", "))")]
                    throw error
                }
                list.status = parsed
            }
            let page = try await Self.call { try await backends.orchestrator.unary(OrchestratorRPC.listApprovals, list, options: context.callOptions()) }
            return try JSONResponse.make(.ok, Approvals(approvals: page.approvals.map(GovernanceJSON.ApprovalJSON.init), nextPageToken: page.nextPageToken))
        }

        routes.post("/api/approvals/{id}/decision") { request, context in
            let id = try context.parameters.require("id")
            let decide = try await Self.decision(id: id, from: JSONRequest.object(request, limit: maximumBodyBytes), backends: backends, options: context.callOptions())
            let approval = try await Self.call { try await backends.orchestrator.unary(OrchestratorRPC.decideApproval, decide, options: context.callOptions()) }
            return try JSONResponse.make(.ok, OneApproval(approval: GovernanceJSON.ApprovalJSON(approval)))
        }

        routes.get("/api/orchestrations/{id}/budget") { _, context in
            var get = GetBudgetRequest()
            get.jobID = try context.parameters.require("id")
            let ledger = try await Self.call { try await backends.orchestrator.unary(OrchestratorRPC.getBudget, get, options: context.callOptions()) }
            return try JSONResponse.make(.ok, GovernanceJSON.LedgerJSON(ledger))
        }

        routes.put("/api/orchestrations/{id}/budget") { request, context in
            let jobID = try context.parameters.require("id")
            var fields = JSONFields(try await JSONRequest.object(request, limit: maximumBodyBytes))
            let total = fields.number("total")
            let note = fields.string("note", required: false)
            try fields.validate()
            let currency = try await Self.runCurrency(jobID, backends: backends, context: context)
            var change = ChangeBudgetRequest()
            change.jobID = jobID
            change.totalCents = try CFORoutes.cents(dollars: total ?? 0, currency: currency, field: "total") { currency in "must be a budget in \(currency)" }
            change.note = note ?? ""
            let ledger = try await Self.call { try await backends.orchestrator.unary(OrchestratorRPC.changeBudget, change, options: context.callOptions()) }
            return try JSONResponse.make(.ok, GovernanceJSON.LedgerJSON(ledger))
        }

        routes.post("/api/orchestrations/{id}/actuals") { request, context in
            let jobID = try context.parameters.require("id")
            var fields = JSONFields(try await JSONRequest.object(request, limit: maximumBodyBytes))
            let taskID = fields.string("task_id", required: false)
            let amount = fields.number("amount")
            let currency = fields.string("currency", required: false)
            let rate = fields.object["rate"].map { $0 as? String ?? ($0 as? NSNumber).map { "\($0)" } ?? "" }
            let paidOn = fields.string("paid_on")
            let vendor = fields.string("vendor", required: false)
            let note = fields.string("note", required: false)
            try fields.validate()
            let runCurrency = try await Self.runCurrency(jobID, backends: backends, context: context)
            var record = RecordActualRequest()
            record.jobID = jobID
            record.taskID = taskID ?? ""
            record.currency = currency ?? ""
            record.amountMinor = try CFORoutes.cents(dollars: amount ?? 0, currency: currency ?? runCurrency, field: "amount") { currency in
                "must be more than 0, in \(currency)"
            }
            record.rate = rate ?? ""
            record.paidOn = paidOn ?? ""
            record.vendor = vendor ?? ""
            record.note = note ?? ""
            let ledger = try await Self.call { try await backends.orchestrator.unary(OrchestratorRPC.recordActual, record, options: context.callOptions()) }
            return try JSONResponse.make(.created, GovernanceJSON.LedgerJSON(ledger))
        }
    }

    /// A decision from `{decision, raise?, raise_budget?, note?}` (amounts in the run's currency units).
    static func decision(id: String, from object: [String: Any], backends: EdgeBackends, options: CallOptions) async throws -> DecideApprovalRequest {
        var fields = JSONFields(object)
        let decision = fields.string("decision")
        let raise = fields.number("raise", required: false)
        let raiseBudget = fields.number("raise_budget", required: false)
        let note = fields.string("note", required: false)
        var decide = DecideApprovalRequest()
        decide.approvalID = id
        if let decision {
            if let parsed = ApprovalDecision.byAPIName[decision] { decide.decision = parsed } else { fields.problem("decision", "must be 'approve', 'reject' or 'raise'") }
        }
        if decide.decision == .raise, raise == nil { fields.problem("raise", "is required for a raise: by how much to raise the task's allocation") }
        if decide.decision != .raise, raise != nil || raiseBudget != nil { fields.problem("raise", "only with the decision 'raise'") }
        try fields.validate()
        decide.note = note ?? ""
        if decide.decision == .raise {
            let currency = try await approvalCurrency(id, backends: backends, options: options)
            decide.raiseCents = try CFORoutes.cents(dollars: raise ?? 0, currency: currency, field: "raise") { "must be more than 0, in \($0)" }
            decide.raiseBudgetCents = try CFORoutes.cents(dollars: raiseBudget ?? 0, currency: currency, field: "raise_budget") { "must be 0 or more, in \($0)" }
        }
        return decide
    }

    /// The currency of a run the caller may see (404 otherwise).
    static func runCurrency(_ jobID: String, backends: EdgeBackends, context: EdgeRequestContext) async throws -> String {
        var get = GetBudgetRequest()
        get.jobID = jobID
        return try await call { try await backends.orchestrator.unary(OrchestratorRPC.getBudget, get, options: context.callOptions()) }.currency
    }

    /// The currency of one of the caller's approval requests (404 for another's).
    static func approvalCurrency(_ id: String, backends: EdgeBackends, options: CallOptions) async throws -> String {
        var list = ListApprovalsRequest()
        list.approvalID = id
        let page = try await backends.orchestrator.unary(OrchestratorRPC.listApprovals, list, options: options)
        guard let approval = page.approvals.first else { throw EdgeError(.notFound, "no approval request \(id)") }
        return approval.currency
    }

    /// The orchestrator's answer, its field names renamed to the API's.
    static func call<Response>(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as RPCError where error.code == .invalidArgument || error.code == .failedPrecondition {
            var edgeError = EdgeError(error)
            let renamed = error.details.map { ErrorBody.Detail(field: apiFields[$0.field] ?? $0.field, message: $0.description) }
            if !renamed.isEmpty { edgeError.details = renamed }
            var message = error.message
            for (rpc, api) in apiFields { message = message.replacingOccurrences(of: rpc, with: api) }
            edgeError.message = message
            throw edgeError
        }
    }
}
