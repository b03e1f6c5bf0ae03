import CEOAPI
import CEOAuthTokens
import CEORPC
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Prometheus

/// The caller's API keys (`GET|POST /api/keys`, `DELETE /api/keys/{id}`), the admin
/// routes (`GET /api/admin/users`, `PATCH /api/admin/users/{id}`, `GET /api/admin/audit`),
/// and `POST /api/csp-report`.
struct AccountRoutes {
    let backends: EdgeBackends
    let authenticator: EdgeAuthenticator
    let maximumBodyBytes: Int
    let metrics: EdgeMetrics

    struct KeyJSON: Encodable {
        var id: String
        var name: String
        var prefix: String
        var scopes: [String]
        var createdAt: Int64
        var expiresAt: Int64
        var lastUsedAt: Int64
        var revoked: Bool

        enum CodingKeys: String, CodingKey {
            case id, name, prefix, scopes, revoked
            case createdAt = "created_at_unix_ms", expiresAt = "expires_at_unix_ms", lastUsedAt = "last_used_at_unix_ms"
        }

        init(_ key: ApiKey) {
            id = key.id
            name = key.name
            prefix = key.prefix
            scopes = key.scopes
            createdAt = key.createdAtUnixMs
            expiresAt = key.expiresAtUnixMs
            lastUsedAt = key.lastUsedAtUnixMs
            revoked = key.revoked
        }
    }

    struct Keys: Encodable {
        var success = true
        var keys: [KeyJSON]
    }

    struct CreatedKey: Encodable {
        var success = true
        var key: KeyJSON
        /// Shown once.
        var secret: String
    }

    struct OneKey: Encodable {
        var success = true
        var key: KeyJSON
    }

    struct Users: Encodable {
        var success = true
        var users: [AuthRoutes.UserBody]
        var nextPageToken: String

        enum CodingKeys: String, CodingKey {
            case success, users, nextPageToken = "next_page_token"
        }
    }

    struct AuditJSON: Encodable {
        var id: Int64
        var at: Int64
        var type: String
        var userID: String
        var actorUserID: String
        var clientIP: String
        var details: [String: String]

        enum CodingKeys: String, CodingKey {
            case id, type, details, at = "at_unix_ms", userID = "user_id", actorUserID = "actor_user_id", clientIP = "client_ip"
        }
    }

    struct Audit: Encodable {
        var success = true
        var events: [AuditJSON]
        var nextPageToken: String

        enum CodingKeys: String, CodingKey {
            case success, events, nextPageToken = "next_page_token"
        }
    }

    struct Accepted: Encodable {
        var success = true
    }

    func register(on router: Router<EdgeRequestContext>) {
        router.get("/api/keys") { _, context in
            let keys = try await backends.auth.unary(AuthServiceRPC.listApiKeys, ListApiKeysRequest(), options: context.callOptions())
            return try JSONResponse.make(.ok, Keys(keys: keys.apiKeys.map(KeyJSON.init)))
        }
        router.post("/api/keys") { request, context in
            var fields = JSONFields(try await JSONRequest.object(request, limit: maximumBodyBytes))
            let name = fields.string("name")
            let scopes = fields.strings("scopes")
            let days = fields.integer("expires_in_days", required: false)
            try fields.validate()
            var create = CreateApiKeyRequest()
            create.name = name ?? ""
            create.scopes = scopes ?? []
            create.expiresInDays = Int32(clamping: days ?? 0)
            let created = try await backends.auth.unary(AuthServiceRPC.createApiKey, create, options: context.callOptions())
            return try JSONResponse.make(.created, CreatedKey(key: KeyJSON(created.apiKey), secret: created.secret))
        }
        router.delete("/api/keys/{id}") { _, context in
            var revoke = RevokeApiKeyRequest()
            revoke.apiKeyID = try context.parameters.require("id")
            let key = try await backends.auth.unary(AuthServiceRPC.revokeApiKey, revoke, options: context.callOptions())
            authenticator.forgetAPIKeys()
            return try JSONResponse.make(.ok, OneKey(key: KeyJSON(key)))
        }

        router.get("/api/admin/users") { request, context in
            try context.requireAdmin()
            var list = ListUsersRequest()
            list.page = try PageQuery.from(request)
            let users = try await backends.auth.unary(AuthServiceRPC.listUsers, list, options: context.callOptions())
            return try JSONResponse.make(.ok, Users(users: users.users.map(AuthRoutes.UserBody.init), nextPageToken: users.nextPageToken))
        }
        router.patch("/api/admin/users/{id}") { request, context in
            try context.requireAdmin()
            var fields = JSONFields(try await JSONRequest.object(request, limit: maximumBodyBytes))
            let role = fields.string("role", required: false)
            let disabled = fields.object["disabled"]
            try fields.validate()
            var update = UpdateUserRequest()
            update.userID = try context.parameters.require("id")
            if let role {
                switch role {
                case "admin": update.role = .admin
                case "user": update.role = .user
                default:
                    var error = EdgeError(.badRequest, "invalid_request", "role must be 'user' or 'admin'")
                    error.details = [ErrorBody.Detail(field: "role", message: "must be 'user' or 'admin'")]
                    throw error
                }
            }
            if let disabled {
                guard let flag = disabled as? NSNumber, JSONFields.isBoolean(flag) else {
                    var error = EdgeError(.badRequest, "invalid_request", "disabled must be true or false")
                    error.details = [ErrorBody.Detail(field: "disabled", message: "must be true or false")]
                    throw error
                }
                update.disabled = flag.boolValue
            }
            let user = try await backends.auth.unary(AuthServiceRPC.updateUser, update, options: context.callOptions())
            // A disabled or demoted user's keys must not ride on cached tokens.
            authenticator.forgetAPIKeys()
            return try JSONResponse.make(.ok, AuthRoutes.UserResponse(user: AuthRoutes.UserBody(user)))
        }
        router.get("/api/admin/audit") { request, context in
            try context.requireAdmin()
            var list = ListAuditEventsRequest()
            list.page = try PageQuery.from(request)
            let query = request.uri.queryParameters
            if let user = query["user_id"] { list.userID = String(user) }
            if let type = query["type"] { list.type = String(type) }
            let events = try await backends.auth.unary(AuthServiceRPC.listAuditEvents, list, options: context.callOptions())
            return try JSONResponse.make(.ok, Audit(events: events.events.map {
                AuditJSON(id: $0.id, at: $0.atUnixMs, type: $0.type, userID: $0.userID, actorUserID: $0.actorUserID, clientIP: $0.clientIp, details: $0.details)
            }, nextPageToken: events.nextPageToken))
        }

        // Browsers post violation reports as application/csp-report (or reports+json).
        router.post("/api/csp-report") { request, context in
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: 16 << 10)
            } catch {
                throw EdgeError(.contentTooLarge, "body_too_large", "a CSP report is at most 16 KiB")
            }
            let report = String(decoding: buffer.readableBytesView, as: UTF8.self)
            context.logger.warning("CSP violation report", metadata: ["report": "\(report.prefix(2_000))"])
            metrics.cspReports.increment()
            return try JSONResponse.make(.accepted, Accepted())
        }
    }
}
