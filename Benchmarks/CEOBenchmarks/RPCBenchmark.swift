import CEOAPI
import CEORPC
import CEOServiceKit
import Foundation
import Logging
import NIOCore
import NIOPosix

/// Measures the internal RPC on loopback: unary calls/s and latency percentiles at
/// several concurrency levels, and server-stream messages/s, over mutual TLS and over
/// plain TCP with the same framing (the baseline), in one run.
public struct RPCBenchmark: Sendable {
    public let duration: Duration
    public let concurrencyLevels: [Int]
    public let payloadBytes: Int

    public init(duration: Duration, concurrencyLevels: [Int], payloadBytes: Int = 64) {
        self.duration = duration
        self.concurrencyLevels = concurrencyLevels
        self.payloadBytes = payloadBytes
    }

    public func run() async throws -> RPCBenchmarkReport {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let ca = try CertificateAuthority(commonName: "benchmark CA")
        let serverTLS = try ca.tlsConfiguration(for: ca.issue(identity: ServiceIdentity("bench-server")))
        let clientTLS = try ca.tlsConfiguration(for: ca.issue(identity: ServiceIdentity("bench-client")))
        var report = RPCBenchmarkReport(duration: duration, payloadBytes: payloadBytes)
        for (transport, serverSecurity, clientSecurity) in [
            ("mTLS 1.3", RPCTransportSecurity.mutualTLS(serverTLS), RPCTransportSecurity.mutualTLS(clientTLS)),
            ("plain TCP", .plaintext, .plaintext),
        ] {
            let (unary, stream) = try await measure(serverSecurity: serverSecurity, clientSecurity: clientSecurity, logger: logger)
            report.unary += unary.map { UnaryFigure(transport: transport, row: $0) }
            report.streams.append(StreamFigure(transport: transport, messagesPerSecond: stream))
        }
        return report
    }

    private func measure(
        serverSecurity: RPCTransportSecurity, clientSecurity: RPCTransportSecurity, logger: Logger
    ) async throws -> ([UnaryRow], Double) {
        try await LoopbackRPC.withServerAndClient(
            services: [BenchmarkService()], serverSecurity: serverSecurity, clientSecurity: clientSecurity, serverName: "localhost", logger: logger
        ) { client in
            var request = BenchEchoRequest()
            request.payload = Data(repeating: 0xA5, count: payloadBytes)
            _ = try await unaryRound(client, request: request, concurrency: 4, duration: .milliseconds(300))
            var rows: [UnaryRow] = []
            for concurrency in concurrencyLevels {
                rows.append(try await unaryRound(client, request: request, concurrency: concurrency, duration: duration))
            }
            let stream = try await streamRound(client, duration: duration)
            return (rows, stream)
        }
    }

    private func unaryRound(
        _ client: RPCClient, request: BenchEchoRequest, concurrency: Int, duration: Duration
    ) async throws -> UnaryRow {
        try await LoadRounds.unary(concurrency: concurrency, duration: duration) {
            _ = try await client.unary(BenchmarkRPC.echo, request)
        }
    }

    private func streamRound(_ client: RPCClient, duration: Duration) async throws -> Double {
        var request = BenchStreamRequest()
        request.count = .max
        request.payloadBytes = UInt32(payloadBytes)
        return try await LoadRounds.stream(duration: duration) { shouldStop in
            try await client.serverStreaming(BenchmarkRPC.stream, request) { stream in
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

public struct UnaryFigure: Sendable {
    let transport: String
    let row: UnaryRow
}

public struct StreamFigure: Sendable {
    let transport: String
    let messagesPerSecond: Double
}

/// The figures of one benchmark run.
public struct RPCBenchmarkReport: Sendable {
    let duration: Duration
    let payloadBytes: Int
    var unary: [UnaryFigure] = []
    var streams: [StreamFigure] = []

    private func ratio(_ concurrency: Int) -> String {
        let tls = unary.first { $0.transport.hasPrefix("mTLS") && $0.row.concurrency == concurrency }
        let tcp = unary.first { $0.transport == "plain TCP" && $0.row.concurrency == concurrency }
        guard let tls, let tcp, tcp.row.callsPerSecond > 0 else { return "-" }
        return String(format: "%.2f", tls.row.callsPerSecond / tcp.row.callsPerSecond)
    }

    /// A Markdown table (the form docs/BENCHMARKS.md keeps).
    public var markdown: String {
        var lines = [
            "Unary echo, \(payloadBytes)-byte payload, one multiplexed connection, \(duration) per row:",
            "",
            "| transport | concurrent callers | calls/s | p50 µs | p99 µs | p999 µs | mTLS ÷ TCP calls/s |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for figure in unary {
            let r = figure.row
            lines.append("| \(figure.transport) | \(r.concurrency) | \(String(format: "%.0f", r.callsPerSecond)) | \(r.p50Micros) | \(r.p99Micros) | \(r.p999Micros) | \(figure.transport.hasPrefix("mTLS") ? ratio(r.concurrency) : "") |")
        }
        lines += ["", "Server stream, \(payloadBytes)-byte messages, one caller:", "", "| transport | messages/s |", "|---|---:|"]
        for stream in streams {
            lines.append("| \(stream.transport) | \(String(format: "%.0f", stream.messagesPerSecond)) |")
        }
        if streams.count == 2, streams[1].messagesPerSecond > 0 {
            lines.append("")
            lines.append("Stream mTLS ÷ TCP: \(String(format: "%.2f", streams[0].messagesPerSecond / streams[1].messagesPerSecond))")
        }
        return lines.joined(separator: "\n")
    }
}

