import AuthService
import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOTestSupport
import Foundation
import CEOStorage
import Testing

@Suite("Login and lockout")
struct LoginTests {
    @Test("a correct password returns tokens that verify, with the user's role and scopes", arguments: StoreBackend.available)
    func loginOK(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, _ in
            let user = try await client.register("ok@example.com")
            let pair = try await client.login("OK@example.com")
            #expect(pair.user.id == user.id)
            #expect(pair.refreshToken.hasPrefix("ceo_rt_"))
            #expect(pair.accessExpiresAtUnixMs - Int64(env.clock.now.timeIntervalSince1970 * 1000) == 15 * 60 * 1000)
            let principal = try await client.verifier().verify(pair.accessToken)
            #expect(principal.userID == user.id)
            #expect(principal.role == .user)
            #expect(principal.scopes == Set(AccessScope.granted(to: .user)))
            #expect(principal.apiKeyID == nil)
            let me = try await client.call(AuthServiceRPC.getCurrentUser, GetCurrentUserRequest(), as: pair.accessToken)
            #expect(me.id == user.id && me.lastLoginAtUnixMs > 0)
        }
    }

    @Test("a wrong password and an unknown email get the same answer, and both are audited", arguments: StoreBackend.available)
    func wrongAndUnknown(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            try await client.register("known@example.com")
            let wrong = await rpcError { try await client.login("known@example.com", password: "not-the-password-1") }
            let unknown = await rpcError { try await client.login("nobody@example.com", password: "not-the-password-1") }
            #expect(wrong?.code == .unauthenticated)
            #expect(wrong == unknown)
            let failures = try await core.database.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_events WHERE type = 'login.failed'")
            }
            #expect(failures == 2)
            #expect(await rpcError { try await client.login("", password: "") }?.details.map(\.field) == ["email", "password"])
        }
    }

    @Test("five failures in 15 minutes lock the account; the lock says how long and expires", arguments: StoreBackend.available)
    func lockout(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            try await client.register("target@example.com")
            for _ in 1...5 {
                #expect(await rpcError { try await client.login("target@example.com", password: "guess-guess-guess") }?.code == .unauthenticated)
                env.clock.advance(by: .seconds(60))
            }
            // Now even the right password is refused, with the time left.
            let locked = await rpcError { try await client.login("target@example.com") }
            #expect(locked?.code == .resourceExhausted)
            // Locked at the fifth failure (4 minutes in) for 15 minutes: 14 minutes are left.
            #expect(locked?.message.contains("try again in 840 s") == true, "\(String(describing: locked))")
            #expect(locked?.trailers["retry-after"] == "840")
            env.clock.advance(by: .seconds(780))
            #expect(await rpcError { try await client.login("target@example.com") }?.message.contains("in 60 s") == true)
            env.clock.advance(by: .seconds(60))
            _ = try await client.login("target@example.com")

            let admin = try await adminSession(client, core)
            let types = try await client.audit(as: admin.accessToken).filter { $0.details["email"] == "target@example.com" }.map(\.type)
            #expect(types.filter { $0 == "login.failed" }.count == 5)
            #expect(types.contains("login.locked_out"))
            #expect(types.filter { $0 == "login.refused_locked" }.count == 2)
        }
    }

    @Test("failures spread over more than 15 minutes do not lock; a success resets the count", arguments: StoreBackend.available)
    func lockoutWindow(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, _ in
            try await client.register("slow@example.com")
            for _ in 1...8 {
                _ = await rpcError { try await client.login("slow@example.com", password: "guess-guess-guess") }
                env.clock.advance(by: .seconds(4 * 60))
            }
            _ = try await client.login("slow@example.com")
            for _ in 1...4 { _ = await rpcError { try await client.login("slow@example.com", password: "guess-guess-guess") } }
            _ = try await client.login("slow@example.com")
            for _ in 1...4 { _ = await rpcError { try await client.login("slow@example.com", password: "guess-guess-guess") } }
            _ = try await client.login("slow@example.com")
        }
    }

    @Test("unknown emails lock out the same way, so a lockout does not reveal an account", arguments: StoreBackend.available)
    func unknownEmailLockout(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, _ in
            for _ in 1...5 { _ = await rpcError { try await client.login("ghost@example.com", password: "guess-guess-guess") } }
            #expect(await rpcError { try await client.login("ghost@example.com", password: "guess-guess-guess") }?.code == .resourceExhausted)
        }
    }

    @Test("a disabled user cannot log in", arguments: StoreBackend.available)
    func disabledLogin(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let user = try await client.register("gone@example.com")
            let admin = try await adminSession(client, core)
            var update = UpdateUserRequest()
            update.userID = user.id
            update.disabled = true
            _ = try await client.call(AuthServiceRPC.updateUser, update, as: admin.accessToken)
            #expect(await rpcError { try await client.login("gone@example.com") }?.code == .permissionDenied)
            // A wrong password still gets the generic answer (nothing about the account leaks).
            #expect(await rpcError { try await client.login("gone@example.com", password: "guess-guess-guess") }?.code == .unauthenticated)
        }
    }

    @Test("hashes made with weaker parameters are upgraded at the next login", arguments: StoreBackend.available)
    func rehashOnLogin(backend: StoreBackend) async throws {
        var env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        let userID = try await env.withService { client, _ in try await client.register("upgrade@example.com").id }
        env.configuration.passwordHashing = PasswordHasher.Parameters(iterations: 2_000)
        try await env.withService { client, core in
            _ = try await client.login("upgrade@example.com")
            let stored = try await core.database.read { db in
                try String.fetchOne(db, sql: "SELECT password_hash FROM credentials WHERE user_id = ?", arguments: [userID])
            }
            #expect(stored?.hasPrefix("$pbkdf2-sha256$i=2000$") == true)
            _ = try await client.login("upgrade@example.com")
        }
    }
}

@Suite("Password hashing")
struct PasswordHasherTests {
    @Test("the default is OWASP's PBKDF2-HMAC-SHA256 strength, with a per-user salt")
    func owaspDefault() async throws {
        let hasher = PasswordHasher()
        #expect(hasher.parameters.iterations == 600_000)
        let first = try await hasher.hash("correct horse battery")
        let second = try await hasher.hash("correct horse battery")
        #expect(first.hasPrefix("$pbkdf2-sha256$i=600000$"))
        #expect(first != second)
        #expect(try await hasher.verify("correct horse battery", against: first))
        #expect(try await !hasher.verify("correct horse batterz", against: first))
        #expect(!hasher.needsRehash(first))
    }

    @Test("a stored hash that cannot be read never matches", arguments: ["", "plain", "$pbkdf2-sha256$i=0$AA$AA", "$bcrypt$x$y$z"])
    func unreadable(stored: String) async throws {
        let hasher = PasswordHasher(parameters: .init(iterations: 1_000))
        #expect(try await !hasher.verify("anything at all", against: stored))
        #expect(hasher.needsRehash(stored))
    }
}
