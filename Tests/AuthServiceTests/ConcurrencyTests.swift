import AuthService
import CEOAPI
import CEORPC
import CEOTestSupport
import Foundation
import CEOStorage
import Testing

@Suite("Races")
struct ConcurrencyTests {
    @Test("ten concurrent refreshes of one token: exactly one pair is issued, the rest count as reuse", arguments: StoreBackend.available)
    func concurrentRefresh(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let pair = try await client.signUp("race@example.com")
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<10 { group.addTask { (try? await client.refresh(pair.refreshToken)) != nil } }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            let tokens = try await core.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM refresh_tokens") }
            #expect(tokens == 2)
        }
    }

    @Test("ten concurrent registrations of one email: one account, nine ALREADY_EXISTS", arguments: StoreBackend.available)
    func concurrentRegistration(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let codes = await withTaskGroup(of: RPCStatusCode?.self) { group in
                for _ in 0..<10 { group.addTask { await rpcError { try await client.register("same@example.com") }?.code } }
                return await group.reduce(into: [RPCStatusCode?]()) { $0.append($1) }
            }
            #expect(codes.filter { $0 == nil }.count == 1)
            #expect(codes.filter { $0 == .alreadyExists }.count == 9)
            let users = try await core.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") }
            #expect(users == 1)
        }
    }

    @Test("concurrent failed logins cannot slip past the lockout threshold", arguments: StoreBackend.available)
    func concurrentFailures(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, _ in
            try await client.register("burst@example.com")
            let codes = await withTaskGroup(of: RPCStatusCode?.self) { group in
                for _ in 0..<12 {
                    group.addTask { await rpcError { try await client.login("burst@example.com", password: "guess-guess-guess") }?.code }
                }
                return await group.reduce(into: [RPCStatusCode?]()) { $0.append($1) }
            }
            #expect(!codes.contains(nil))
            // However the burst interleaves, the account ends up locked.
            #expect(await rpcError { try await client.login("burst@example.com") }?.code == .resourceExhausted)
        }
    }
}
