import CEOAPI
import CEOStorage
import Foundation

/// A row of `audit_events`.
struct AuditEventRecord: Sendable {
    /// Assigned by the database on insert.
    var id: Int64?
    var atMs: Int64
    var type: String
    var userId: String?
    var actorUserId: String?
    var clientIp: String
    /// A JSON object of strings.
    var details: String

    var proto: AuditEvent {
        var event = AuditEvent()
        event.id = id ?? 0
        event.atUnixMs = atMs
        event.type = type
        event.userID = userId ?? ""
        event.actorUserID = actorUserId ?? ""
        event.clientIp = clientIp
        event.details = (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:]
        return event
    }
}

extension AuditEventRecord {
    init(row: SQLRow) {
        id = row["id"]
        atMs = row["at_ms"]
        type = row["type"]
        userId = row["user_id"]
        actorUserId = row["actor_user_id"]
        clientIp = row["client_ip"]
        details = row["details"]
    }

    /// Inserts the event; the database numbers it.
    func insert(_ db: any SQLConnection) throws {
        try db.execute(
            sql: "INSERT INTO audit_events (at_ms, type, user_id, actor_user_id, client_ip, details) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [atMs, type, userId, actorUserId, clientIp, details]
        )
    }
}
