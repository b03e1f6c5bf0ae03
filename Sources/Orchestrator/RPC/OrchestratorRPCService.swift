import CEOAPI
public import CEOAuthTokens
import CEODomain
public import CEORPC
import Foundation

/// `ceo.orchestrator.v1.Orchestrator` over the internal RPC. Only the edge may call
/// (the proto's `allowed_callers`); every call also carries the user's access token,
/// verified with the scope the proto's `required_scope` names before a handler runs
/// (``AccessTokenAuthorizer``). The handlers decide per run: users see, watch and
/// cancel only their own runs, admins all.
public struct OrchestratorRPCService: RPCService {
    let store: JobStore
    let engine: OrchestrationEngine
    /// Where webhooks may point (strict in the production profile).
    let webhookPolicy: WebhookURLPolicy
    public let authorizer: (any RPCCallAuthorizer)?

    public init(store: JobStore, engine: OrchestrationEngine, verifier: AccessTokenVerifier, webhookPolicy: WebhookURLPolicy = WebhookURLPolicy(strict: false)) {
        self.store = store
        self.engine = engine
        self.webhookPolicy = webhookPolicy
        self.authorizer = AccessTokenAuthorizer(verifier: verifier)
    }

    public func registerMethods(with router: inout RPCRouter) {
        registerGovernanceMethods(with: &router)
        registerWebhookMethods(with: &router)
        router.register(OrchestratorRPC.analyze) { request, _ in
            let input = try AnalysisInput(company: request.company, objectives: request.objectives, reservePercent: request.hasReservePercent ? request.reservePercent : nil)
            var response = AnalyzeResponse()
            response.plan = PlanAnalyzer.analyze(input)
            return response
        }
        router.register(OrchestratorRPC.approvePlan) { [store] request, context in
            let principal = try context.authPrincipal
            let input = try AnalysisInput(company: request.company, objectives: request.objectives, reservePercent: request.hasReservePercent ? request.reservePercent : nil)
            let plan = try PlanAdjuster.adjusted(input, request.adjustments)
            return try await store.approvePlan(plan, owner: principal.userID)
        }
        router.register(OrchestratorRPC.startOrchestration) { [store, engine] request, context in
            let principal = try context.authPrincipal
            if request.idempotencyKey.count > 200 {
                throw RPCError(.invalidArgument, "idempotency_key: at most 200 characters", details: [FieldViolation(field: "idempotency_key", description: "at most 200 characters")])
            }
            // An approved plan version runs as it was approved; otherwise the request is analyzed.
            let plan: Plan
            if request.planID.isEmpty {
                plan = PlanAnalyzer.analyze(
                    try AnalysisInput(company: request.company, objectives: request.objectives, reservePercent: request.hasReservePercent ? request.reservePercent : nil)
                )
            } else {
                guard let approved = try await store.planVersion(request.planID), approved.ownerUserID == principal.userID else {
                    throw RPCError(.notFound, "no approved plan \(request.planID)", details: [FieldViolation(field: "plan_id", description: "not an approved plan of yours")])
                }
                plan = approved.plan
            }
            guard !plan.tasks.isEmpty else {
                if plan.uncoveredObjectives.contains(where: { $0.leftOutAgent != .unspecified }) {
                    throw RPCError(.failedPrecondition, "the budget funds no agent's minimum: analyze the plan for a do-it-yourself step per objective, or raise the budget")
                }
                throw RPCError(.failedPrecondition, "no objective maps to an agent's work: " + plan.unrecognizedObjectives.joined(separator: "; "))
            }
            // The policy of the API key that starts the run, else the user's, in the run's currency.
            var policy: ApprovalPolicy?
            if let key = principal.apiKeyID { policy = try await store.approvalPolicy(owner: principal.userID, apiKeyID: key) }
            if policy == nil { policy = try await store.approvalPolicy(owner: principal.userID, apiKeyID: "") }
            let (job, created) = try await store.create(
                owner: principal.userID, plan: plan, idempotencyKey: request.idempotencyKey,
                policy: ApprovalPolicyInput.forRun(policy, currency: plan.company.moneyCurrency), planVersionID: request.planID.isEmpty ? nil : request.planID,
                lease: engine.leaseForCreatedRuns
            )
            // A new run is stored holding this replica's lease; one started before (the
            // same idempotency key) runs wherever its lease is.
            if created {
                await engine.startCreated(job.id)
            } else if job.finishedAtUnixMs == 0 {
                await engine.start(job.id)
            }
            return job
        }
        router.register(OrchestratorRPC.getJob) { [store] request, context in
            let principal = try context.authPrincipal
            return try await Self.ownedJob(request.jobID, principal, store)
        }
        router.register(OrchestratorRPC.listJobs) { [store] request, context in
            let principal = try context.authPrincipal
            let page = try await store.list(
                owner: principal.isAdmin ? nil : principal.userID, status: request.hasStatus ? request.status : nil, page: request.page
            )
            var response = ListJobsResponse()
            response.jobs = page.jobs
            response.nextPageToken = page.nextPageToken
            return response
        }
        router.register(OrchestratorRPC.cancelJob) { [store, engine] request, context in
            let principal = try context.authPrincipal
            let job = try await Self.ownedJob(request.jobID, principal, store, deliverables: false)
            let reason = request.reason.isEmpty ? "cancelled by the user" : String(request.reason.prefix(500))
            _ = try await engine.cancel(job.id, reason: reason)
            return try await Self.ownedJob(job.id, principal, store)
        }
        router.register(OrchestratorRPC.watchJob) { [store] request, writer, context in
            let principal = try context.authPrincipal
            let job = try await Self.ownedJob(request.jobID, principal, store, deliverables: false)
            guard request.afterSeq >= 0 else {
                throw RPCError(.invalidArgument, "after_seq must be 0 or more", details: [FieldViolation(field: "after_seq", description: "must be 0 or more")])
            }
            try await JobWatcher(store: store).watch(job.id, after: request.afterSeq) { event in try await writer.send(event) }
        }
        router.register(OrchestratorRPC.getBudget) { [store] request, context in
            let principal = try context.authPrincipal
            let job = try await Self.ownedJob(request.jobID, principal, store, deliverables: false)
            guard let ledger = try await store.ledger(jobID: job.id) else { throw RPCError(.notFound, "no run \(request.jobID)") }
            return ledger
        }
        router.register(OrchestratorRPC.executeAgent) { [store, engine] request, context in
            let principal = try context.authPrincipal
            try principal.requireAdmin()
            let plan = try SingleAgentPlan.plan(for: request)
            let job = try await store.create(owner: principal.userID, plan: plan, idempotencyKey: nil, lease: engine.leaseForCreatedRuns).job
            await engine.startCreated(job.id)
            await engine.waitUntilFinished(job.id)
            var response = ExecuteAgentResponse()
            response.job = try await Self.ownedJob(job.id, principal, store)
            return response
        }
    }

    /// The run, when the caller owns it or is an admin; NOT_FOUND otherwise, so that
    /// other users' run ids reveal nothing.
    static func ownedJob(_ id: String, _ principal: AuthPrincipal, _ store: JobStore, deliverables: Bool = true) async throws -> Job {
        guard !id.isEmpty else {
            throw RPCError(.invalidArgument, "job_id is required", details: [FieldViolation(field: "job_id", description: "is required")])
        }
        guard let job = try await store.job(id, deliverables: deliverables), job.ownerUserID == principal.userID || principal.isAdmin else {
            throw RPCError(.notFound, "no run \(id)")
        }
        return job
    }
}

