import CEOAPI
import CEOBenchmarks
import CEOServiceKit
import Foundation

/// One RPC stack under measurement: a server and a client on loopback over mutual TLS,
/// calling `ceo.bench.v1.Benchmark` (Echo and Stream) with the product's messages.
protocol RPCStack: Sendable {
    /// The name the tables show.
    var name: String { get }

    /// Starts a server and a connected client, runs `body` with the client's calls, and
    /// stops both.
    func withPeers<Result: Sendable>(
        _ pki: BenchmarkPKI, payloadBytes: Int, _ body: (any RPCCalls) async throws -> Result
    ) async throws -> Result
}

/// What the measuring loops call.
protocol RPCCalls: Sendable {
    /// One unary Echo round trip.
    func echo() async throws
    /// Reads one server stream until `shouldStop` says so; returns the messages read.
    func stream(shouldStop: @Sendable (Int) -> Bool) async throws -> Int
}

/// Certificates made for the run, one CA: both stacks use the same server and client
/// certificates (ECDSA P-256), so that TLS costs the same on both.
struct BenchmarkPKI: Sendable {
    let authority: CertificateAuthority
    let server: IssuedCertificate
    let client: IssuedCertificate

    init() throws {
        authority = try CertificateAuthority(commonName: "side-by-side benchmark CA")
        server = try authority.issue(identity: .init("bench-server"))
        client = try authority.issue(identity: .init("bench-client"))
    }
}

/// The requests both stacks send: an Echo of `payloadBytes` bytes, and a Stream of
/// messages of that size that runs until the caller stops reading.
struct BenchRequests: Sendable {
    let echo: BenchEchoRequest
    let stream: BenchStreamRequest

    init(payloadBytes: Int) {
        var echo = BenchEchoRequest()
        echo.payload = Data(repeating: 0xA5, count: payloadBytes)
        self.echo = echo
        var stream = BenchStreamRequest()
        stream.count = .max
        stream.payloadBytes = UInt32(payloadBytes)
        self.stream = stream
    }
}
