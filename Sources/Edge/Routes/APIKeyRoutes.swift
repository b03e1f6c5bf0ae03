import CEOAPI
import CEORPC
import Foundation
import HTTPTypes
import Hummingbird

/// The caller's API keys: `GET|POST /api/keys`, `DELETE /api/keys/{id}` (signed in,
/// the general rate limit). A revoked key stops at once at this edge.
struct APIKeyRoutes {
    let backends: EdgeBackends
    let authenticator: EdgeAuthenticator
    let maximumBodyBytes: Int

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

    func register(on router: Router<EdgeRequestContext>, guards: RouteGuards) {
        let signedIn = guards.routes(on: router, .signedIn, rateLimit: \.general)
        signedIn.get("/api/keys") { _, context in
            let keys = try await backends.auth.unary(AuthServiceRPC.listApiKeys, ListApiKeysRequest(), options: context.callOptions())
            return try JSONResponse.make(.ok, Keys(keys: keys.apiKeys.map(KeyJSON.init)))
        }
        signedIn.post("/api/keys") { request, context in
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
        signedIn.delete("/api/keys/{id}") { _, context in
            var revoke = RevokeApiKeyRequest()
            revoke.apiKeyID = try context.parameters.require("id")
            let key = try await backends.auth.unary(AuthServiceRPC.revokeApiKey, revoke, options: context.callOptions())
            authenticator.forgetAPIKeys()
            return try JSONResponse.make(.ok, OneKey(key: KeyJSON(key)))
        }
    }
}
