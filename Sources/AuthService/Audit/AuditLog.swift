import CEOServiceKit
import CEOAPI
import CEORPC
import CEOStorage
import Foundation

/// Writes audit events inside the caller's transaction (so an event exists exactly
/// when the change it describes does) and reads them back for admins.
enum AuditLog {
    static func record(
        _ type: AuditEventType, in db: any SQLConnection, at now: Date,
        userID: String? = nil, actorUserID: String? = nil, clientIP: String = "", details: [String: String] = [:]
    ) throws {
        let json = (try? JSONEncoder.sorted.encode(details)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        try AuditEventRecord(
            id: nil, atMs: now.unixMilliseconds, type: type.rawValue, userId: userID, actorUserId: actorUserID,
            clientIp: clientIP, details: json
        ).insert(db)
    }

    /// Events newest first, optionally of one user and/or one type, paged by id.
    static func list(_ request: ListAuditEventsRequest, in db: any SQLConnection) throws -> ListAuditEventsResponse {
        let page = try PageCursor<Int64>(request.page) { Int64($0) }
        if !request.type.isEmpty, AuditEventType(rawValue: request.type) == nil {
            throw RPCError(
                .invalidArgument, "type: unknown audit event type '\(request.type)'",
                details: [FieldViolation(field: "type", description: "must be one of \(AuditEventType.allCases.map(\.rawValue).joined(separator: ", "))")]
            )
        }
        var conditions: [String] = []
        var arguments: SQLArguments = []
        if let after = page.after { conditions.append("id < ?"); arguments += [after] }
        if !request.userID.isEmpty { conditions.append("user_id = ?"); arguments += [request.userID] }
        if !request.type.isEmpty { conditions.append("type = ?"); arguments += [request.type] }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try SQLRow.fetchAll(
            db, sql: "SELECT * FROM audit_events \(whereClause) ORDER BY id DESC LIMIT \(page.size + 1)", arguments: arguments
        ).map(AuditEventRecord.init(row:))
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
