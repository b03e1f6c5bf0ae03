import CEOAPI
import CEODomain
import Foundation

/// A run's event as the WebSocket sends it: `{"event": NAME, "seq": N, "job_id": ..., "data": {...}}`.
enum LiveEventJSON {
    static func message(_ event: JobEvent) -> [String: Any] {
        var data: [String: Any] = [:]
        let name: String
        switch event.type {
        case .jobStarted:
            name = "orchestration_started"
            data["message"] = event.message
        case .phaseStarted, .phaseCompleted:
            name = "phase"
            data = ["phase": event.phase, "name": event.message, "status": event.type == .phaseStarted ? "started" : "completed"]
        case .taskStarted, .taskProgress, .taskCompleted, .taskFailed, .taskSkipped:
            name = "agent_status_update"
            data = ["task_id": event.taskID, "agent": event.agent.machineName, "message": event.message]
            switch event.type {
            case .taskStarted: data["status"] = "started"
            case .taskProgress:
                data["status"] = "running"
                data["progress"] = event.progressPercent
            case .taskCompleted:
                data["status"] = "completed"
                data["progress"] = 100
                data["budget_used_cents"] = event.budgetUsedCents
                data["deliverables"] = event.deliverables.map { deliverable in
                    [
                        "kind": deliverable.kind, "title": deliverable.title, "body_markdown": deliverable.bodyMarkdown,
                        "attributes": deliverable.attributes,
                        "line_items": deliverable.lineItems.map {
                            ["description": $0.description_p, "category": $0.category, "quantity": $0.quantity, "unit_cost_cents": $0.unitCostCents,
                             "total_cents": $0.totalCents, "billing": $0.billing, "source": $0.source] as [String: Any]
                        },
                    ] as [String: Any]
                }
            case .taskFailed: data["status"] = "failed"
            default: data["status"] = "skipped"
            }
        case .budgetUpdated:
            name = "budget_update"
            data = budget(event.budget)
        case .jobCompleted:
            name = "orchestration_complete"
            data = ["status": event.status.apiName, "budget": budget(event.budget), "message": event.message]
        case .jobFailed:
            name = "orchestration_failed"
            data = ["status": event.status.apiName, "message": event.message]
        case .jobCancelled:
            name = "orchestration_cancelled"
            data = ["status": event.status.apiName, "message": event.message]
        default:
            name = "unknown"
        }
        return ["event": name, "seq": event.seq, "job_id": event.jobID, "at_unix_ms": event.atUnixMs, "data": data]
    }

    static func budget(_ summary: BudgetSummary) -> [String: Any] {
        ["total_cents": summary.totalCents, "allocated_cents": summary.allocatedCents, "reserved_cents": summary.reservedCents,
         "spent_cents": summary.spentCents, "remaining_cents": summary.remainingCents]
    }

    static func error(_ code: String, _ message: String) -> [String: Any] {
        ["event": "error", "data": ["error": code, "message": message]]
    }

    static func encode(_ object: [String: Any]) -> String {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
