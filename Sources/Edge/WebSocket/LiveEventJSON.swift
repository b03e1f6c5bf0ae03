import CEOAPI
import CEODomain
import Foundation

/// The messages the WebSocket sends, as Encodable values:
/// `{"event": NAME, "seq": N, "job_id": ..., "at_unix_ms": ..., "data": {...}}`, errors
/// `{"event": "error", "data": {"error", "message", "details"?}}` and `{"event": "pong"}`.
/// Deliverables and budgets share their JSON with the REST API's ``JobJSON``.
enum LiveEventJSON {
    /// One message on the socket.
    struct Message: Encodable, Sendable {
        var event: String
        var seq: Int64?
        var jobID: String?
        var atUnixMs: Int64?
        var data: Payload?

        enum CodingKeys: String, CodingKey {
            case event, seq, data, jobID = "job_id", atUnixMs = "at_unix_ms"
        }
    }

    /// A message's `data`: named fields, or a budget's fields at the top level.
    enum Payload: Encodable, Sendable {
        case fields(Fields)
        case budget(JobJSON.BudgetJSON)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .fields(let fields): try fields.encode(to: encoder)
            case .budget(let budget): try budget.encode(to: encoder)
            }
        }
    }

    /// Every field an event's or error's `data` may carry; absent ones are left out.
    struct Fields: Encodable, Sendable {
        var message: String?
        var phase: Int32?
        var name: String?
        var status: String?
        var taskID: String?
        var agent: String?
        var progress: Int32?
        var budgetUsedCents: Int64?
        var deliverables: [JobJSON.DeliverableJSON]?
        var budget: JobJSON.BudgetJSON?
        var error: String?
        var details: [ErrorBody.Detail]?
        var approval: GovernanceJSON.ApprovalJSON?

        enum CodingKeys: String, CodingKey {
            case message, phase, name, status, agent, progress, deliverables, budget, error, details, approval
            case taskID = "task_id", budgetUsedCents = "budget_used_cents"
        }
    }

    static func message(_ event: JobEvent) -> Message {
        var fields = Fields()
        switch event.type {
        case .jobStarted:
            fields.message = event.message
        case .phaseStarted, .phaseCompleted:
            fields.phase = event.phase
            fields.name = event.message
            fields.status = event.type == .phaseStarted ? "started" : "completed"
        case .taskStarted, .taskProgress, .taskCompleted, .taskFailed, .taskSkipped:
            fields.taskID = event.taskID
            fields.agent = event.agent.machineName
            fields.message = event.message
            fields.status = taskUpdateStatus(event.type)
            if event.type == .taskProgress { fields.progress = event.progressPercent }
            if event.type == .taskCompleted {
                fields.progress = 100
                fields.budgetUsedCents = event.budgetUsedCents
                fields.deliverables = event.deliverables.map(JobJSON.DeliverableJSON.init)
            }
        case .approvalRequested, .approvalDecided:
            fields.taskID = event.taskID
            fields.agent = event.agent.machineName
            fields.message = event.message
            fields.status = event.approval.status.apiName
            fields.approval = GovernanceJSON.ApprovalJSON(event.approval)
        case .budgetUpdated, .ledgerChanged:
            return Message(event: event.type.apiName, seq: event.seq, jobID: event.jobID, atUnixMs: event.atUnixMs, data: .budget(.init(event.budget)))
        case .jobCompleted, .jobFailed, .jobCancelled:
            fields.status = event.status.apiName
            fields.message = event.message
            if event.type == .jobCompleted { fields.budget = JobJSON.BudgetJSON(event.budget) }
        case .unspecified, .UNRECOGNIZED:
            break
        }
        return Message(event: event.type.apiName, seq: event.seq, jobID: event.jobID, atUnixMs: event.atUnixMs, data: .fields(fields))
    }

    /// The `status` of an `agent_status_update`.
    private static func taskUpdateStatus(_ type: JobEventType) -> String {
        switch type {
        case .taskStarted: "started"
        case .taskProgress: "running"
        case .taskCompleted: "completed"
        case .taskFailed: "failed"
        case .taskSkipped: "skipped"
        case .jobStarted, .phaseStarted, .phaseCompleted, .budgetUpdated, .jobCompleted, .jobFailed, .jobCancelled,
             .approvalRequested, .approvalDecided, .ledgerChanged, .unspecified, .UNRECOGNIZED:
            "unknown"
        }
    }

    static func error(_ code: String, _ message: String, details: [ErrorBody.Detail]? = nil) -> Message {
        Message(event: "error", data: .fields(Fields(message: message, error: code, details: details)))
    }

    static let pong = Message(event: "pong")

    /// The answer to `decide_approval`: the decided request.
    static func decision(_ approval: Approval) -> Message {
        var fields = Fields()
        fields.status = approval.status.apiName
        fields.approval = GovernanceJSON.ApprovalJSON(approval)
        return Message(event: "approval_decision", jobID: approval.jobID, data: .fields(fields))
    }

    /// The message as the REST API encodes its bodies (one shared encoder, sorted keys).
    static func encode(_ message: Message) -> String {
        (try? JSONResponse.encoder.encode(message)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
