import CEOAPI
import Foundation
import GRDB

/// A row of `audit_events`.
struct AuditEventRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord, TableRecord, SnakeCaseColumns {
    static let databaseTableName = "audit_events"

    var id: Int64?
    var atMs: Int64
    var type: String
    var userId: String?
    var actorUserId: String?
    var clientIp: String
    /// A JSON object of strings.
    var details: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

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
