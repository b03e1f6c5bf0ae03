import CEOAPI
import CEOAuthTokens
import CEODomain
import CEORPC
import HTTPTypes
import Hummingbird

/// Runs: start (202, `Idempotency-Key` honoured), list (newest first, paged), get, cancel;
/// and `POST /api/agent/execute/{agent_type}` (admins), one agent through the ledger.
struct OrchestrationRoutes {
    let backends: EdgeBackends
    let maximumBodyBytes: Int
    let catalog: AgentCatalog

    struct Started: Encodable {
        var success = true
        var jobID: String
        var status: String
        var job: JobJSON

        enum CodingKeys: String, CodingKey {
            case success, status, job, jobID = "job_id"
        }
    }

    struct OneJob: Encodable {
        var success = true
        var job: JobJSON
    }

    struct Jobs: Encodable {
        var success = true
        var jobs: [JobJSON]
        var nextPageToken: String

        enum CodingKeys: String, CodingKey {
            case success, jobs, nextPageToken = "next_page_token"
        }
    }

    /// Reads `{task_description, budget, company_info?}` for one agent — or the original
    /// app's `{task, company_info}` — with the company in the analyze shape (`company_info`,
    /// or at the top level) and the task standing in for the objectives that shape needs.
    /// Without a `budget`, the task gets the agent's share of the company's budget by its
    /// planning weight, at least its minimum, at most the whole budget. Wrong types are
    /// named here, value rules by the orchestrator.
    static func executeAgentRequest(agent: AgentType, from object: [String: Any], catalog: AgentCatalog = .standard) throws -> ExecuteAgentRequest {
        var fields = JSONFields(object)
        let companyObject = fields.object["company_info"] as? [String: Any] ?? fields.object
        let task = fields.object["task_description"] == nil && fields.object["task"] != nil ? fields.string("task") : fields.string("task_description")
        let budget = fields.number("budget", required: false)
        try fields.validate()
        let company = try CFORoutes.analyzeRequest(from: companyObject.merging(["objectives": [task ?? "task"]]) { current, _ in current }).company
        var execute = ExecuteAgentRequest()
        execute.agent = agent
        execute.company = company
        execute.taskDescription = task ?? ""
        if let budget {
            execute.budgetCents = try CFORoutes.cents(dollars: budget, currency: company.moneyCurrency) { currency in
                "must be more than 0 and at most the company's budget, in \(currency)"
            }
        } else if let profile = catalog.profile(of: agent) {
            let weights = catalog.agents.reduce(0) { $0 + $1.planning.weight }
            let share = Int64((Double(company.budgetCents) * profile.planning.weight / max(weights, 0.0001)).rounded(.down))
            execute.budgetCents = min(company.budgetCents, max(share, profile.planning.minimum(in: company.moneyCurrency)))
        }
        return execute
    }

