import Foundation
import ArgumentParser
import CEOBenchmarks
import CEOStorage

/// `ceo-bench`: the benchmarks, a binary of their own so that the product's `ceo` links none of them.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ceo-bench",
        abstract: "Benchmarks that print figures (release build: swift build -c release --product ceo-bench).",
        subcommands: [RPC.self, Auth.self, Agents.self, Orchestrator.self, RateLimit.self, BareHTTP.self]
    )

    /// How long each measurement runs: `--seconds`, in (0, 120].
    struct MeasurementTime: ParsableArguments {
        @Option(help: "Seconds each measurement runs.")
        var seconds: Double = 3

        func validate() throws {
            guard seconds > 0, seconds <= 120 else { throw ValidationError("--seconds must be in (0, 120]") }
        }

        var duration: Duration { .milliseconds(Int64(seconds * 1000)) }
    }

    struct RPC: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rpc",
            abstract: "Unary and server-stream throughput and latency over mutual TLS on loopback, with a plain-TCP baseline; prints Markdown tables."
        )

        @OptionGroup var time: MeasurementTime

        @Option(help: "Concurrent callers to measure, comma-separated.")
        var concurrency: String = "1,16,64"

        func run() async throws {
            let levels = concurrency.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !levels.isEmpty, levels.allSatisfy({ (1...1024).contains($0) }) else {
                throw ValidationError("--concurrency must list numbers from 1 to 1024, got '\(concurrency)'")
            }
            let report = try await RPCBenchmark(duration: time.duration, concurrencyLevels: levels).run()
            print(report.markdown)
        }
    }

    struct Auth: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "auth",
            abstract: "Token verifications/s of the shared verifier, password hash time, logins/s, unknown-email vs wrong-password login time; prints a Markdown table."
        )

        @OptionGroup var time: MeasurementTime

        func run() async throws {
            print(try await AuthBenchmark(duration: time.duration).run())
        }
    }

    struct Agents: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agents",
            abstract: "Executions/s per agent with the embedded playbook, and cache-hit latency beside an uncached execution; prints Markdown tables."
        )

        @OptionGroup var time: MeasurementTime

        func run() async throws {
            print(try await AgentBenchmark(duration: time.duration).run())
        }
    }

    struct Orchestrator: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "orchestrator",
            abstract: "Full six-agent runs per second end to end with run latency, and event fan-out to many watchers; prints Markdown tables."
        )

        @OptionGroup var time: MeasurementTime

        @Option(help: "Runs in flight at once.")
        var concurrency: Int = 8

        @Option(help: "Watchers of the fan-out run (0: no fan-out).")
        var watchers: Int = 1_000

        @Option(name: .customLong("postgres-url"), help: "Keep the runs in this PostgreSQL database instead of SQLite.")
        var postgresURL: String?

        @Option(help: "Orchestrator replicas on the PostgreSQL database.")
        var replicas: Int = 1

        func run() async throws {
            let store: BenchmarkStore = try postgresURL.map { .postgres(try PostgresSettings(url: $0), replicas: replicas) } ?? .sqlite
            print(try await OrchestratorBenchmark(duration: time.duration, concurrency: concurrency, watchers: watchers, store: store).run())
        }
    }

    struct RateLimit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ratelimit",
            abstract: "The edge's rate limiter: nanoseconds per check and bytes per tracked key; prints a Markdown table."
        )

        @OptionGroup var time: MeasurementTime

        func run() async throws {
            print(try await RateLimiterBenchmark(duration: time.duration).run())
        }
    }

    struct BareHTTP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bare-http",
            abstract: "Serves one file's bytes at one path with Hummingbird 2 and the edge's TLS settings, nothing else: the edge's framework ceiling, for wrk."
        )

        @Option(help: "Port to listen on (127.0.0.1).")
        var port: Int

        @Option(help: "The path to answer, e.g. /api/agents/available.")
        var path: String

        @Option(help: "The file whose bytes are the response body.")
        var body: String

        @Option(help: "The server certificate (PEM).")
        var certificate: String

        @Option(help: "The server key (PEM).")
        var key: String

        func run() async throws {
            guard (1...65_535).contains(port) else { throw ValidationError("--port must be in 1...65535") }
            guard let bytes = FileManager.default.contents(atPath: body) else { throw ValidationError("--body: cannot read '\(body)'") }
            try await BareHTTPServer(
                host: "127.0.0.1", port: port, path: path, body: Array(bytes), certificateFile: certificate, keyFile: key
            ).run()
        }
    }
}
