import AuthService
import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOTestSupport
import Foundation
import CEOStorage
import Testing

@Suite("Refresh tokens and logout")
struct RefreshTokenTests {
    @Test("each refresh rotates the token; reusing a spent one revokes the whole family and is audited", arguments: StoreBackend.available)
    func rotationAndReuse(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let first = try await client.signUp("r@example.com")
            let second = try await client.refresh(first.refreshToken)
            #expect(second.refreshToken != first.refreshToken)
            #expect(second.user.id == first.user.id)
            #expect(try await client.verifier().verify(second.accessToken).userID == first.user.id)
            let third = try await client.refresh(second.refreshToken)

            // A thief replays the first token: refused, and the legitimate chain dies with it.
            let reuse = await rpcError { try await client.refresh(first.refreshToken) }
            #expect(reuse?.code == .unauthenticated)
            #expect(reuse?.message.contains("already used") == true)
            let after = await rpcError { try await client.refresh(third.refreshToken) }
            #expect(after?.code == .unauthenticated)
            #expect(after?.message.contains("revoked") == true)

            // Only hashes are stored.
            let stored = try await core.database.read { db in try String.fetchAll(db, sql: "SELECT token_hash FROM refresh_tokens") }
            #expect(stored.count == 3 && !stored.contains(third.refreshToken))

            let admin = try await adminSession(client, core)
            let events = try await client.audit(type: .refreshReused, as: admin.accessToken)
            #expect(events.map(\.userID) == [first.user.id])
            // A session of another login is unaffected.
            _ = try await client.refresh(try await client.login("r@example.com").refreshToken)
        }
    }

    @Test("logout revokes the family; logging out twice is fine", arguments: StoreBackend.available)
    func logout(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, _ in
            let pair = try await client.signUp("l@example.com")
            let next = try await client.refresh(pair.refreshToken)
            try await client.logout(next.refreshToken)
            try await client.logout(next.refreshToken)
            #expect(await rpcError { try await client.refresh(next.refreshToken) }?.code == .unauthenticated)
            #expect(await rpcError { try await client.logout("ceo_rt_" + String(repeating: "A", count: 43)) }?.code == .unauthenticated)
        }
    }

    @Test("expired, malformed and unknown refresh tokens are refused with clear errors", arguments: StoreBackend.available)
    func badTokens(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, _ in
            let pair = try await client.signUp("e@example.com")
            let malformed = await rpcError { try await client.refresh("garbage") }
            #expect(malformed?.code == .invalidArgument)
            #expect(malformed?.details.first?.field == "refresh_token")
            #expect(await rpcError { try await client.refresh("ceo_rt_" + String(repeating: "B", count: 43)) }?.message.contains("unknown") == true)
            env.clock.advance(by: .seconds(30 * 24 * 3600 + 1))
            let expired = await rpcError { try await client.refresh(pair.refreshToken) }
            #expect(expired?.code == .unauthenticated)
            #expect(expired?.message.contains("expired") == true)
        }
    }

    @Test("a disabled user's refresh stops working; re-enabling needs a new login", arguments: StoreBackend.available)
    func disabledUser(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let pair = try await client.signUp("d@example.com")
            let admin = try await adminSession(client, core)
            var update = UpdateUserRequest()
            update.userID = pair.user.id
            update.disabled = true
            let disabled = try await client.call(AuthServiceRPC.updateUser, update, as: admin.accessToken)
            #expect(disabled.disabled)
            #expect(await rpcError { try await client.refresh(pair.refreshToken) }?.code == .unauthenticated)
            // The still-unexpired access token no longer reaches anything that checks the account.
            #expect(await rpcError { try await client.call(AuthServiceRPC.getCurrentUser, GetCurrentUserRequest(), as: pair.accessToken) }?.code == .permissionDenied)
            update.disabled = false
            _ = try await client.call(AuthServiceRPC.updateUser, update, as: admin.accessToken)
            #expect(await rpcError { try await client.refresh(pair.refreshToken) }?.code == .unauthenticated)
            _ = try await client.login("d@example.com")
        }
    }
}
