import CEOAPI
import CEORPC
import Foundation
import HTTPTypes
import Hummingbird

/// The admin's routes: `GET /api/admin/users`, `PATCH /api/admin/users/{id}` (role,
/// disabled) and `GET /api/admin/audit` (signed in as an admin, the general rate limit).
struct AdminRoutes {
    let backends: EdgeBackends
    let authenticator: EdgeAuthenticator
    let maximumBodyBytes: Int

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

    func register(on router: Router<EdgeRequestContext>, guards: RouteGuards) {
        let signedIn = guards.routes(on: router, .signedIn, rateLimit: \.general)
        signedIn.get("/api/admin/users") { request, context in
            try context.requireAdmin()
            var list = ListUsersRequest()
            list.page = try PageQuery.from(request)
            let users = try await backends.auth.unary(AuthServiceRPC.listUsers, list, options: context.callOptions())
            return try JSONResponse.make(.ok, Users(users: users.users.map(AuthRoutes.UserBody.init), nextPageToken: users.nextPageToken))
        }
        signedIn.patch("/api/admin/users/{id}") { request, context in
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
                    var error = EdgeError(.invalidRequest, "role must be 'user' or 'admin'")
                    error.details = [ErrorBody.Detail(field: "role", message: "must be 'user' or 'admin'")]
                    throw error
                }
            }
            if let disabled {
                guard let flag = disabled as? NSNumber, JSONFields.isBoolean(flag) else {
                    var error = EdgeError(.invalidRequest, "disabled must be true or false")
                    error.details = [ErrorBody.Detail(field: "disabled", message: "must be true or false")]
                    throw error
                }
                update.disabled = flag.boolValue
            }
            let user = try await backends.auth.unary(AuthServiceRPC.updateUser, update, options: context.callOptions())
            // A disabled or demoted user's keys must not ride on cached tokens, and their
            // access tokens stop here at once (AuthService revoked them).
            await authenticator.tokensRevoked()
            return try JSONResponse.make(.ok, AuthRoutes.UserResponse(user: AuthRoutes.UserBody(user)))
        }
        signedIn.post("/api/admin/users/{id}/logout-everywhere") { _, context in
            try context.requireAdmin()
            var revoke = RevokeSessionsRequest()
            revoke.userID = try context.parameters.require("id")
            let revoked = try await backends.auth.unary(AuthServiceRPC.revokeSessions, revoke, options: context.callOptions())
            await authenticator.tokensRevoked()
            return try JSONResponse.make(.ok, AuthRoutes.SessionsEnded(sessionsEnded: Int(revoked.revokedSessions)))
        }
        signedIn.get("/api/admin/audit") { request, context in
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
    }
}
