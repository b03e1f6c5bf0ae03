public import CEOAPI
import CEORPC
import CEOServiceKit
import Crypto
import Foundation
import CEOStorage

/// A delivery due for an attempt: where to, with what, signed with which secret.
struct DueDelivery: Sendable {
    let id: String
    let webhookID: String
    let url: String
    let secret: String
    let event: String
    let payload: Data
    let attempts: Int
}

/// Users' webhooks and the log of their deliveries.
extension JobStore {
    /// The most webhooks one user may have.
    static let webhookLimit = 10

    /// Stores a webhook for `owner` (its URL checked by the caller); the secret is returned once.
    public func createWebhook(owner: String, url: String, events: [String]) async throws -> CreateWebhookResponse {
        let id = UUID().uuidString.lowercased()
        let secret = "whsec_" + Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let at = now().unixMilliseconds
        let names = events.isEmpty ? WebhookOutbox.names : events
        try await database.write { db in
            try db.lock("owner:\(owner)")
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhooks WHERE owner_user_id = ? AND deleted_at_ms IS NULL", arguments: [owner]) ?? 0
            guard count < Self.webhookLimit else {
                throw RPCError(.failedPrecondition, "you have \(Self.webhookLimit) webhooks, the most there may be: delete one first")
            }
            try db.execute(
                sql: "INSERT INTO webhooks (id, owner_user_id, url, secret, events, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [id, owner, url, secret, names.joined(separator: ","), at]
            )
        }
        var response = CreateWebhookResponse()
        response.webhook = Self.webhook(id: id, url: url, events: names, createdAt: at, secret: secret)
        response.secret = secret
        return response
    }

    /// The owner's webhooks, oldest first.
    public func webhooks(owner: String) async throws -> [Webhook] {
        try await database.read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM webhooks WHERE owner_user_id = ? AND deleted_at_ms IS NULL ORDER BY created_at_ms, id", arguments: [owner])
                .map { Self.webhook(id: $0["id"], url: $0["url"], events: ($0["events"] as String).split(separator: ",").map(String.init), createdAt: $0["created_at_ms"], secret: $0["secret"]) }
        }
    }

    /// Deletes one of the owner's webhooks: its pending deliveries fail. NOT_FOUND for another's.
    public func deleteWebhook(_ id: String, owner: String) async throws -> Webhook {
        guard let hook = try await webhooks(owner: owner).first(where: { $0.id == id }) else { throw RPCError(.notFound, "no webhook \(id)") }
        let at = now().unixMilliseconds
        try await database.write { db in
            try db.execute(sql: "UPDATE webhooks SET deleted_at_ms = ? WHERE id = ?", arguments: [at, id])
            try db.execute(
                sql: "UPDATE webhook_deliveries SET status = ?, last_error = 'the webhook was deleted' WHERE webhook_id = ? AND status = \(WebhookOutbox.Status.pending.rawValue)",
                arguments: [WebhookOutbox.Status.failed.rawValue, id]
            )
        }
        return hook
    }

    /// The newest 100 deliveries of one of the owner's webhooks. NOT_FOUND for another's.
    public func webhookDeliveries(_ webhookID: String, owner: String) async throws -> [WebhookDelivery] {
        try await database.read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM webhooks WHERE id = ? AND owner_user_id = ?", arguments: [webhookID, owner]) != nil else {
                throw RPCError(.notFound, "no webhook \(webhookID)")
            }
            return try SQLRow.fetchAll(
                db, sql: "SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_at_ms DESC, id DESC LIMIT 100", arguments: [webhookID]
            ).map { row in
                var delivery = WebhookDelivery()
                delivery.id = row["id"]
                delivery.webhookID = row["webhook_id"]
                delivery.jobID = row["job_id"]
                delivery.seq = row["seq"]
                delivery.event = row["event"]
                delivery.status = (WebhookOutbox.Status(rawValue: row["status"]) ?? .pending).apiName
                delivery.attempts = row["attempts"]
                delivery.lastStatusCode = row["last_status_code"]
                delivery.lastError = row["last_error"]
                delivery.createdAtUnixMs = row["created_at_ms"]
                delivery.nextAttemptAtUnixMs = row["next_attempt_at_ms"]
                delivery.deliveredAtUnixMs = row["delivered_at_ms"] ?? 0
                return delivery
            }
        }
    }

    /// Claims the deliveries whose attempt is due, oldest first: each is pushed `claim`
    /// into the future in the same transaction, so that another replica's dispatcher does
    /// not send it too; recording the attempt sets its real next time.
    func claimDueDeliveries(limit: Int, claim: Duration = .seconds(120)) async throws -> [DueDelivery] {
        let at = now().unixMilliseconds
        let claimedUntil = now().addingTimeInterval(claim.timeInterval).unixMilliseconds
        return try await database.write { db in
            try db.lock("webhook-dispatch")  // one replica claims at a time
            let due = try SQLRow.fetchAll(
                db,
                sql: """
                    SELECT d.id, d.webhook_id, d.event, d.payload, d.attempts, w.url, w.secret
                    FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                    WHERE d.status = \(WebhookOutbox.Status.pending.rawValue) AND d.next_attempt_at_ms <= ? AND w.deleted_at_ms IS NULL
                    ORDER BY d.next_attempt_at_ms, d.created_at_ms LIMIT ?
                    """,
                arguments: [at, limit]
            ).map {
                DueDelivery(id: $0["id"], webhookID: $0["webhook_id"], url: $0["url"], secret: $0["secret"], event: $0["event"], payload: $0["payload"], attempts: $0["attempts"])
            }
            for delivery in due {
                try db.execute(sql: "UPDATE webhook_deliveries SET next_attempt_at_ms = ? WHERE id = ?", arguments: [claimedUntil, delivery.id])
            }
            return due
        }
    }

    /// Records an attempt: delivered, or the next attempt's time (nil: give up).
    func recordAttempt(_ id: String, statusCode: Int, error: String, delivered: Bool, nextAttempt: Date?) async throws {
        let at = now().unixMilliseconds
        let status: WebhookOutbox.Status = delivered ? .delivered : nextAttempt == nil ? .failed : .pending
        try await database.write { db in
            try db.execute(
                sql: """
                    UPDATE webhook_deliveries SET attempts = attempts + 1, status = ?, last_status_code = ?, last_error = ?,
                        next_attempt_at_ms = ?, delivered_at_ms = CASE WHEN ? = 1 THEN ? ELSE delivered_at_ms END
                    WHERE id = ? AND status = \(WebhookOutbox.Status.pending.rawValue)
                    """,
                arguments: [status.rawValue, statusCode, String(error.prefix(500)), nextAttempt?.unixMilliseconds ?? at, delivered, at, id]
            )
        }
    }

    static func webhook(id: String, url: String, events: [String], createdAt: Int64, secret: String) -> Webhook {
        var webhook = Webhook()
        webhook.id = id
        webhook.url = url
        webhook.events = events
        webhook.createdAtUnixMs = createdAt
        webhook.secretPrefix = String(secret.prefix(12))
        return webhook
    }
}
