import AuthService
import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOStorage
import CEOTestSupport
import Foundation
import Logging

/// AuthService on a real mutual-TLS server over a real SQLite file in a temporary
/// folder, or a new database on the test PostgreSQL server, with a manual clock and
/// cheap password hashing (the default strength is tested on its own).
struct AuthTestEnvironment {
    let backend: StoreBackend
    let directory: URL
    /// The database of ``StoreBackend/postgres``; nil on SQLite.
    let postgres: PostgresSettings?
    let clock: ManualClock
    let pki: TestPKI
    var configuration: AuthConfiguration

    init(_ backend: StoreBackend = .sqlite) async throws {
        self.backend = backend
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("auth-test-\(UUID().uuidString)")
        postgres = backend == .postgres ? try await TestPostgres.freshDatabase(poolSize: 2) : nil
        clock = ManualClock()
        pki = try TestPKI()
        configuration = AuthConfiguration()
        configuration.passwordHashing = PasswordHasher.Parameters(iterations: 1_000)
    }

    /// A core on the environment's store: each call is another process (a restart, or
    /// on PostgreSQL another replica).
    func openCore() async throws -> AuthCore {
        switch backend {
        case .sqlite:
            return try await AuthCore.open(directory: directory, configuration: configuration, clock: clock.authClock, logger: TestHarness.logger)
        case .postgres:
            guard let postgres else { throw TestPostgresError("no PostgreSQL database for this environment") }
            return try await AuthCore.open(postgres: postgres, configuration: configuration, clock: clock.authClock, logger: TestHarness.logger)
        }
    }

    /// Runs AuthService and a client presenting `caller`'s certificate for `body`.
    func withService<Result: Sendable>(
        caller: String = "edge",
        _ body: (AuthClient, AuthCore) async throws -> Result
    ) async throws -> Result {
        let core = try await openCore()
        do {
            let result = try await TestHarness.withServer(pki: pki, identity: "auth", services: [AuthRPCService(core: core)]) { port in
                try await TestHarness.withClient(pki: pki, identity: caller, ports: [port]) { client in
                    try await body(AuthClient(rpc: client, clock: clock), core)
                }
            }
            try await core.database.close()
            return result
        } catch {
            // The connections and threads go now, not whenever the core is released: the
            // test process runs many suites at once.
            try? await core.database.close()
            throw error
        }
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Typed calls to AuthService for tests.
struct AuthClient: Sendable {
    let rpc: RPCClient
    let clock: ManualClock

    static let password = "plum-orchard-lantern-42"

    @discardableResult
    func register(_ email: String, password: String = password, name: String = "") async throws -> User {
        var request = RegisterRequest()
        request.email = email
        request.password = password
        request.displayName = name
        return try await rpc.unary(AuthServiceRPC.register, request)
    }

    func login(_ email: String, password: String = password, ip: String = "203.0.113.7") async throws -> TokenPair {
        var request = LoginRequest()
        request.email = email
        request.password = password
        request.clientIp = ip
        request.userAgent = "tests"
        return try await rpc.unary(AuthServiceRPC.login, request)
    }

    /// Registers and logs in.
    func signUp(_ email: String) async throws -> TokenPair {
        try await register(email)
        return try await login(email)
    }

    func refresh(_ token: String) async throws -> TokenPair {
        var request = RefreshRequest()
        request.refreshToken = token
        return try await rpc.unary(AuthServiceRPC.refresh, request)
    }

    func logout(_ token: String) async throws {
        var request = LogoutRequest()
        request.refreshToken = token
        _ = try await rpc.unary(AuthServiceRPC.logout, request)
    }

    /// A unary call carrying `token` as the acting user's bearer token.
    func call<Request, Response>(
        _ method: RPCMethodDescriptor<Request, Response>, _ request: Request, as token: String
    ) async throws -> Response {
        try await rpc.unary(method, request, options: CallOptions(metadata: BearerCredentials.metadata(token)))
    }

    func createKey(
        _ name: String, scopes: [String] = [AccessScope.plansRead], days: Int32 = 0, as token: String
    ) async throws -> CreateApiKeyResponse {
        var request = CreateApiKeyRequest()
        request.name = name
        request.scopes = scopes
        request.expiresInDays = days
        return try await call(AuthServiceRPC.createApiKey, request, as: token)
    }

    func exchange(_ key: String) async throws -> AccessToken {
        var request = ExchangeApiKeyRequest()
        request.apiKey = key
        return try await rpc.unary(AuthServiceRPC.exchangeApiKey, request)
    }

    func audit(type: AuditEventType? = nil, userID: String = "", as token: String) async throws -> [AuditEvent] {
        var request = ListAuditEventsRequest()
        request.type = type?.rawValue ?? ""
        request.userID = userID
        request.page.pageSize = 100
        return try await call(AuthServiceRPC.listAuditEvents, request, as: token).events
    }

    /// A verifier that fetches keys over RPC, as other services do.
    func verifier(minimumRefreshInterval: Duration = .seconds(10)) -> AccessTokenVerifier {
        AccessTokenVerifier(
            source: RemoteSigningKeySource(client: rpc, timeout: .seconds(60)),
            configuration: AccessTokenVerifier.Configuration(minimumRefreshInterval: minimumRefreshInterval),
            now: { [clock] in clock.now }
        )
    }
}

/// The status code of the error `operation` throws; nil when it succeeds.
func rpcError(_ operation: () async throws -> some Any) async -> RPCError? {
    do {
        _ = try await operation()
        return nil
    } catch let error as RPCError {
        return error
    } catch {
        return RPCError(.unknown, "not an RPCError: \(error)")
    }
}

/// An admin's session: bootstraps `email` as the first admin and logs in.
func adminSession(_ client: AuthClient, _ core: AuthCore, email: String = "root@example.com") async throws -> TokenPair {
    _ = try await core.bootstrapAdmin(email: email, password: AuthClient.password)
    return try await client.login(email)
}

/// Presents `token` to `verifier` until it is refused (a background refresh of the
/// revocation list has to land first), for up to 30 s; true once refused.
func becomesRefused(_ token: String, by verifier: AccessTokenVerifier) async throws -> Bool {
    for _ in 0..<3_000 {
        if (try? await verifier.verify(token)) == nil { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return false
}
