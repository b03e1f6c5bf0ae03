import ArgumentParser
import CEOAPI
import CEORPC
import CEOServiceKit
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Starts the whole stack locally: each service as its own process of this binary.
struct StackCommand: AsyncParsableCommand {
    /// Set in the environment of the services the stack starts.
    static let childMarker = "CEO_STACK_CHILD"

    static let configuration = CommandConfiguration(
        commandName: "stack",
        abstract: "Start all four services locally (dev PKI created on first run); Ctrl-C stops them, edge first."
    )

    @OptionGroup var data: DataOptions

    @Option(help: "Address the services listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Seconds to wait for every service to answer Health/Check.")
    var startupTimeout: Int = 60

    func run() async throws {
        LogSetup.bootstrap()
        let logger = Logger(label: "stack")
        let pki = DevelopmentPKI(dataDirectory: data.dataDirectory)
        for path in try pki.ensure() { logger.info("created \(path)") }

        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let children = ProductServices.all.map { descriptor in
            ChildProcess(
                name: descriptor.identity.name,
                executable: executable,
                arguments: [descriptor.identity.name, "--data-dir", data.dataDirectory.path, "--host", host],
                logger: logger
            )
        }
        let readiness = ReadinessProbe(
            endpoints: ProductServices.all.map { ($0.identity.name, RPCEndpoint(host: host, port: $0.defaultPort)) },
            tls: try pki.tlsConfiguration(for: .edge),
            timeout: .seconds(startupTimeout),
            logger: logger
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: children.map { .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup) }
                    + [.init(service: readiness, successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}

/// Waits until every service answers SERVING, then prints where the stack runs.
struct ReadinessProbe: Service {
    let endpoints: [(String, RPCEndpoint)]
    let tls: MutualTLSConfiguration
    let timeout: Duration
    let logger: Logger

    func run() async throws {
        let start = ContinuousClock.now
        for (name, endpoint) in endpoints {
            while true {
                try Task.checkCancellation()
                do {
                    let response = try await RPCClient.withRunning(
                        RPCClientConfiguration(endpoints: [endpoint], security: .mutualTLS(tls)), logger: logger
                    ) { client in
                        try await client.unary(HealthRPC.check, HealthCheckRequest(), options: CallOptions(timeout: .seconds(2)))
                    }
                    if response.status == .serving {
                        logger.info("\(name) is serving on \(endpoint) (mutual TLS)")
                        break
                    }
                } catch {
                    if ContinuousClock.now - start > timeout {
                        logger.error("\(name) did not become healthy on \(endpoint): \(error)")
                        throw error
                    }
                }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        print("CEO Executive Agent stack is up: auth, agents, orchestrator and edge answer Health/Check over mutual TLS.")
        print("RPC endpoints: " + endpoints.map { "\($0.0)=\($0.1)" }.joined(separator: " ") + "  (Ctrl-C stops the stack)")
    }
}

/// One service of the stack as a child process; on graceful shutdown it gets SIGTERM
/// and is waited for.
struct ChildProcess: Service {
    let name: String
    let executable: String
    let arguments: [String]
    let logger: Logger

    func run() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment[StackCommand.childMarker] = "1"
        process.environment = environment
        let exited = AsyncPromise<Int32>()
        process.terminationHandler = { exited.succeed($0.terminationStatus) }
        try process.run()
        logger.info("started \(name)", metadata: ["pid": "\(process.processIdentifier)"])
        let status = try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await exited.value()
            } onCancel: {
                kill(process.processIdentifier, SIGKILL)
            }
        } onGracefulShutdown: {
            kill(process.processIdentifier, SIGTERM)
        }
        logger.info("\(name) exited", metadata: ["status": "\(status)"])
        if status != 0, status != SIGTERM { throw ExitCode(status) }
    }
}
