public import CEOAPI
import CEOStorage

/// Where a run stands between its phases: what its execution reads once per phase
/// instead of once per question (the run, its policy, a rejection that ends it).
public struct RunStanding: Sendable {
    /// The run with its tasks (without their results) and budget.
    public var job: Job
    /// Whether the run's approval policy can stop a task before it starts (it sets an
    /// amount above which a task waits for the owner). Without one a pending task starts.
    public var policyMayStopTasks: Bool
    /// The rejected or expired request that ends the run, when its policy ends runs on a
    /// rejection; nil otherwise.
    public var endingRejection: Approval?
}

extension JobStore {
    /// Where the run `jobID` stands (one read); nil when there is no such run.
    public func standing(_ jobID: String) async throws -> RunStanding? {
        try await database.read { db in
            guard let job = try Self.loadJob(db, id: jobID, deliverables: false, plans: self.plans) else { return nil }
            return try Self.standing(db, job: job)
        }
    }

    /// The standing of `job`, read in the caller's transaction.
    static func standing(_ db: any SQLConnection, job: Job) throws -> RunStanding {
        let policy = try policy(db, jobID: job.id)
        return RunStanding(
            job: job, policyMayStopTasks: policy?.hasAutoApproveUpToCents ?? false,
            endingRejection: try policy.flatMap { try endingRejection(db, jobID: job.id, policy: $0) }
        )
    }

    /// The first rejected or expired request of the run when `policy` ends runs on a rejection.
    static func endingRejection(_ db: any SQLConnection, jobID: String, policy: ApprovalPolicy) throws -> Approval? {
        guard policy.onRejection == .endRun,
              let id = try String.fetchOne(
                db, sql: "SELECT id FROM approvals WHERE job_id = ? AND status IN (?, ?) ORDER BY decided_at_ms LIMIT 1",
                arguments: [jobID, ApprovalStatus.rejected.rawValue, ApprovalStatus.expired.rawValue]
              )
        else { return nil }
        return try loadApproval(db, id: id)
    }
}
