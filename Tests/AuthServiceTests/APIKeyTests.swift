import AuthService
import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOTestSupport
import Foundation
import CEOStorage
import SwiftProtobuf
import Testing

@Suite("API keys")
struct APIKeyTests {
    @Test("create shows the key once; list shows its prefix; exchange gives a short-lived token of its scopes", arguments: StoreBackend.available)
    func lifecycle(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let session = try await client.signUp("k@example.com")
            let created = try await client.createKey("ci deploy", scopes: [AccessScope.runsRead, AccessScope.plansRead], days: 30, as: session.accessToken)
            #expect(created.secret.hasPrefix("ceo_") && created.secret.count == 47)
            #expect(created.apiKey.prefix == String(created.secret.prefix(12)))
            #expect(created.apiKey.scopes == ["plans:read", "runs:read"])
            #expect(created.apiKey.expiresAtUnixMs == env.clock.now.unixMs + 30 * 86_400_000)

            let listed = try await client.call(AuthServiceRPC.listApiKeys, ListApiKeysRequest(), as: session.accessToken)
            #expect(listed.apiKeys.map(\.id) == [created.apiKey.id])
            #expect(listed.apiKeys[0].lastUsedAtUnixMs == 0)
            #expect(!(try listed.serializedData()).contains(Data(created.secret.utf8)))
            // The database holds only a hash.
            let rows = try await core.database.read { db in try SQLRow.fetchAll(db, sql: "SELECT * FROM api_keys") }
            #expect(!"\(rows)".contains(created.secret))

            env.clock.advance(by: .seconds(60))
            let token = try await client.exchange(created.secret)
            #expect(token.expiresAtUnixMs == env.clock.now.unixMs + 5 * 60 * 1000)
            #expect(token.principal.apiKeyID == created.apiKey.id)
            let principal = try await client.verifier().verify(token.accessToken)
            #expect(principal.userID == session.user.id)
            #expect(principal.scopes == [AccessScope.runsRead, AccessScope.plansRead])
            #expect(principal.apiKeyID == created.apiKey.id)
            let used = try await client.call(AuthServiceRPC.listApiKeys, ListApiKeysRequest(), as: session.accessToken)
            #expect(used.apiKeys[0].lastUsedAtUnixMs == env.clock.now.unixMs)

            // A token from a key cannot manage keys.
            #expect(await rpcError { try await client.createKey("more", as: token.accessToken) }?.code == .permissionDenied)

            // Revoked: stops at once.
            var revoke = RevokeApiKeyRequest()
            revoke.apiKeyID = created.apiKey.id
            let revoked = try await client.call(AuthServiceRPC.revokeApiKey, revoke, as: session.accessToken)
            #expect(revoked.revoked)
            let refused = await rpcError { try await client.exchange(created.secret) }
            #expect(refused?.code == .unauthenticated)
            #expect(refused?.message.contains("revoked") == true)

            let admin = try await adminSession(client, core)
            let types = try await client.audit(userID: session.user.id, as: admin.accessToken).map(\.type)
            #expect(types.contains("api_key.created") && types.contains("api_key.revoked"))
        }
    }

    @Test("bad requests name the field", arguments: [
        (["plans:read"], "", Int32(0), "name"),
        ([], "k", 0, "scopes"),
        (["plans:fly"], "k", 0, "scopes"),
        (["admin"], "k", 0, "scopes"),
        (["agents:execute"], "k", 0, "scopes"),
        (["plans:read"], "k", 366, "expires_in_days"),
        (["plans:read"], "k", -1, "expires_in_days"),
    ])
    func validation(scopes: [String], name: String, days: Int32, field: String) async throws {
        let env = try await AuthTestEnvironment()
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let session = try await client.signUp("v@example.com")
            let error = await rpcError { try await client.createKey(name, scopes: scopes, days: days, as: session.accessToken) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.details.map(\.field).contains(field) == true, "\(String(describing: error))")
            let count = try await core.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api_keys") }
            #expect(count == 0)
        }
    }

    @Test("expired keys, unknown keys, other users' keys and disabled users are refused", arguments: StoreBackend.available)
    func refusals(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let owner = try await client.signUp("owner@example.com")
            let other = try await client.signUp("other@example.com")
            let key = try await client.createKey("short", days: 1, as: owner.accessToken)
            _ = try await client.exchange(key.secret)

            #expect(await rpcError { try await client.exchange("ceo_" + String(repeating: "x", count: 43)) }?.message.contains("unknown") == true)
            #expect(await rpcError { try await client.exchange("sk-something") }?.code == .unauthenticated)

            var revoke = RevokeApiKeyRequest()
            revoke.apiKeyID = key.apiKey.id
            #expect(await rpcError { try await client.call(AuthServiceRPC.revokeApiKey, revoke, as: other.accessToken) }?.code == .notFound)
            let otherList = try await client.call(AuthServiceRPC.listApiKeys, ListApiKeysRequest(), as: other.accessToken)
            #expect(otherList.apiKeys.isEmpty)

            // Disabling the owner stops the key at once.
            let admin = try await adminSession(client, core)
            var update = UpdateUserRequest()
            update.userID = owner.user.id
            update.disabled = true
            _ = try await client.call(AuthServiceRPC.updateUser, update, as: admin.accessToken)
            #expect(await rpcError { try await client.exchange(key.secret) }?.code == .permissionDenied)
            update.disabled = false
            _ = try await client.call(AuthServiceRPC.updateUser, update, as: admin.accessToken)
            _ = try await client.exchange(key.secret)

            env.clock.advance(by: .seconds(86_400))
            let expired = await rpcError { try await client.exchange(key.secret) }
            #expect(expired?.code == .unauthenticated)
            #expect(expired?.message.contains("expired") == true)
        }
    }

    @Test("an admin's key may carry admin scopes; a demoted admin's key loses them", arguments: StoreBackend.available)
    func adminScopes(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let root = try await adminSession(client, core)
            let second = try await client.signUp("second@example.com")
            var promote = UpdateUserRequest()
            promote.userID = second.user.id
            promote.role = .admin
            _ = try await client.call(AuthServiceRPC.updateUser, promote, as: root.accessToken)
            let secondAdmin = try await client.login("second@example.com")
            let key = try await client.createKey("ops", scopes: [AccessScope.admin, AccessScope.runsRead], as: secondAdmin.accessToken)
            #expect(try await client.exchange(key.secret).principal.scopes == [AccessScope.admin, AccessScope.runsRead])

            promote.role = .user
            _ = try await client.call(AuthServiceRPC.updateUser, promote, as: root.accessToken)
            let token = try await client.exchange(key.secret)
            #expect(token.principal.scopes == [AccessScope.runsRead])
            #expect(token.principal.role == .user)
        }
    }
}
