import AuthService
import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOTestSupport
import Foundation
import CEOStorage
import Testing

/// ASVS 5.0 7.4.1 and 7.4.3: a logout ends the session, and a user or an admin can end
/// every session of the user — access tokens included, for every service that verifies
/// them, not only the refresh tokens.
@Suite("Sessions that end: logout, disabled users and sign-out-everywhere revoke access tokens")
struct SessionRevocationTests {
    @Test("a logout revokes that session's access tokens for another service's verifier; other sessions keep working", arguments: StoreBackend.available)
    func logoutRevokesAccessTokens(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, _ in
            let phone = try await client.signUp("s@example.com")
            let laptop = try await client.login("s@example.com")
            let verifier = client.verifier()
            #expect(try await verifier.verify(phone.accessToken).userID == phone.user.id)

            try await client.logout(phone.refreshToken)
            try await verifier.refreshRevocations()
            await #expect(throws: AccessTokenRejection.self) { try await verifier.verify(phone.accessToken) }
            do throws(AccessTokenRejection) {
                _ = try await verifier.verify(phone.accessToken)
                Issue.record("a revoked token was accepted")
            } catch {
                #expect(error.reason == .revoked && error.rpcError.code == .unauthenticated, "\(error)")
            }
            #expect(try await verifier.verify(laptop.accessToken).userID == laptop.user.id)
            // A token from a refresh of the live session carries the same session: it works.
            let refreshed = try await client.refresh(laptop.refreshToken)
            #expect(try await verifier.verify(refreshed.accessToken).userID == laptop.user.id)

            let list = try await client.rpc.unary(AuthServiceRPC.getRevocations, GetRevocationsRequest())
            #expect(list.revocations.map(\.kind) == ["session"])
        }
    }

    @Test("a verifier that has never fetched the list fetches it before accepting a token; later it refreshes by itself", arguments: StoreBackend.available)
    func firstUseFetches(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, _ in
            let session = try await client.signUp("first@example.com")
            try await client.logout(session.refreshToken)
            let fresh = client.verifier()
            await #expect(throws: AccessTokenRejection.self) { try await fresh.verify(session.accessToken) }
            #expect(await fresh.revocationFetchCount == 1)

            // The next logout reaches a verifier that is not told: after its refresh interval
            // it fetches the list in the background, and the token stops.
            let other = try await client.login("first@example.com")
            #expect(try await fresh.verify(other.accessToken).userID == other.user.id)
            try await client.logout(other.refreshToken)
            client.clock.advance(by: .seconds(3))
            #expect(try await becomesRefused(other.accessToken, by: fresh), "the verifier never refreshed its revocation list")
        }
    }

    @Test("disabling a user revokes every access token issued until then; after re-enabling, a new login works", arguments: StoreBackend.available)
    func disableRevokes(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let admin = try await adminSession(client, core)
            let user = try await client.signUp("d@example.com")
            let key = try await client.createKey("ci", as: user.accessToken)
            let keyToken = try await client.exchange(key.secret).accessToken
            let verifier = client.verifier()
            #expect(try await verifier.verify(keyToken).userID == user.user.id)

            var disable = UpdateUserRequest()
            disable.userID = user.user.id
            disable.disabled = true
            _ = try await client.call(AuthServiceRPC.updateUser, disable, as: admin.accessToken)
            try await verifier.refreshRevocations()
            for token in [user.accessToken, keyToken] {
                await #expect(throws: AccessTokenRejection.self) { try await verifier.verify(token) }
            }
            #expect(try await verifier.verify(admin.accessToken).userID == admin.user.id)

            client.clock.advance(by: .seconds(1))
            var enable = UpdateUserRequest()
            enable.userID = user.user.id
            enable.disabled = false
            _ = try await client.call(AuthServiceRPC.updateUser, enable, as: admin.accessToken)
            client.clock.advance(by: .seconds(1))
            let again = try await client.login("d@example.com")
            try await verifier.refreshRevocations()
            #expect(try await verifier.verify(again.accessToken).userID == user.user.id)
            await #expect(throws: AccessTokenRejection.self) { try await verifier.verify(user.accessToken) }
        }
    }

    @Test("a demoted admin's tokens, which carry the admin role, stop at once", arguments: StoreBackend.available)
    func demotionRevokes(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let root = try await adminSession(client, core)
            let other = try await client.signUp("second-admin@example.com")
            var promote = UpdateUserRequest()
            promote.userID = other.user.id
            promote.role = .admin
            _ = try await client.call(AuthServiceRPC.updateUser, promote, as: root.accessToken)
            client.clock.advance(by: .seconds(1))
            let asAdmin = try await client.login("second-admin@example.com")
            let verifier = client.verifier()
            #expect(try await verifier.verify(asAdmin.accessToken).isAdmin)
            var demote = UpdateUserRequest()
            demote.userID = other.user.id
            demote.role = .user
            _ = try await client.call(AuthServiceRPC.updateUser, demote, as: root.accessToken)
            try await verifier.refreshRevocations()
            await #expect(throws: AccessTokenRejection.self) { try await verifier.verify(asAdmin.accessToken) }
        }
    }

    @Test("sign out everywhere: a user ends all their sessions; an admin ends another user's; a user cannot end someone else's", arguments: StoreBackend.available)
    func signOutEverywhere(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let admin = try await adminSession(client, core)
            let one = try await client.signUp("e@example.com")
            let two = try await client.login("e@example.com")
            let bystander = try await client.signUp("f@example.com")
            let verifier = client.verifier()

            let denied = await rpcError { try await client.call(AuthServiceRPC.revokeSessions, Self.revoke(admin.user.id), as: bystander.accessToken) }
            #expect(denied?.code == .permissionDenied)

            let own = try await client.call(AuthServiceRPC.revokeSessions, RevokeSessionsRequest(), as: one.accessToken)
            #expect(own.revokedSessions == 2)
            try await verifier.refreshRevocations()
            for pair in [one, two] {
                await #expect(throws: AccessTokenRejection.self) { try await verifier.verify(pair.accessToken) }
                #expect(await rpcError { try await client.refresh(pair.refreshToken) }?.code == .unauthenticated)
            }
            #expect(try await verifier.verify(bystander.accessToken).userID == bystander.user.id)

            let byAdmin = try await client.call(AuthServiceRPC.revokeSessions, Self.revoke(bystander.user.id), as: admin.accessToken)
            #expect(byAdmin.revokedSessions == 1)
            try await verifier.refreshRevocations()
            await #expect(throws: AccessTokenRejection.self) { try await verifier.verify(bystander.accessToken) }
            #expect(try await verifier.verify(admin.accessToken).isAdmin)
            let unknown = await rpcError { try await client.call(AuthServiceRPC.revokeSessions, Self.revoke("no-such-user"), as: admin.accessToken) }
            #expect(unknown?.code == .notFound)

            let events = try await client.audit(type: .sessionsRevoked, as: admin.accessToken)
            #expect(Set(events.map(\.userID)) == [one.user.id, bystander.user.id])
            #expect(events.first { $0.userID == bystander.user.id }?.actorUserID == admin.user.id)
        }
    }

    @Test("the list stays bounded: an entry leaves it once every token it covers has expired", arguments: StoreBackend.available)
    func entriesExpire(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            for index in 0..<5 {
                try await client.logout(try await client.signUp("x\(index)@example.com").refreshToken)
            }
            #expect(try await client.rpc.unary(AuthServiceRPC.getRevocations, GetRevocationsRequest()).revocations.count == 5)
            client.clock.advance(by: env.configuration.accessTokenLifetime + .seconds(11))
            #expect(try await client.rpc.unary(AuthServiceRPC.getRevocations, GetRevocationsRequest()).revocations.isEmpty)
            // The rows go at the next revocation.
            try await client.logout(try await client.signUp("y@example.com").refreshToken)
            let rows = try await core.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM token_revocations") }
            #expect(rows == 1)
        }
    }

    static func revoke(_ user: String) -> RevokeSessionsRequest {
        var request = RevokeSessionsRequest()
        request.userID = user
        return request
    }
}