    /// A file to download, never cached.
    static func attachment(_ text: String, type: String, fileName: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "attachment; filename=\"\(fileName)\""
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The run with its ledger and its approval requests (every page).
    static func runWithSpend(_ id: String, backends: EdgeBackends, context: EdgeRequestContext) async throws -> (Job, BudgetLedger, [Approval]) {
        var getJob = GetJobRequest()
        getJob.jobID = id
        let job = try await backends.orchestrator.unary(OrchestratorRPC.getJob, getJob, options: context.callOptions())
        var get = GetBudgetRequest()
        get.jobID = job.id
        let ledger = try await backends.orchestrator.unary(OrchestratorRPC.getBudget, get, options: context.callOptions())
        var list = ListApprovalsRequest()
        list.jobID = job.id
        list.page.pageSize = 100
        var approvals: [Approval] = []
        repeat {
            let page = try await backends.orchestrator.unary(OrchestratorRPC.listApprovals, list, options: context.callOptions())
            approvals += page.approvals
            list.page.pageToken = page.nextPageToken
        } while !list.page.pageToken.isEmpty
        return (job, ledger, approvals)
    }

    func register(on router: Router<EdgeRequestContext>, guards: RouteGuards) {
        let runs = guards.routes(on: router, .signedIn, rateLimit: \.general)
        let agentExecute = guards.routes(on: router, .signedIn, rateLimit: \.agentExecute)
        runs.post("/api/orchestrations") { request, context in
            let object = try await JSONRequest.object(request, limit: maximumBodyBytes)
            let key = request.headers[.idempotencyKey] ?? ""
            guard key.count <= 200 else {
                throw EdgeError(.invalidRequest, "Idempotency-Key: at most 200 characters")
            }
            var start = StartOrchestrationRequest()
            // `{plan_id}` runs an approved plan version as it is; otherwise the body is analyzed.
            if let planID = object["plan_id"] as? String, !planID.isEmpty {
                start.planID = planID
            } else {
                let analyze = try CFORoutes.analyzeRequest(from: object)
                start.company = analyze.company
                start.objectives = analyze.objectives
                if analyze.hasReservePercent { start.reservePercent = analyze.reservePercent }
            }
            start.idempotencyKey = key
            let job: Job
            do {
                job = try await backends.orchestrator.unary(OrchestratorRPC.startOrchestration, start, options: context.callOptions())
            } catch let error as RPCError where error.code == .invalidArgument {
                throw CFORoutes.renamed(error)
            }
            var headers: HTTPFields = [:]
            headers[.location] = "/api/orchestrations/\(job.id)"
            return try JSONResponse.make(.accepted, Started(jobID: job.id, status: job.status.apiName, job: JobJSON(job)), headers: headers)
        }

        runs.get("/api/orchestrations") { request, context in
            var list = ListJobsRequest()
            list.page = try PageQuery.from(request)
            let query = request.uri.queryParameters
            if let status = query["status"] {
                guard let value = JobStatus(apiName: String(status)) else {
                    throw EdgeError(.invalidRequest, "status must be one of \(JobStatus.lifecycle.map(\.apiName).joined(separator: ", "))")
                }
                list.status = value
            }
            let page = try await backends.orchestrator.unary(OrchestratorRPC.listJobs, list, options: context.callOptions())
            return try JSONResponse.make(.ok, Jobs(jobs: page.jobs.map(JobJSON.init), nextPageToken: page.nextPageToken))
        }

        runs.get("/api/orchestrations/{id}") { _, context in
            var get = GetJobRequest()
            get.jobID = try context.parameters.require("id")
            let job = try await backends.orchestrator.unary(OrchestratorRPC.getJob, get, options: context.callOptions())
            return try JSONResponse.make(.ok, OneJob(job: JobJSON(job)))
        }

        runs.get("/api/orchestrations/{id}/export") { _, context in
            let (job, ledger, approvals) = try await Self.runWithSpend(try context.parameters.require("id"), backends: backends, context: context)
            let document = RunMarkdown.document(job, spend: SpendReport.markdown(job, ledger: ledger, approvals: approvals))
            return Self.attachment(document, type: "text/markdown; charset=utf-8", fileName: RunMarkdown.fileName(job))
        }

        runs.get("/api/orchestrations/{id}/budget.csv") { _, context in
            let (job, ledger, _) = try await Self.runWithSpend(try context.parameters.require("id"), backends: backends, context: context)
            return Self.attachment(SpendReport.csv(job, ledger: ledger), type: "text/csv; charset=utf-8; header=present", fileName: SpendReport.csvFileName(job))
        }

        runs.post("/api/orchestrations/{id}/cancel") { _, context in
            var cancel = CancelJobRequest()
            cancel.jobID = try context.parameters.require("id")
            let job = try await backends.orchestrator.unary(OrchestratorRPC.cancelJob, cancel, options: context.callOptions(timeout: .seconds(60)))
            return try JSONResponse.make(.ok, OneJob(job: JobJSON(job)))
        }

        agentExecute.post("/api/agent/execute/{agent_type}") { request, context in
            try context.requireAdmin("running one agent directly is for admins")
            let name = try context.parameters.require("agent_type")
            guard let agent = catalog.profile(named: name)?.type else {
                var error = EdgeError(.notFound, "no agent '\(name)'; the agents are \(catalog.machineNameList)")
                error.details = [ErrorBody.Detail(field: "agent_type", message: "unknown agent")]
                throw error
            }
            let execute = try await Self.executeAgentRequest(agent: agent, from: JSONRequest.object(request, limit: maximumBodyBytes))
            let response: ExecuteAgentResponse
            do {
                response = try await backends.orchestrator.unary(OrchestratorRPC.executeAgent, execute, options: context.callOptions(timeout: .seconds(120)))
            } catch let error as RPCError where error.code == .invalidArgument {
                throw CFORoutes.renamed(error)
            }
            return try JSONResponse.make(.ok, OneJob(job: JobJSON(response.job)))
        }
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
}
