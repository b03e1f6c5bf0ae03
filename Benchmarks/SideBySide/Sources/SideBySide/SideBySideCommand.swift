import ArgumentParser
import CEOBenchmarks
import Foundation
import Logging

/// `SideBySide --seconds 5 --concurrency 1,16,64`: the product's RPC and grpc-swift-2 in
/// one process, one after the other, with the same messages, certificates and loops.
/// Prints a Markdown table with the ratios (product ÷ gRPC).
@main
struct SideBySideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "side-by-side",
        abstract: "The product's internal RPC beside grpc-swift-2 over mutual TLS on loopback."
    )

    @Option(help: "Seconds per measured row.")
    var seconds: Double = 5

    @Option(help: "Concurrent callers per unary row, comma-separated.")
    var concurrency: String = "1,16,64"

    @Option(help: "Payload bytes of each message.")
    var payload: Int = 64

    func run() async throws {
        let levels = concurrency.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !levels.isEmpty, levels.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--concurrency must list positive whole numbers, for example 1,16,64")
        }
        var logger = Logger(label: "side-by-side")
        logger.logLevel = .error
        let pki = try BenchmarkPKI()
        let duration = Duration.milliseconds(Int(seconds * 1000))
        var results: [StackResult] = []
        for stack in [CEORPCStack(logger: logger), GRPCStack()] as [any RPCStack] {
            FileHandle.standardError.write(Data("measuring \(stack.name)\n".utf8))
            results.append(try await measure(stack, pki: pki, levels: levels, duration: duration))
        }
        print(SideBySideTable(results: results, payloadBytes: payload, seconds: seconds).markdown)
    }

    private func measure(_ stack: any RPCStack, pki: BenchmarkPKI, levels: [Int], duration: Duration) async throws -> StackResult {
        try await stack.withPeers(pki, payloadBytes: payload) { calls in
            _ = try await LoadRounds.unary(concurrency: 4, duration: .milliseconds(500)) { try await calls.echo() }
            var rows: [UnaryRow] = []
            for level in levels {
                rows.append(try await LoadRounds.unary(concurrency: level, duration: duration) { try await calls.echo() })
            }
            let stream = try await LoadRounds.stream(duration: duration) { shouldStop in
                try await calls.stream(shouldStop: shouldStop)
            }
            return StackResult(name: stack.name, unary: rows, streamMessagesPerSecond: stream)
        }
    }
}

/// One stack's figures.
struct StackResult: Sendable {
    let name: String
    let unary: [UnaryRow]
    let streamMessagesPerSecond: Double
}

/// The figures as Markdown: the product first, the baseline second, the ratios beside.
struct SideBySideTable {
    let results: [StackResult]
    let payloadBytes: Int
    let seconds: Double

    var markdown: String {
        guard results.count == 2 else { return "" }
        let (product, baseline) = (results[0], results[1])
        var lines = [
            "Unary Echo, \(payloadBytes)-byte payload, one connection, \(format(seconds, 1)) s per row:",
            "",
            "| concurrent callers | \(product.name) calls/s | p50 µs | p99 µs | p999 µs | \(baseline.name) calls/s | p50 µs | p99 µs | p999 µs | calls/s ÷ gRPC | p99 ÷ gRPC |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for (ours, theirs) in zip(product.unary, baseline.unary) {
            lines.append(
                "| \(ours.concurrency) | \(format(ours.callsPerSecond)) | \(ours.p50Micros) | \(ours.p99Micros) | \(ours.p999Micros) "
                    + "| \(format(theirs.callsPerSecond)) | \(theirs.p50Micros) | \(theirs.p99Micros) | \(theirs.p999Micros) "
                    + "| \(ratio(ours.callsPerSecond, theirs.callsPerSecond)) | \(ratio(Double(ours.p99Micros), Double(theirs.p99Micros))) |"
            )
        }
        lines += [
            "",
            "Server stream, \(payloadBytes)-byte messages, one caller, \(format(seconds, 1)) s:",
            "",
            "| \(product.name) messages/s | \(baseline.name) messages/s | ÷ gRPC |",
            "|---:|---:|---:|",
            "| \(format(product.streamMessagesPerSecond)) | \(format(baseline.streamMessagesPerSecond)) | \(ratio(product.streamMessagesPerSecond, baseline.streamMessagesPerSecond)) |",
        ]
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double, _ decimals: Int = 0) -> String { String(format: "%.\(decimals)f", value) }

    private func ratio(_ a: Double, _ b: Double) -> String { b > 0 ? String(format: "%.2f", a / b) : "-" }
}
