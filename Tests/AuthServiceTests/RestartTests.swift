import AuthService
import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOTestSupport
import Foundation
import Testing

@Suite("Restart")
struct RestartTests {
    @Test("after a restart, data is intact: earlier tokens verify, refresh and API keys work, the key is the same", arguments: StoreBackend.available)
    func restart(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        let (pair, key, keys) = try await env.withService { client, _ in
            let pair = try await client.signUp("persist@example.com")
            let key = try await client.createKey("keep", as: pair.accessToken)
            let keys = try await client.rpc.unary(AuthServiceRPC.getSigningKeys, GetSigningKeysRequest())
            return (pair, key, keys)
        }
        try await env.withService { client, _ in
            let again = try await client.rpc.unary(AuthServiceRPC.getSigningKeys, GetSigningKeysRequest())
            #expect(again.keys.map(\.keyID) == keys.keys.map(\.keyID))
            #expect(try await client.verifier().verify(pair.accessToken).userID == pair.user.id)
            let me = try await client.call(AuthServiceRPC.getCurrentUser, GetCurrentUserRequest(), as: pair.accessToken)
            #expect(me.email == "persist@example.com")
            _ = try await client.refresh(pair.refreshToken)
            _ = try await client.exchange(key.secret)
            _ = try await client.login("persist@example.com")
        }
    }
}
