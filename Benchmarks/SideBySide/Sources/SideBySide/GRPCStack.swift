import CEOAPI
import CEOServiceKit
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf

/// The baseline: grpc-swift-2 over HTTP/2 on its NIO Posix transport, mutual TLS with the
/// same certificates, serving the same two methods with the same protobuf messages.
/// The descriptors and the service are what protoc-gen-grpc-swift would generate for
/// Protos/ceo/bench/v1/bench.proto, written out (building that plugin takes minutes).
struct GRPCStack: RPCStack {
    let name = "grpc-swift-2 (mTLS, HTTP/2)"

    static let echo = MethodDescriptor(fullyQualifiedService: "ceo.bench.v1.Benchmark", method: "Echo")
    static let stream = MethodDescriptor(fullyQualifiedService: "ceo.bench.v1.Benchmark", method: "Stream")

    func withPeers<Result: Sendable>(
        _ pki: BenchmarkPKI, payloadBytes: Int, _ body: (any RPCCalls) async throws -> Result
    ) async throws -> Result {
        let trust = TLSConfig.TrustRootsSource.certificates([.bytes(Array(pki.authority.certificatePEM.utf8), format: .pem)])
        let serverTransport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: "127.0.0.1", port: 0),
            transportSecurity: .mTLS(
                certificateChain: [.bytes(Array(pki.server.certificatePEM.utf8), format: .pem)],
                privateKey: .bytes(Array(pki.server.privateKeyPEM.utf8), format: .pem)
            ) { $0.trustRoots = trust }
        )
        return try await withGRPCServer(transport: serverTransport, services: [Service()]) { server in
            guard let port = try await serverTransport.listeningAddress.ipv4?.port else {
                throw BenchmarkFailure("the gRPC server has no IPv4 address")
            }
            let clientTransport = try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: port),
                transportSecurity: .mTLS(
                    certificateChain: [.bytes(Array(pki.client.certificatePEM.utf8), format: .pem)],
                    privateKey: .bytes(Array(pki.client.privateKeyPEM.utf8), format: .pem)
                ) { $0.trustRoots = trust }
            )
            let result = try await withGRPCClient(transport: clientTransport) { client in
                try await body(Calls(client: client, requests: BenchRequests(payloadBytes: payloadBytes)))
            }
            server.beginGracefulShutdown()
            return result
        }
    }

    /// `ceo.bench.v1.Benchmark` on grpc-swift-2: Echo answers with the request's payload;
    /// Stream sends messages of `payload_bytes` bytes until `count` or the caller stops.
    struct Service: RegistrableRPCService {
        func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
            router.registerHandler(
                forMethod: GRPCStack.echo,
                deserializer: ProtobufDeserializer<BenchEchoRequest>(),
                serializer: ProtobufSerializer<BenchEchoResponse>()
            ) { request, _ in
                let single = try await ServerRequest(stream: request)
                var response = BenchEchoResponse()
                response.payload = single.message.payload
                return StreamingServerResponse(single: ServerResponse(message: response))
            }
            router.registerHandler(
                forMethod: GRPCStack.stream,
                deserializer: ProtobufDeserializer<BenchStreamRequest>(),
                serializer: ProtobufSerializer<BenchEchoResponse>()
            ) { request, _ in
                let single = try await ServerRequest(stream: request)
                return StreamingServerResponse { writer in
                    var message = BenchEchoResponse()
                    message.payload = Data(repeating: 0x5A, count: Int(min(single.message.payloadBytes, 1 << 20)))
                    for sequence in 0..<single.message.count {
                        message.sequence = sequence
                        try await writer.write(message)
                    }
                    return [:]
                }
            }
        }
    }

    struct Calls: RPCCalls {
        let client: GRPCClient<HTTP2ClientTransport.Posix>
        let requests: BenchRequests

        func echo() async throws {
            _ = try await client.unary(
                request: ClientRequest(message: requests.echo),
                descriptor: GRPCStack.echo,
                serializer: ProtobufSerializer<BenchEchoRequest>(),
                deserializer: ProtobufDeserializer<BenchEchoResponse>(),
                options: .defaults
            ) { response in try response.message }
        }

        func stream(shouldStop: @Sendable (Int) -> Bool) async throws -> Int {
            try await withoutActuallyEscaping(shouldStop) { shouldStop in
                try await client.serverStreaming(
                    request: ClientRequest(message: requests.stream),
                    descriptor: GRPCStack.stream,
                    serializer: ProtobufSerializer<BenchStreamRequest>(),
                    deserializer: ProtobufDeserializer<BenchEchoResponse>(),
                    options: .defaults
                ) { response in
                    var count = 0
                    for try await _ in response.messages {
                        count += 1
                        if shouldStop(count) { break }
                    }
                    return count
                }
            }
        }
    }
}

/// A benchmark could not be set up.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
