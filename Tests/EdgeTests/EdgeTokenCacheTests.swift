import AuthService
import Foundation
import NIOHTTP1
import Testing

/// The edge answers a token it has verified before from its cache (issue 21); a revoked
/// API key and a disabled user must still be refused at once.
@Suite("Edge token cache: revocations win over cached verifications", .timeLimit(.minutes(2)))
struct EdgeTokenCacheTests {
    @Test("a revoked API key and a disabled user's bearer token are refused at once, though each was just served from the cache")
    func revocationsBeatTheCache() async throws {
        try await EdgeTestEnvironment().run { edge in
            let password = "plum-orchard-lantern-42"
            let bearer = [("Authorization", "Bearer \(try await edge.signUp("cache@example.com"))")]
            let created = try await edge.send(.POST, "/api/keys", headers: bearer, json: ["name": "ci", "scopes": ["plans:read", "runs:read"]])
            let secret = try #require(created.json["secret"] as? String)
            let keyID = try #require((created.json["key"] as? [String: Any])?["id"] as? String)

            // Each credential is used several times: verified once, then served from the cache.
            for _ in 0..<3 {
                #expect(try await edge.send(.GET, "/api/auth/me", headers: [("X-API-Key", secret)]).status == 200)
                #expect(try await edge.send(.GET, "/api/agents/available", headers: bearer).status == 200)
            }
            #expect(try await edge.send(.DELETE, "/api/keys/\(keyID)", headers: bearer).status == 200)
            let afterRevoke = try await edge.send(.GET, "/api/auth/me", headers: [("X-API-Key", secret)])
            #expect(afterRevoke.status == 401, "a revoked API key was accepted: \(afterRevoke.json)")

            _ = try await edge.core.bootstrapAdmin(email: "root@example.com", password: password)
            let login = try await edge.send(.POST, "/api/auth/login", json: ["email": "root@example.com", "password": password, "session": false])
            let admin = [("Authorization", "Bearer \(try #require(login.json["access_token"] as? String))")]
            let me = try await edge.send(.GET, "/api/auth/me", headers: bearer)
            let userID = try #require((me.json["user"] as? [String: Any])?["id"] as? String)
            #expect(try await edge.send(.PATCH, "/api/admin/users/\(userID)", headers: admin, json: ["disabled": true]).status == 200)
            for path in ["/api/auth/me", "/api/agents/available"] {
                let reply = try await edge.send(.GET, path, headers: bearer)
                #expect(reply.status == 401, "a disabled user's cached token reached \(path): \(reply.status)")
            }
            #expect(try await edge.send(.GET, "/api/agents/available", headers: admin).status == 200)
        }
    }
}
