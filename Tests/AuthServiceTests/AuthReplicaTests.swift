import AuthService
import CEOAPI
import CEOAuthTokens
import CEOStorage
import CEOTestSupport
import Foundation
import Testing

/// Two AuthService replicas (two `AuthCore`s, each with its own connections and keyring)
/// on one PostgreSQL database, sharing one manual clock: what one replica decides, the
/// other must respect, whichever receives the request.
@Suite("Replicas on one PostgreSQL database", .enabled(if: TestPostgres.serverURL != nil, "needs CEO_TEST_POSTGRES_URL (scripts/test.sh)"))
struct AuthReplicaTests {
    static let password = AuthClient.password

    @Test("five failed logins alternating replicas lock the email on both; the right password is refused while locked")
    func lockoutAcrossReplicas() async throws {
        try await withReplicas { _, a, b in
            _ = try await a.register(registration("alternate@example.com"))
            for attempt in 0..<5 {
                let replica = attempt.isMultiple(of: 2) ? a : b
                let error = await signInError { try await replica.login(login("alternate@example.com", password: "guess-guess-guess")) }
                #expect(error.map(isWrongPassword) == true, "attempt \(attempt + 1): \(String(describing: error))")
            }
            for replica in [a, b] {
                let sixth = await signInError { try await replica.login(login("alternate@example.com", password: "guess-guess-guess")) }
                #expect(sixth.map(isLockedOut) == true)
                let right = await signInError { try await replica.login(login("alternate@example.com", password: Self.password)) }
                #expect(right.map(isLockedOut) == true)
            }
        }
    }

