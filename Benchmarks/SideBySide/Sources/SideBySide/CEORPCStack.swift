import CEOAPI
import CEOBenchmarks
import CEORPC
import CEOServiceKit
import Logging

/// The product's RPC: length-prefixed protobuf frames on one multiplexed mutual-TLS 1.3
/// connection, serving the product's own `BenchmarkService`.
struct CEORPCStack: RPCStack {
    let name = "CEO RPC (mTLS 1.3)"
    let logger: Logger

    func withPeers<Result: Sendable>(
        _ pki: BenchmarkPKI, payloadBytes: Int, _ body: (any RPCCalls) async throws -> Result
    ) async throws -> Result {
        let server = RPCServer(
            configuration: RPCServerConfiguration(port: 0, security: .mutualTLS(try pki.authority.tlsConfiguration(for: pki.server))),
            router: RPCRouter(services: [BenchmarkService()]),
            logger: logger
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            defer { group.cancelAll() }
            let port = try await server.boundAddress().port!
            let configuration = RPCClientConfiguration(
                endpoints: [RPCEndpoint(host: "127.0.0.1", port: port, serverName: "localhost")],
                security: .mutualTLS(try pki.authority.tlsConfiguration(for: pki.client))
            )
            return try await RPCClient.withRunning(configuration, logger: logger) { client in
                try await body(Calls(client: client, requests: BenchRequests(payloadBytes: payloadBytes)))
            }
        }
    }

    struct Calls: RPCCalls {
        let client: RPCClient
        let requests: BenchRequests

        func echo() async throws {
            _ = try await client.unary(BenchmarkRPC.echo, requests.echo)
        }

        func stream(shouldStop: @Sendable (Int) -> Bool) async throws -> Int {
            try await client.serverStreaming(BenchmarkRPC.stream, requests.stream) { stream in
                var count = 0
                for try await _ in stream {
                    count += 1
                    if shouldStop(count) { break }
                }
                return count
            }
        }
    }
}
