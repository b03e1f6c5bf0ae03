import AsyncHTTPClient
import CEOAPI
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
import Synchronization

/// The edge's HTTPS listener on an ephemeral loopback port, with RPC servers for the
/// internal services, and an HTTPS client that trusts the test CA.
struct EdgeTestEnvironment {
    let pki: TestPKI
    /// Internal services that are down (their client points at a closed port).
    var down: Set<String> = []
    var cspReportOnly = false

    init() throws { pki = try TestPKI() }

    struct Running: Sendable {
        let client: HTTPClient
        let port: Int

        var base: String { "https://localhost:\(port)" }

        /// A request and its whole response.
        func send(_ method: HTTPMethod = .GET, _ path: String, headers: [(String, String)] = [], body: String? = nil) async throws -> (status: Int, headers: HTTPHeaders, body: String) {
            var request = HTTPClientRequest(url: base + path)
            request.method = method
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let body { request.body = .bytes(ByteBuffer(string: body)) }
            let response = try await client.execute(request, timeout: .seconds(15))
            let bytes = try await response.body.collect(upTo: 16 << 20)
            return (Int(response.status.code), response.headers, String(buffer: bytes))
        }
    }

    func run<Result: Sendable>(_ body: @Sendable (Running) async throws -> Result) async throws -> Result {
        let logger = TestHarness.logger
        let pki = self.pki
        let internalTLS = try pki.tls("edge")
        let servers = try ["auth", "orchestrator", "agents"].map { name in
            try TestHarness.makeServer(pki: pki, identity: name, services: [HealthService(serviceName: name)])
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for server in servers { group.addTask { try await server.run() } }
            defer { group.cancelAll() }
            var ports: [String: Int] = [:]
            for (name, server) in zip(["auth", "orchestrator", "agents"], servers) {
                ports[name] = down.contains(name) ? try await Self.closedPort() : try await server.boundAddress().port!
            }
            func client(_ name: String) throws -> RPCClient {
                try RPCClient(
                    configuration: RPCClientConfiguration(endpoints: [RPCEndpoint(host: "127.0.0.1", port: ports[name]!)], security: .mutualTLS(internalTLS)),
                    logger: logger
                )
            }
            let backends = EdgeBackends(auth: try client("auth"), orchestrator: try client("orchestrator"), agents: try client("agents"))
            for rpc in [backends.auth, backends.orchestrator, backends.agents] { group.addTask { try await rpc.run() } }

            let serverTLS = try pki.tls("edge")
            let configuration = EdgeHTTPConfiguration(
                host: "127.0.0.1", port: 0,
                tls: EdgeHTTPConfiguration.serverTLS(certificateChain: serverTLS.certificateChain, privateKey: serverTLS.privateKey),
                cspReportOnly: cspReportOnly
            )
            let (listening, listened) = AsyncStream.makeStream(of: Int.self)
            let application = try EdgeHTTPServer.application(configuration: configuration, backends: backends, logger: logger) { port in
                listened.yield(port)
            }
            group.addTask { try await application.runService() }
            var ports_ = listening.makeAsyncIterator()
            guard let port = await ports_.next() else { throw CancellationError() }

            var clientTLS = TLSConfiguration.makeClientConfiguration()
            clientTLS.trustRoots = .certificates(serverTLS.trustRoots)
            let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(tlsConfiguration: clientTLS))
            do {
                let result = try await body(Running(client: http, port: port))
                try await http.shutdown()
                for rpc in [backends.auth, backends.orchestrator, backends.agents] { rpc.shutdown() }
                return result
            } catch {
                try? await http.shutdown()
                for rpc in [backends.auth, backends.orchestrator, backends.agents] { rpc.shutdown() }
                throw error
            }
        }
    }

    /// A loopback port with nothing listening.
    static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress!.port!
        try await channel.close()
        return port
    }
}