    @Test("a burst of failed logins spread over both replicas starts exactly one lockout, and nobody gets in")
    func concurrentFailuresAcrossReplicas() async throws {
        try await withReplicas { _, a, b in
            _ = try await a.register(registration("burst@example.com"))
            let outcomes = await withTaskGroup(of: SignInError?.self) { group in
                for attempt in 0..<12 {
                    let replica = attempt.isMultiple(of: 2) ? a : b
                    group.addTask { await signInError { try await replica.login(login("burst@example.com", password: "guess-guess-guess")) } }
                }
                return await group.reduce(into: [SignInError?]()) { $0.append($1) }
            }
            #expect(outcomes.allSatisfy { $0 != nil })
            let lockouts = try await a.database.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_events WHERE type = 'login.locked_out'")
            }
            #expect(lockouts == 1)
            for replica in [a, b] {
                #expect(await signInError { try await replica.login(login("burst@example.com", password: Self.password)) }.map(isLockedOut) == true)
            }
        }
    }

    @Test("a refresh token rotated on one replica and presented again on the other revokes the session on both")
    func reuseAcrossReplicas() async throws {
        try await withReplicas { _, a, b in
            _ = try await a.register(registration("rotate@example.com"))
            let first = try await a.login(login("rotate@example.com"))
            let second = try await a.refresh(refresh(first.refreshToken))
            let reuse = await signInError { try await b.refresh(refresh(first.refreshToken)) }
            #expect(reuse.map(isReuse) == true, "\(String(describing: reuse))")
            for replica in [a, b] {
                let after = await signInError { try await replica.refresh(refresh(second.refreshToken)) }
                #expect(after.map(isSessionRevoked) == true, "\(String(describing: after))")
            }
        }
    }

    @Test("one refresh token presented at once on both replicas: exactly one new pair")
    func concurrentRefreshAcrossReplicas() async throws {
        try await withReplicas { _, a, b in
            _ = try await a.register(registration("race@example.com"))
            let pair = try await b.login(login("race@example.com"))
            let successes = await withTaskGroup(of: Bool.self) { group in
                for attempt in 0..<10 {
                    let replica = attempt.isMultiple(of: 2) ? a : b
                    group.addTask { (try? await replica.refresh(refresh(pair.refreshToken))) != nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(successes == 1)
            let tokens = try await a.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM refresh_tokens") }
            #expect(tokens == 2)
        }
    }

    @Test("twenty registrations of one email at once on both replicas: one account")
    func concurrentRegistrationAcrossReplicas() async throws {
        try await withReplicas { _, a, b in
            let outcomes = await withTaskGroup(of: Bool?.self) { group in
                for attempt in 0..<20 {
                    let replica = attempt.isMultiple(of: 2) ? a : b
                    group.addTask {
                        do {
                            _ = try await replica.register(registration("same@example.com"))
                            return true
                        } catch AccountError.emailTaken {
                            return false
                        } catch {
                            Issue.record("a registration failed otherwise: \(String(reflecting: error))")
                            return nil
                        }
                    }
                }
                return await group.reduce(into: [Bool?]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == true }.count == 1)
            #expect(outcomes.filter { $0 == false }.count == 19)
            let users = try await b.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") }
            #expect(users == 1)
        }
    }

    @Test("the first admin is bootstrapped once when both replicas try at once")
    func concurrentBootstrapAcrossReplicas() async throws {
        try await withReplicas { _, a, b in
            let made = await withTaskGroup(of: Bool.self) { group in
                for (index, replica) in [a, b, a, b].enumerated() {
                    group.addTask { (try? await replica.bootstrapAdmin(email: "root\(index)@example.com", password: Self.password)) != nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(made == 1)
            let admins = try await a.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE role = 'admin'") }
            #expect(admins == 1)
        }
    }

    @Test("API keys created at once on both replicas stop at the per-user limit")
    func apiKeyLimitAcrossReplicas() async throws {
        var configuration = Self.configuration
        configuration.maximumAPIKeysPerUser = 3
        try await withReplicas(configuration) { env, a, b in
            let user = try await a.register(registration("keys@example.com"))
            let principal = AuthPrincipal(
                userID: user.id, role: .user, scopes: Set(AccessScope.granted(to: .user)), apiKeyID: nil, tokenID: "t",
                expiresAt: env.clock.now.addingTimeInterval(900)
            )
            let created = await withTaskGroup(of: Bool.self) { group in
                for attempt in 0..<10 {
                    let replica = attempt.isMultiple(of: 2) ? a : b
                    group.addTask {
                        var request = CreateApiKeyRequest()
                        request.name = "key \(attempt)"
                        request.scopes = [AccessScope.plansRead]
                        return (try? await replica.createAPIKey(request, by: principal)) != nil
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(created == 3)
        }
    }

    @Test("replicas starting together make one signing key; a rotation on one is published by the other once it reloads")
    func sharedSigningKeys() async throws {
        try await withReplicas { env, a, b in
            let first = try #require(await a.keyring.activeKeyID)
            #expect(await b.keyring.activeKeyID == first)
            #expect(try await keyCount(a) == (total: 1, active: 1))

            _ = try await a.keyring.rotate()
            let second = try #require(await a.keyring.activeKeyID)
            #expect(second != first)
            #expect(Set(await a.keyring.published().keys.map(\.keyID)) == [first, second])
            #expect(try await keyCount(b) == (total: 2, active: 1))
            // B's copy is younger than the reload interval: it still publishes what it loaded.
            #expect(await b.keyring.published().keys.map(\.keyID) == [first])

            env.clock.advance(by: Self.configuration.signingKeyReloadInterval)
            #expect(Set(await b.keyring.published().keys.map(\.keyID)) == [first, second])
            _ = try await b.register(registration("signed@example.com"))
            let pair = try await b.login(login("signed@example.com"))
            #expect(kid(of: pair.accessToken) == second)
            // A token B signs verifies with A's keys.
            #expect(try await a.makeVerifier().verify(pair.accessToken).userID == pair.user.id)
        }
    }

    @Test("when the rotation interval passes, replicas signing at once make one new key")
    func scheduledRotationAcrossReplicas() async throws {
        try await withReplicas { env, a, b in
            _ = try await a.register(registration("late@example.com"))
            let first = try #require(await a.keyring.activeKeyID)
            env.clock.advance(by: try #require(Self.configuration.signingKeyRotation) + .seconds(1))
            let kids = try await withThrowingTaskGroup(of: String?.self) { group in
                for attempt in 0..<6 {
                    let replica = attempt.isMultiple(of: 2) ? a : b
                    group.addTask { kid(of: try await replica.login(login("late@example.com")).accessToken) }
                }
                return try await group.reduce(into: Set<String?>()) { $0.insert($1) }
            }
            #expect(kids.count == 1 && !kids.contains(first))
            #expect(try await keyCount(a) == (total: 2, active: 1))
        }
    }

    // MARK: - Helpers

    static var configuration: AuthConfiguration {
        var configuration = AuthConfiguration()
        configuration.passwordHashing = PasswordHasher.Parameters(iterations: 1_000)
        return configuration
    }

    /// Runs `body` with two replicas started together on a new database, and closes
    /// their connections afterwards.
    private func withReplicas(
        _ configuration: AuthConfiguration = AuthReplicaTests.configuration,
        _ body: (AuthTestEnvironment, AuthCore, AuthCore) async throws -> Void
    ) async throws {
        let env = try await AuthTestEnvironment(.postgres)
        var pooled = try #require(env.postgres)
        pooled.poolSize = 4
        let settings = pooled
        let clock = env.clock.authClock
        async let first = AuthCore.open(postgres: settings, configuration: configuration, clock: clock, logger: TestHarness.logger)
        async let second = AuthCore.open(postgres: settings, configuration: configuration, clock: clock, logger: TestHarness.logger)
        let (a, b) = try await (first, second)
        do {
            try await body(env, a, b)
        } catch {
            try? await a.database.close()
            try? await b.database.close()
            throw error
        }
        try await a.database.close()
        try await b.database.close()
    }

    private func keyCount(_ core: AuthCore) async throws -> (total: Int, active: Int) {
        try await core.database.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM signing_keys") ?? 0
            let active = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM signing_keys WHERE retired_at_ms IS NULL") ?? 0
            return (total, active)
        }
    }
}

private func registration(_ email: String) -> RegisterRequest {
    var request = RegisterRequest()
    request.email = email
    request.password = AuthClient.password
    return request
}

private func login(_ email: String, password: String = AuthClient.password) -> LoginRequest {
    var request = LoginRequest()
    request.email = email
    request.password = password
    return request
}

private func refresh(_ token: String) -> RefreshRequest {
    var request = RefreshRequest()
    request.refreshToken = token
    return request
}

/// The sign-in refusal `operation` throws; nil when it succeeds (or fails otherwise).
private func signInError(_ operation: () async throws -> some Any) async -> SignInError? {
    do {
        _ = try await operation()
        return nil
    } catch let error as SignInError {
        return error
    } catch {
        Issue.record("not a sign-in refusal: \(error)")
        return nil
    }
}

private func isWrongPassword(_ error: SignInError) -> Bool {
    if case .wrongEmailOrPassword = error { true } else { false }
}

private func isLockedOut(_ error: SignInError) -> Bool {
    if case .lockedOut = error { true } else { false }
}

private func isReuse(_ error: SignInError) -> Bool {
    if case .refreshTokenReused = error { true } else { false }
}

private func isSessionRevoked(_ error: SignInError) -> Bool {
    if case .sessionRevoked = error { true } else { false }
}
