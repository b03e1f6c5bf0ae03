import CEOAPI
import Foundation
import CEOStorage
import SwiftProtobuf

/// The deliveries a run's events owe its owner's webhooks, written in the transaction
/// that writes the events (an outbox): an event is never committed without its
/// deliveries, and a delivery never exists without its event.
enum WebhookOutbox {
    /// The webhook name of an event type; nil for the types webhooks do not receive.
    static func name(of type: JobEventType) -> String? {
        switch type {
        case .jobStarted: "run.started"
        case .jobCompleted, .jobFailed, .jobCancelled: "run.finished"
        case .approvalRequested: "approval.requested"
        case .approvalDecided: "approval.decided"
        default: nil
        }
    }

    /// Every name a webhook may subscribe to.
    static let names = ["run.started", "run.finished", "approval.requested", "approval.decided"]

    /// Delivery statuses as stored.
    enum Status: Int {
        case pending = 0, delivered = 1, failed = 2

        var apiName: String {
            switch self {
            case .pending: "pending"
            case .delivered: "delivered"
            case .failed: "failed"
            }
        }
    }

    static func enqueue(_ events: [JobEvent], owner: String, in db: any SQLConnection, at: Int64) throws {
        let interesting = events.compactMap { event in name(of: event.type).map { (event, $0) } }
        guard !interesting.isEmpty else { return }
        let hooks = try SQLRow.fetchAll(db, sql: "SELECT id, events FROM webhooks WHERE owner_user_id = ? AND deleted_at_ms IS NULL", arguments: [owner])
        guard !hooks.isEmpty else { return }
        for (event, name) in interesting {
            for hook in hooks where (hook["events"] as String).split(separator: ",").contains(Substring(name)) {
                let id = UUID().uuidString.lowercased()
                try db.execute(
                    sql: """
                        INSERT INTO webhook_deliveries (id, webhook_id, job_id, seq, event, payload, status, next_attempt_at_ms, created_at_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [id, hook["id"] as String, event.jobID, event.seq, name, try payload(id: id, name: name, event: event), Status.pending.rawValue, at, at]
                )
            }
        }
    }

    /// `{"id", "event", "job_id", "seq", "at_unix_ms", "data": <the JobEvent in proto3 JSON>}`.
    static func payload(id: String, name: String, event: JobEvent) throws -> Data {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        let data = try event.jsonString(options: options)
        let head = try JSONSerialization.data(withJSONObject: ["id": id, "event": name, "job_id": event.jobID, "seq": event.seq, "at_unix_ms": event.atUnixMs], options: [.sortedKeys])
        // Splice the event's JSON in as "data", keeping the envelope's keys sorted before it.
        var text = String(decoding: head, as: UTF8.self)
        text.removeLast()
        text += ",\"data\":\(data)}"
        return Data(text.utf8)
    }
}
