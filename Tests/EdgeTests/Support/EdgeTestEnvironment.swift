import AgentService
import AsyncHTTPClient
import AuthService
import CEOAPI
import CEOAuthTokens
import CEODomain
import CEORPC
import CEOServiceKit
import CEOTestSupport
import Edge
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Orchestrator
import Synchronization

/// The edge's HTTPS listener on an ephemeral loopback port in front of real
/// AuthService, Orchestrator and AgentService servers over mutual TLS, and an HTTPS
/// client that trusts the test CA.
struct EdgeTestEnvironment {
    let pki: TestPKI
    /// Internal services the edge cannot reach (its client points at a closed port).
    var down: Set<String> = []
    var cspReportOnly = false
    var trustedProxies: Set<String> = []
    /// Last changes to the listener's configuration (timeouts, caps, WebSocket limits).
    var tune: @Sendable (inout EdgeHTTPConfiguration) -> Void = { _ in }
    /// The agents the services know; a test adds one with ``extraAgents`` and its entry here.
    var catalog: AgentCatalog = .standard
    /// Agents served beside the bundled six.
    var extraAgents: [any Agent] = []
    /// Generous limits, so that tests of other things never hit them.
    var rateLimits: RateLimitPolicies = {
        var policies = RateLimitPolicies()
        policies.burstGuard = RateLimitPolicy("burst", [.init(100_000, per: .seconds(10))])
        policies.general = RateLimitPolicy("general", [.init(100_000, per: .seconds(3_600))])
        policies.analyze = RateLimitPolicy("analyze", [.init(100_000, per: .seconds(60))])
        policies.login = RateLimitPolicy("login", [.init(100_000, per: .seconds(60))])
        return policies
    }()

    init() throws { pki = try TestPKI() }

    struct Running: Sendable {
        let client: HTTPClient
        let port: Int
        let core: AuthCore
        /// The test CA, for clients other than `client`.
        let trustRoots: [NIOSSLCertificate]
        let metrics: EdgeMetrics
        /// The plain-HTTP metrics listener.
        let metricsPort: Int

        var base: String { "https://localhost:\(port)" }
        var origin: String { "https://localhost:\(port)" }

        struct Reply: Sendable {
            let status: Int
            let headers: HTTPHeaders
            let body: String

            var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
            /// `name=value` of each Set-Cookie.
            var cookies: [String: String] {
                var result: [String: String] = [:]
                for header in headers["Set-Cookie"] {
                    let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                    result[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
                }
                return result
            }
        }

        /// A request and its whole response.
        func send(_ method: HTTPMethod = .GET, _ path: String, headers: [(String, String)] = [], json: Any? = nil, body: String? = nil) async throws -> Reply {
            var request = HTTPClientRequest(url: base + path)
            request.method = method
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let json {
                request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
            } else if let body {
                request.body = .bytes(ByteBuffer(string: body))
            }
            let response = try await client.execute(request, timeout: .seconds(30))
            let bytes = try await response.body.collect(upTo: 16 << 20)
            return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
        }

        /// A sample's value in the metrics exposition (`name{labels}`), or nil when absent.
        func metric(_ series: String) -> Double? {
            for line in metrics.exposition().split(separator: "\n") where line.hasPrefix(series + " ") {
                return Double(line.dropFirst(series.count + 1))
            }
            return nil
        }

        /// Registers and signs in through the API with tokens in the body; the access token.
        func signUp(_ email: String) async throws -> String {
            _ = try await send(.POST, "/api/auth/register", json: ["email": email, "password": "plum-orchard-lantern-42"])
            let login = try await send(.POST, "/api/auth/login", json: ["email": email, "password": "plum-orchard-lantern-42", "session": false])
            return login.json["access_token"] as? String ?? ""
        }
    }

