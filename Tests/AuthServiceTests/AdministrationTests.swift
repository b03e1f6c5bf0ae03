import AuthService
import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOTestSupport
import Foundation
import CEOStorage
import Testing

@Suite("Administration")
struct AdministrationTests {
    @Test("admin calls are refused for users, for API-key tokens without the admin scope, and without a token", arguments: StoreBackend.available)
    func adminOnly(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let user = try await client.signUp("user@example.com")
            _ = try await adminSession(client, core)
            var update = UpdateUserRequest()
            update.userID = user.user.id
            update.role = .admin
            #expect(await rpcError { try await client.call(AuthServiceRPC.listUsers, ListUsersRequest(), as: user.accessToken) }?.code == .permissionDenied)
            #expect(await rpcError { try await client.call(AuthServiceRPC.updateUser, update, as: user.accessToken) }?.code == .permissionDenied)
            #expect(await rpcError { try await client.call(AuthServiceRPC.listAuditEvents, ListAuditEventsRequest(), as: user.accessToken) }?.code == .permissionDenied)
            #expect(await rpcError { try await client.rpc.unary(AuthServiceRPC.listUsers, ListUsersRequest()) }?.code == .unauthenticated)
            // Nothing changed.
            let role = try await core.database.read { db in
                try String.fetchOne(db, sql: "SELECT role FROM users WHERE id = ?", arguments: [user.user.id])
            }
            #expect(role == "user")
        }
    }

    @Test("a token signed while the user was admin stops working for admin calls once the role is removed", arguments: StoreBackend.available)
    func staleAdminToken(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let root = try await adminSession(client, core)
            let other = try await client.signUp("other@example.com")
            var update = UpdateUserRequest()
            update.userID = other.user.id
            update.role = .admin
            _ = try await client.call(AuthServiceRPC.updateUser, update, as: root.accessToken)
            let otherAdmin = try await client.login("other@example.com")
            update.role = .user
            _ = try await client.call(AuthServiceRPC.updateUser, update, as: root.accessToken)
            #expect(await rpcError { try await client.call(AuthServiceRPC.listUsers, ListUsersRequest(), as: otherAdmin.accessToken) }?.code == .permissionDenied)
        }
    }

    @Test("users are listed newest first in pages; bad page requests name the field", arguments: StoreBackend.available)
    func listUsers(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let admin = try await adminSession(client, core)
            for index in 0..<5 {
                env.clock.advance(by: .seconds(1))
                try await client.register("user\(index)@example.com")
            }
            var request = ListUsersRequest()
            request.page.pageSize = 2
            var emails: [String] = []
            var pages = 0
            repeat {
                let page = try await client.call(AuthServiceRPC.listUsers, request, as: admin.accessToken)
                emails += page.users.map(\.email)
                request.page.pageToken = page.nextPageToken
                pages += 1
            } while !request.page.pageToken.isEmpty
            #expect(pages == 3)
            #expect(emails == ["user4@example.com", "user3@example.com", "user2@example.com", "user1@example.com", "user0@example.com", "root@example.com"])

            request.page.pageSize = 500
            #expect(await rpcError { try await client.call(AuthServiceRPC.listUsers, request, as: admin.accessToken) }?.details.first?.field == "page.page_size")
            request.page.pageSize = 10
            request.page.pageToken = "garbage"
            #expect(await rpcError { try await client.call(AuthServiceRPC.listUsers, request, as: admin.accessToken) }?.details.first?.field == "page.page_token")
        }
    }

    @Test("role changes and disabling are audited; admins cannot demote or disable themselves; unknown users are NOT_FOUND", arguments: StoreBackend.available)
    func updateUser(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let admin = try await adminSession(client, core)
            let user = try await client.register("u@example.com")
            var update = UpdateUserRequest()
            update.userID = user.id
            update.role = .admin
            let promoted = try await client.call(AuthServiceRPC.updateUser, update, as: admin.accessToken)
            #expect(promoted.role == .admin)

            var own = UpdateUserRequest()
            own.userID = admin.user.id
            own.disabled = true
            #expect(await rpcError { try await client.call(AuthServiceRPC.updateUser, own, as: admin.accessToken) }?.details.first?.field == "user_id")
            var unknown = UpdateUserRequest()
            unknown.userID = "nobody"
            unknown.disabled = true
            #expect(await rpcError { try await client.call(AuthServiceRPC.updateUser, unknown, as: admin.accessToken) }?.code == .notFound)
            var nothing = UpdateUserRequest()
            nothing.userID = user.id
            #expect(await rpcError { try await client.call(AuthServiceRPC.updateUser, nothing, as: admin.accessToken) }?.code == .invalidArgument)

            let roleEvents = try await client.audit(type: .roleChanged, as: admin.accessToken)
            #expect(roleEvents.count == 1)
            #expect(roleEvents[0].actorUserID == admin.user.id && roleEvents[0].details == ["from": "user", "to": "admin"])
        }
    }

    @Test("the audit log pages newest first and filters by type and user; unknown types are refused", arguments: StoreBackend.available)
    func auditLog(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let admin = try await adminSession(client, core)
            for _ in 0..<3 { _ = await rpcError { try await client.login("root@example.com", password: "wrong-password-here") } }
            var request = ListAuditEventsRequest()
            request.page.pageSize = 2
            var all: [AuditEvent] = []
            repeat {
                let page = try await client.call(AuthServiceRPC.listAuditEvents, request, as: admin.accessToken)
                all += page.events
                request.page.pageToken = page.nextPageToken
            } while !request.page.pageToken.isEmpty
            #expect(all.map(\.id) == all.map(\.id).sorted(by: >))
            #expect(all.map(\.type) == ["login.failed", "login.failed", "login.failed", "login.succeeded", "user.admin_bootstrapped"])
            #expect(all[0].clientIp == "203.0.113.7")
            #expect(try await client.audit(type: .loginFailed, as: admin.accessToken).count == 3)

            var bad = ListAuditEventsRequest()
            bad.type = "login.maybe"
            #expect(await rpcError { try await client.call(AuthServiceRPC.listAuditEvents, bad, as: admin.accessToken) }?.details.first?.field == "type")
        }
    }
}
