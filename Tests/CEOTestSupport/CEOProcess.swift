public import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A `ceo` child process (a service of the product), built by `swift build`.
public final class CEOProcess: Sendable {
    public let process: Process
    private let standardError: Pipe?
    /// Where its logs go (unless they are captured).
    public let logFile: URL?

    /// Starts `ceo <arguments>` with the test's environment plus `extra`; logs at warning
    /// (unless `extra` says otherwise). With `captureStandardError`, its logs are kept
    /// for ``standardErrorText`` (read after the process ends).
    public init(_ arguments: [String], environment extra: [String: String] = [:], captureStandardError: Bool = false) throws {
        let binary = Self.binary
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw ProcessTestError("the ceo binary is not built at \(binary.path); run `swift build` first")
        }
        process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["CEO_LOG_LEVEL"] = "info"
        environment["CEO_LOG_FORMAT"] = "json"
        environment["CEO_METRICS_PORT"] = "0"
        // The service stops if this test process dies (a crash would otherwise leave it
        // running, holding its ports, into the test command's later steps).
        environment["CEO_PARENT_PID"] = String(getpid())
        environment.merge(extra) { _, new in new }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        standardError = captureStandardError ? Pipe() : nil
        if let standardError {
            process.standardError = standardError
            logFile = nil
        } else {
            // Kept for CI, and searched for secrets by the test command.
            let file = TestArtifacts.logFile(for: arguments.first ?? "ceo")
            process.standardError = try FileHandle(forWritingTo: file)
            logFile = file
        }
        try process.run()
    }

    /// The `ceo` binary of this checkout's debug build.
    public static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/ceo")

    /// What the process logged (with `captureStandardError`), once it has ended.
    public var standardErrorText: String {
        guard let standardError, !process.isRunning else { return "" }
        let data = standardError.fileHandleForReading.readDataToEndOfFile()
        try? data.write(to: TestArtifacts.logFile(for: process.arguments?.first ?? "ceo"))
        return String(decoding: data, as: UTF8.self)
    }

    /// `ceo orchestrator` on `port`, using the given AuthService and AgentService endpoints.
    public static func orchestrator(dataDirectory: URL, port: Int, authPort: Int, agentPorts: [Int]) throws -> CEOProcess {
        try CEOProcess(
            ["orchestrator", "--data-dir", dataDirectory.path, "--port", String(port), "--drain-seconds", "1"],
            environment: [
                "CEO_AUTH_ENDPOINTS": "127.0.0.1:\(authPort)",
                "CEO_AGENT_ENDPOINTS": agentPorts.map { "127.0.0.1:\($0)" }.joined(separator: ","),
                "CEO_ORCHESTRATOR_MAX_CONCURRENT_TASKS": "2",
            ]
        )
    }

    /// SIGKILL, and wait for the exit.
    public func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM (a graceful stop), and wait for the exit.
    public func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// A free port outside Linux's ephemeral range (32768–60999), where the other tests'
    /// port-0 servers cannot take it between this check and the child's bind. Never the
    /// same port twice in one test process: tests run in parallel, each drawing ports
    /// before its children bind them, and two draws of the same free port once left an
    /// edge process unable to bind its metrics port.
    public static func freePort() async throws -> Int {
        for _ in 0..<50 {
            let candidate = Int.random(in: 20_000..<30_000)
            guard handedOut.withLock({ $0.insert(candidate).inserted }) else { continue }
            if let channel = try? await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: candidate).get() {
                try await channel.close()
                return candidate
            }
        }
        throw ProcessTestError("no free port in 20000–29999")
    }

    /// The ports ``freePort()`` has handed out in this process.
    private static let handedOut = Mutex<Set<Int>>([])
}

/// A child process could not be set up.
public struct ProcessTestError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension CEOProcess {
    /// What a finished `ceo` command printed, and how it exited.
    public struct Outcome: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `ceo <arguments>` to its end (at most `timeout`), with `input` on standard input.
    public static func run(
        _ arguments: [String], environment extra: [String: String] = [:], input: String = "", timeout: Duration = .seconds(120)
    ) async throws -> Outcome {
        let binary = Self.binary
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["CEO_LOG_LEVEL"] = "info"
        environment["CEO_LOG_FORMAT"] = "json"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Read both pipes while the process runs, so that a full pipe cannot block it.
        async let out = readToEnd(stdout.fileHandleForReading)
        async let err = readToEnd(stderr.fileHandleForReading)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                throw ProcessTestError("ceo \(arguments.joined(separator: " ")) did not finish in \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let errors = await err
        try? errors.write(to: TestArtifacts.logFile(for: arguments.first ?? "ceo"))
        return Outcome(status: process.terminationStatus, stdout: String(decoding: await out, as: UTF8.self), stderr: String(decoding: errors, as: UTF8.self))
    }

    /// Reads `handle` to its end on a thread of its own. A blocking read on the
    /// cooperative pool would hold one of its few threads (two on a two-core machine):
    /// two commands run at once by parallel tests took both, and every other test stopped.
    static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: handle.readDataToEndOfFile()) }
        }
    }
}
