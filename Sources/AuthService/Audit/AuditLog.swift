import CEOServiceKit
import CEOAPI
import CEORPC
import Foundation
import GRDB

/// Writes audit events inside the caller's transaction (so an event exists exactly
/// when the change it describes does) and reads them back for admins.
enum AuditLog {
    static func record(
        _ type: AuditEventType, in db: Database, at now: Date,
        userID: String? = nil, actorUserID: String? = nil, clientIP: String = "", details: [String: String] = [:]
    ) throws {
        let json = (try? JSONEncoder.sorted.encode(details)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        var event = AuditEventRecord(
            id: nil, atMs: now.unixMilliseconds, type: type.rawValue, userId: userID, actorUserId: actorUserID,
            clientIp: clientIP, details: json
        )
        try event.insert(db)
    }

    /// Events newest first, optionally of one user and/or one type, paged by id.
    static func list(_ request: ListAuditEventsRequest, in db: Database) throws -> ListAuditEventsResponse {
        let page = try PageCursor<Int64>(request.page) { Int64($0) }
        if !request.type.isEmpty, AuditEventType(rawValue: request.type) == nil {
            throw RPCError(
                .invalidArgument, "type: unknown audit event type '\(request.type)'",
                details: [FieldViolation(field: "type", description: "must be one of \(AuditEventType.allCases.map(\.rawValue).joined(separator: ", "))")]
            )
        }
        var query = AuditEventRecord.all()
        if let after = page.after { query = query.filter(Column("id") < after) }
        if !request.userID.isEmpty { query = query.filter(Column("user_id") == request.userID) }
        if !request.type.isEmpty { query = query.filter(Column("type") == request.type) }
        let rows = try query.order(Column("id").desc).limit(page.size + 1).fetchAll(db)
        var response = ListAuditEventsResponse()
        response.events = rows.prefix(page.size).map(\.proto)
        if rows.count > page.size, let last = rows.prefix(page.size).last?.id {
            response.nextPageToken = String(last)
        }
        return response
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}
