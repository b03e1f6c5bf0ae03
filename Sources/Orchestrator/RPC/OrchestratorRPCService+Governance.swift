import CEOAPI
import CEOAuthTokens
import CEODomain
import CEORPC
import Foundation

/// The owner's governance of spend: approval policies, decisions on approval requests,
/// budget changes and actuals.
extension OrchestratorRPCService {
    func registerGovernanceMethods(with router: inout RPCRouter) {
        router.register(OrchestratorRPC.getApprovalPolicy) { [store] request, context in
            let principal = try context.authPrincipal
            if let policy = try await store.approvalPolicy(owner: principal.userID, apiKeyID: request.apiKeyID) { return policy }
            var none = ApprovalPolicy()
            none.apiKeyID = request.apiKeyID
            none.currency = PlanningRates.defaultCurrency
            return none
        }
        router.register(OrchestratorRPC.setApprovalPolicy) { [store] request, context in
            let principal = try context.authPrincipal
            guard principal.apiKeyID == nil else {
                throw RPCError(.permissionDenied, "approval policies are set from a signed-in session, not with an API key")
            }
            return try await store.setApprovalPolicy(try ApprovalPolicyInput.validated(request), owner: principal.userID)
        }
        router.register(OrchestratorRPC.listApprovals) { [store] request, context in
            let principal = try context.authPrincipal
            if !request.jobID.isEmpty { _ = try await Self.ownedJob(request.jobID, principal, store, deliverables: false) }
            let page = try await store.approvals(
                owner: principal.isAdmin ? nil : principal.userID, jobID: request.jobID.isEmpty ? nil : request.jobID,
                status: request.hasStatus ? request.status : nil, approvalID: request.approvalID.isEmpty ? nil : request.approvalID, page: request.page
            )
            var response = ListApprovalsResponse()
            response.approvals = page.approvals
            response.nextPageToken = page.nextPageToken
            return response
        }
        router.register(OrchestratorRPC.decideApproval) { [store] request, context in
            let principal = try context.authPrincipal
            guard !request.approvalID.isEmpty else {
                throw RPCError(.invalidArgument, "approval_id is required", details: [FieldViolation(field: "approval_id", description: "is required")])
            }
            return try await store.decide(request, by: principal.userID)
        }
        router.register(OrchestratorRPC.changeBudget) { [store] request, context in
            let principal = try context.authPrincipal
            let job = try await Self.ownedOwnJob(request.jobID, principal, store)
            return try await store.changeBudget(job.id, totalCents: request.totalCents, note: request.note, by: principal.userID)
        }
        router.register(OrchestratorRPC.recordActual) { [store] request, context in
            let principal = try context.authPrincipal
            let job = try await Self.ownedOwnJob(request.jobID, principal, store)
            if !request.taskID.isEmpty, !job.tasks.contains(where: { $0.taskID == request.taskID }) {
                throw RPCError(.invalidArgument, "task_id: the run has no task \(request.taskID)", details: [FieldViolation(field: "task_id", description: "not a task of the run")])
            }
            let actual = try ActualInput.validated(request, runCurrency: job.plan.company.moneyCurrency, today: Date())
            return try await store.recordActual(job.id, actual, by: principal.userID)
        }
    }

    /// The run, when the caller owns it: its money is the owner's to change (admins see
    /// every run but change only their own). NOT_FOUND otherwise.
    static func ownedOwnJob(_ id: String, _ principal: AuthPrincipal, _ store: JobStore) async throws -> Job {
        let job = try await ownedJob(id, principal, store, deliverables: false)
        guard job.ownerUserID == principal.userID else { throw RPCError(.notFound, "no run \(id)") }
        return job
    }
}