    func run<Result: Sendable>(_ body: @Sendable (Running) async throws -> Result) async throws -> Result {
        let logger = TestHarness.logger
        let pki = self.pki
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("edge-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var authConfiguration = AuthConfiguration()
        authConfiguration.passwordHashing = PasswordHasher.Parameters(iterations: 1_000)
        let core = try await AuthCore.open(directory: directory.appendingPathComponent("auth"), configuration: authConfiguration, logger: logger)
        let executor = AgentExecutor(agents: try AgentServiceApp.agents(reference: ReferenceData.bundled()) + extraAgents, cache: nil, catalog: catalog)
        let store = try JobStore(path: directory.appendingPathComponent("orchestrator/orchestrator.sqlite").path)

        let authServer = try TestHarness.makeServer(pki: pki, identity: "auth", services: [HealthService(serviceName: "auth"), AuthRPCService(core: core)])
        let agentServer = try TestHarness.makeServer(pki: pki, identity: "agents", services: [HealthService(serviceName: "agents"), AgentRPCService(executor: executor)])
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await authServer.run() }
            group.addTask { try await agentServer.run() }
            defer { group.cancelAll() }
            let authPort = try await authServer.boundAddress().port!
            let agentPort = try await agentServer.boundAddress().port!
            let orchestratorTLS = try pki.tls("orchestrator")
            func client(_ port: Int, _ tls: MutualTLSConfiguration) throws -> RPCClient {
                try RPCClient(configuration: RPCClientConfiguration(endpoints: [RPCEndpoint(host: "127.0.0.1", port: port)], security: .mutualTLS(tls)), logger: logger)
            }
            let agentClient = try client(agentPort, orchestratorTLS)
            let keyClient = try client(authPort, orchestratorTLS)
            group.addTask { try await agentClient.run() }
            group.addTask { try await keyClient.run() }
            let engine = OrchestrationEngine(store: store, agents: RPCAgentCaller(client: agentClient), logger: logger)
            let orchestratorServer = try TestHarness.makeServer(pki: pki, identity: "orchestrator", services: [
                HealthService(serviceName: "orchestrator"),
                OrchestratorRPCService(store: store, engine: engine, verifier: AccessTokenVerifier(source: RemoteSigningKeySource(client: keyClient, timeout: .seconds(60)))),
            ])
            group.addTask { try await orchestratorServer.run() }
            var ports = ["auth": authPort, "agents": agentPort, "orchestrator": try await orchestratorServer.boundAddress().port!]
            // Held until the run ends, so that no parallel test is given these ports.
            let refusing = try down.map { name in (name, try RefusingPort()) }
            defer { withExtendedLifetime(refusing) {} }
            for (name, port) in refusing { ports[name] = port.port }

            let edgeTLS = try pki.tls("edge")
            let backends = EdgeBackends(auth: try client(ports["auth"]!, edgeTLS), orchestrator: try client(ports["orchestrator"]!, edgeTLS), agents: try client(ports["agents"]!, edgeTLS))
            for rpc in [backends.auth, backends.orchestrator, backends.agents] { group.addTask { try await rpc.run() } }
            var configuration = EdgeHTTPConfiguration(
                host: "127.0.0.1", port: 0,
                tls: EdgeHTTPConfiguration.serverTLS(certificateChain: edgeTLS.certificateChain, privateKey: edgeTLS.privateKey),
                cspReportOnly: cspReportOnly
            )
            configuration.rateLimits = rateLimits
            configuration.trustedProxies = trustedProxies
            configuration.catalog = catalog
            tune(&configuration)
            let (listening, listened) = AsyncStream.makeStream(of: Int.self)
            let (metricsListening, metricsListened) = AsyncStream.makeStream(of: Int.self)
            let authenticator = EdgeAuthenticator(verifier: AccessTokenVerifier(source: RemoteSigningKeySource(client: backends.auth, timeout: .seconds(60))), auth: backends.auth)
            let metrics = EdgeMetrics()
            let application = try EdgeHTTPServer.application(
                configuration: configuration, backends: backends, authenticator: authenticator, metrics: metrics, logger: logger
            ) { port in
                listened.yield(port)
            }
            let metricsListener = MetricsListener.application(registry: metrics.registry, host: "127.0.0.1", port: 0, logger: logger) { port in
                metricsListened.yield(port)
            }
            group.addTask { try await application.runService() }
            group.addTask { try await metricsListener.runService() }
            var iterator = listening.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            var metricsIterator = metricsListening.makeAsyncIterator()
            guard let metricsPort = await metricsIterator.next() else { throw CancellationError() }

            var clientTLS = TLSConfiguration.makeClientConfiguration()
            clientTLS.trustRoots = .certificates(edgeTLS.trustRoots)
            let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(tlsConfiguration: clientTLS))
            let stop: @Sendable () async -> Void = {
                try? await http.shutdown()
                await engine.stopAll()
                for rpc in [backends.auth, backends.orchestrator, backends.agents, agentClient, keyClient] { rpc.shutdown() }
            }
            do {
                let result = try await body(Running(
                    client: http, port: port, core: core, trustRoots: edgeTLS.trustRoots, metrics: metrics, metricsPort: metricsPort
                ))
                await stop()
                return result
            } catch {
                await stop()
                throw error
            }
        }
    }
}
