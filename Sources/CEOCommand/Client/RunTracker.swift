import Foundation
import NIOHTTP1

/// A run's state as the CLI follows it: the snapshot (`GET /api/orchestrations/{id}`)
/// plus the events after the snapshot's seq, applied once each in order.
actor RunTracker {
    private(set) var jobID: String?
    private(set) var lastSeq: Int = 0
    private(set) var job: [String: Any] = [:]
    private(set) var finalStatus: String?
    private let client: EdgeClient
    private let display: any RunDisplay

    init(client: EdgeClient, display: any RunDisplay, jobID: String?) {
        self.client = client
        self.display = display
        self.jobID = jobID
    }

    func connection(_ state: String) { display.connection(state) }

    /// Loads the run's snapshot. Watching a known run, the events it already holds are
    /// skipped; following a run this process started, every event is still shown (the
    /// state changes events make are assignments, so applying them again is harmless).
    func loadSnapshot(skippingItsEvents: Bool = true) async throws {
        guard let jobID else { return }
        let reply = try await client.call(.GET, "/api/orchestrations/\(jobID)")
        job = reply.json["job"] as? [String: Any] ?? [:]
        // Following its events, the run ends with its final event, not with the snapshot.
        guard skippingItsEvents else { return }
        lastSeq = job["last_seq"] as? Int ?? 0
        if let status = job["status"] as? String, ["succeeded", "partially_succeeded", "failed", "cancelled"].contains(status) { finalStatus = status }
        display.show(snapshot: job)
    }

    /// Applies one message (JSON text) from the WebSocket; true once the run has ended.
    func receive(_ text: String) async throws -> Bool {
        guard let message = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return finalStatus != nil }
        if message["event"] as? String == "error" {
            let data = message["data"] as? [String: Any] ?? [:]
            let details = (data["details"] as? [[String: Any]] ?? []).map { (field: $0["field"] as? String ?? "", message: $0["message"] as? String ?? "") }
            throw ClientFailure(.refused, data["message"] as? String ?? "the edge refused the message", details: details)
        }
        guard let seq = message["seq"] as? Int, let id = message["job_id"] as? String else { return finalStatus != nil }
        if jobID == nil {
            jobID = id
            display.started(jobID: id)
        }
        guard id == jobID else { return finalStatus != nil }
        if job.isEmpty { try await loadSnapshot(skippingItsEvents: false) }
        guard seq > lastSeq else { return finalStatus != nil }
        lastSeq = seq
        apply(message)
        display.show(event: message, job: job)
        return finalStatus != nil
    }

    private func apply(_ event: [String: Any]) {
        let data = event["data"] as? [String: Any] ?? [:]
        job["last_seq"] = lastSeq
        switch event["event"] as? String {
        case "orchestration_started":
            job["status"] = "running"
        case "agent_status_update":
            var tasks = job["tasks"] as? [[String: Any]] ?? []
            if let index = tasks.firstIndex(where: { $0["task_id"] as? String == data["task_id"] as? String }) {
                switch data["status"] as? String {
                case "started", "running":
                    tasks[index]["status"] = "running"
                    tasks[index]["progress"] = data["progress"] ?? tasks[index]["progress"] ?? 0
                case "completed":
                    tasks[index]["status"] = "succeeded"
                    tasks[index]["progress"] = 100
                    tasks[index]["budget_used_cents"] = data["budget_used_cents"]
                case "failed": tasks[index]["status"] = "failed"
                case "skipped": tasks[index]["status"] = "skipped"
                default: break
                }
                tasks[index]["message"] = data["message"]
            }
            job["tasks"] = tasks
        case "budget_update":
            job["budget"] = data
        case "orchestration_complete", "orchestration_failed", "orchestration_cancelled":
            let status = data["status"] as? String ?? "failed"
            job["status"] = status
            if let budget = data["budget"] { job["budget"] = budget }
            finalStatus = status
        default:
            break
        }
    }
}
