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
        try await LoopbackRPC.withServerAndClient(
            services: [BenchmarkService()],
            serverSecurity: .mutualTLS(try pki.authority.tlsConfiguration(for: pki.server)),
            clientSecurity: .mutualTLS(try pki.authority.tlsConfiguration(for: pki.client)),
            serverName: "localhost",
            logger: logger
        ) { client in
            try await body(Calls(client: client, requests: BenchRequests(payloadBytes: payloadBytes)))
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
