import Foundation
import ArgumentParser
import CEOBenchmarks

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print figures.",
        subcommands: [RPC.self, Auth.self, Agents.self]
    )

    struct RPC: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rpc",
            abstract: "Unary and server-stream throughput and latency over mutual TLS on loopback, with a plain-TCP baseline; prints Markdown tables."
        )

        @Option(help: "Seconds each measurement runs.")
        var seconds: Double = 3

        @Option(help: "Concurrent callers to measure, comma-separated.")
        var concurrency: String = "1,16,64"

        func run() async throws {
            let levels = concurrency.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !levels.isEmpty, levels.allSatisfy({ (1...1024).contains($0) }) else {
                throw ValidationError("--concurrency must list numbers from 1 to 1024, got '\(concurrency)'")
            }
            guard seconds > 0, seconds <= 120 else { throw ValidationError("--seconds must be in (0, 120]") }
            let report = try await RPCBenchmark(duration: .milliseconds(Int64(seconds * 1000)), concurrencyLevels: levels).run()
            print(report.markdown)
        }
    }

    struct Auth: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "auth",
            abstract: "Token verifications/s of the shared verifier, password hash time, logins/s, unknown-email vs wrong-password login time; prints a Markdown table."
        )

        @Option(help: "Seconds each throughput measurement runs.")
        var seconds: Double = 3

        func run() async throws {
            guard seconds > 0, seconds <= 120 else { throw ValidationError("--seconds must be in (0, 120]") }
            print(try await AuthBenchmark(duration: .milliseconds(Int64(seconds * 1000))).run())
        }
    }

    struct Agents: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agents",
            abstract: "Executions/s per agent with the embedded playbook, and cache-hit latency beside an uncached execution; prints Markdown tables."
        )

        @Option(help: "Seconds each agent's throughput is measured.")
        var seconds: Double = 3

        func run() async throws {
            guard seconds > 0, seconds <= 120 else { throw ValidationError("--seconds must be in (0, 120]") }
            print(try await AgentBenchmark(duration: .milliseconds(Int64(seconds * 1000))).run())
        }
    }
}
