import AuthService
import CEOAPI
import CEORPC
import CEOTestSupport
import Foundation
import CEOStorage
import Testing

@Suite("Registration")
struct RegistrationTests {
    @Test("a valid registration creates a user with the role user and a normalised email", arguments: StoreBackend.available)
    func registers(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let user = try await client.register("  Ada.Lovelace@Example.COM ", name: "Ada")
            #expect(user.email == "ada.lovelace@example.com")
            #expect(user.role == .user)
            #expect(user.displayName == "Ada")
            #expect(!user.id.isEmpty)
            // The password is stored hashed, with its parameters.
            let stored = try await core.database.read { db in
                try String.fetchOne(db, sql: "SELECT password_hash FROM credentials WHERE user_id = ?", arguments: [user.id])
            }
            #expect(stored?.hasPrefix("$pbkdf2-sha256$i=1000$") == true)
            #expect(stored?.contains(AuthClient.password) == false)
            let events = try await core.database.read { db in
                try String.fetchAll(db, sql: "SELECT type FROM audit_events WHERE user_id = ?", arguments: [user.id])
            }
            #expect(events == ["user.registered"])
        }
    }

    @Test(
        "password rules are enforced and named",
        arguments: [
            ("short-pw1", "min_length"),
            ("password1234", "not_common"),
            ("Qwertyuiop123", "not_common"),
            ("aaaaaaaaaaaaaaaa", "not_common"),
            ("grace.hopper-rocks", "not_email"),
            (String(repeating: "x7", count: 200), "max_length"),
        ]
    )
    func passwordPolicy(password: String, rule: String) async throws {
        let env = try await AuthTestEnvironment()
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let error = await rpcError { try await client.register("grace.hopper@example.com", password: password) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.details.contains { $0.field == "password" && $0.description.contains("rule: \(rule)") } == true, "\(String(describing: error))")
            let users = try await core.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") }
            #expect(users == 0)
        }
    }

    @Test("bad emails and display names are named", arguments: ["", "no-at-sign", "a@b", "two@@example.com", "sp ace@example.com"])
    func badEmail(email: String) async throws {
        let env = try await AuthTestEnvironment()
        defer { env.cleanUp() }
        try await env.withService { client, _ in
            let error = await rpcError { try await client.register(email) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.details.first?.field == "email")
        }
    }

    @Test("a display name with control characters is refused", arguments: StoreBackend.available)
    func badDisplayName(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, _ in
            let error = await rpcError { try await client.register("x@example.com", name: "evil\u{7}name") }
            #expect(error?.code == .invalidArgument)
            #expect(error?.details.first?.field == "display_name")
        }
    }

    @Test("a taken email is ALREADY_EXISTS, whatever its case, and the first account is untouched", arguments: StoreBackend.available)
    func duplicateEmail(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, _ in
            let first = try await client.register("founder@example.com")
            let error = await rpcError { try await client.register("FOUNDER@example.com ", password: "another-long-passphrase") }
            #expect(error?.code == .alreadyExists)
            #expect(error?.details.first?.field == "email")
            // The first account's password still works; the second one's does not.
            let pair = try await client.login("founder@example.com")
            #expect(pair.user.id == first.id)
            #expect(await rpcError { try await client.login("founder@example.com", password: "another-long-passphrase") }?.code == .unauthenticated)
        }
    }

    @Test("only the edge may register, log in, refresh or exchange keys; anyone may read the signing keys", arguments: StoreBackend.available)
    func callerIdentity(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService(caller: "orchestrator") { client, _ in
            #expect(await rpcError { try await client.register("x@example.com") }?.code == .permissionDenied)
            #expect(await rpcError { try await client.login("x@example.com") }?.code == .permissionDenied)
            #expect(await rpcError { try await client.exchange("ceo_x") }?.code == .permissionDenied)
            let keys = try await client.rpc.unary(AuthServiceRPC.getSigningKeys, GetSigningKeysRequest())
            #expect(keys.keys.count == 1)
        }
    }

    @Test("the first admin is made only on purpose, and only once", arguments: StoreBackend.available)
    func bootstrapAdmin(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            // Registration never makes an admin, not even in an empty deployment.
            let first = try await client.register("first@example.com")
            #expect(first.role == .user)
            let admin = try await core.bootstrapAdmin(email: "first@example.com", password: "ignored-for-existing")
            #expect(admin.role == .admin && admin.id == first.id)
            let again = await rpcError { try await core.bootstrapAdmin(email: "other@example.com", password: AuthClient.password) }
            #expect(again?.code == .failedPrecondition)
            // The setting form is idempotent: with an admin present it does nothing.
            try await core.bootstrapAdminIfNeeded(email: "other@example.com", password: AuthClient.password)
            #expect(await rpcError { try await client.login("other@example.com") }?.code == .unauthenticated)
        }
    }
}
