import CEOTestSupport
import Foundation
import CEOAPI
import CEORPC
import NIOSSL
import Synchronization
import Testing

@Suite("Mutual TLS and caller identity", .timeLimit(.minutes(1)))
struct MutualTLSTests {
    let pki: TestPKI

    init() throws { pki = try TestPKI() }

    private func healthRequestBytes() throws -> [UInt8] {
        var headers = WireFrame()
        headers.callID = 1
        headers.headers.method = HealthRPC.check.path
        var message = WireFrame()
        message.callID = 1
        message.message.payload = Data()
        return try encodeFrame(headers) + encodeFrame(message)
    }

    private static let healthService = ClosureRPCService { router in
        router.register(HealthRPC.check) { _, _ in
            var response = HealthCheckResponse()
            response.status = .serving
            return response
        }
    }

    @Test("a client without a certificate is refused and gets no answer")
    func noClientCertificate() async throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv13
        tls.trustRoots = .certificates(try pki.tls("edge").trustRoots)
        let context = try NIOSSLContext(configuration: tls)
        try await TestHarness.withServer(pki: pki, services: [Self.healthService]) { port in
            let connection = try await RawConnection.connect(port: port, context: context)
            let (received, closed) = try await connection.send(try healthRequestBytes())
            #expect(closed)
            #expect(received.isEmpty)
        }
    }

    @Test("a client certificate from another CA is refused")
    func certificateFromAnotherCA() async throws {
        let stranger = try TestPKI(name: "another CA")
        try await TestHarness.withServer(pki: pki, services: [Self.healthService]) { port in
            // Trusts our CA (so the server is verified) but presents a certificate of another.
            let material = try stranger.tls("edge")
            let mixed = MutualTLSConfiguration(
                certificateChain: material.certificateChain, privateKey: material.privateKey,
                trustRoots: try pki.tls("edge").trustRoots
            )
            try await TestHarness.withClient(pki: pki, ports: [port], security: .mutualTLS(mixed)) { client in
                let error = await #expect(throws: RPCError.self) {
                    try await client.unary(HealthRPC.check, HealthCheckRequest(), options: CallOptions(timeout: .seconds(20)))
                }
                #expect(error?.code == .unavailable)
            }
        }
    }

    @Test("a plaintext client is refused")
    func plaintextClient() async throws {
        try await TestHarness.withServer(pki: pki, services: [Self.healthService]) { port in
            try await TestHarness.withClient(pki: pki, ports: [port], security: .plaintext) { client in
                let error = await #expect(throws: RPCError.self) {
                    try await client.unary(HealthRPC.check, HealthCheckRequest(), options: CallOptions(timeout: .seconds(20)))
                }
                #expect(error?.code == .unavailable)
            }
            let raw = try await RawConnection.connect(port: port, context: nil)
            let (received, closed) = try await raw.send(try healthRequestBytes())
            #expect(closed)
            #expect(try parseFrames(received).isEmpty)
        }
    }

    @Test("the client refuses a server whose certificate is from another CA")
    func serverFromAnotherCA() async throws {
        let stranger = try TestPKI(name: "another CA")
        try await TestHarness.withServer(pki: stranger, services: [Self.healthService]) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                let error = await #expect(throws: RPCError.self) {
                    try await client.unary(HealthRPC.check, HealthCheckRequest(), options: CallOptions(timeout: .seconds(20)))
                }
                #expect(error?.code == .unavailable)
            }
        }
    }

    @Test("the client verifies the server's name: the name its certificate carries passes, another fails")
    func serverNameVerification() async throws {
        // A certificate naming only "agents.internal" (no IP address, which would match the socket).
        let serverTLS = try pki.tls("agents", dnsNames: ["agents.internal"], ipAddresses: [])
        try await TestHarness.withServer(pki: pki, services: [Self.healthService], configure: { $0.security = .mutualTLS(serverTLS) }) { port in
            try await TestHarness.withClient(pki: pki, ports: [port], configure: {
                $0.endpoints = [RPCEndpoint(host: "127.0.0.1", port: port, serverName: "agents.internal")]
            }) { client in
                // The deadline only bounds a failure; a loaded machine may take long to connect.
                _ = try await client.unary(HealthRPC.check, HealthCheckRequest(), options: CallOptions(timeout: .seconds(30)))
            }
            try await TestHarness.withClient(pki: pki, ports: [port], configure: {
                $0.endpoints = [RPCEndpoint(host: "127.0.0.1", port: port, serverName: "billing.internal")]
            }) { client in
                let error = await #expect(throws: RPCError.self) {
                    try await client.unary(HealthRPC.check, HealthCheckRequest(), options: CallOptions(timeout: .seconds(20)))
                }
                #expect(error?.code == .unavailable)
                #expect(error?.message.contains("billing.internal") == true)
            }
        }
    }

    @Test("a caller outside a method's allow-list gets PERMISSION_DENIED; one inside is served")
    func allowList() async throws {
        let ran = Mutex(0)
        let service = ClosureRPCService { router in
            // ExecuteTask admits only the orchestrator (Protos/ceo/agents/v1/agents.proto).
            router.register(AgentServiceRPC.executeTask) { _, context in
                ran.withLock { $0 += 1 }
                #expect(context.caller == .orchestrator)
                return ExecuteTaskResponse()
            }
        }
        try await TestHarness.withServer(pki: pki, identity: "agents", services: [service]) { port in
            try await TestHarness.withClient(pki: pki, identity: "edge", ports: [port]) { client in
                let error = await #expect(throws: RPCError.self) {
                    try await client.unary(AgentServiceRPC.executeTask, ExecuteTaskRequest())
                }
                #expect(error?.code == .permissionDenied)
                #expect(error?.message.contains("edge") == true)
            }
            try await TestHarness.withClient(pki: pki, identity: nil, ports: [port]) { client in
                let error = await #expect(throws: RPCError.self) {
                    try await client.unary(AgentServiceRPC.executeTask, ExecuteTaskRequest())
                }
                #expect(error?.code == .permissionDenied)
            }
            try await TestHarness.withClient(pki: pki, identity: "orchestrator", ports: [port]) { client in
                _ = try await client.unary(AgentServiceRPC.executeTask, ExecuteTaskRequest())
            }
        }
        #expect(ran.withLock { $0 } == 1)
    }
}
