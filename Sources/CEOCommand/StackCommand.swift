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

    @Option(help: "RPC port of the first service; the others take the next ones (auth, agents, orchestrator, edge). Default: each service's own port.")
    var basePort: Int?

    @Option(help: "HTTPS port of the edge (the web app and the API).")
    var httpPort: Int = 8443

    @Option(help: "Port of the edge's Prometheus metrics listener.")
    var metricsPort: Int = 9464

    @Option(help: "Seconds to wait for every service to answer Health/Check.")
    var startupTimeout: Int = 60

    func validate() throws {
        if let basePort, !(1...65_532).contains(basePort) {
            throw ValidationError("--base-port must be 1–65532, got \(basePort)")
        }
        for (name, port) in [("--http-port", httpPort), ("--metrics-port", metricsPort)] where !(1...65_535).contains(port) {
            throw ValidationError("\(name) must be 1–65535, got \(port)")
        }
    }

    private func port(of index: Int, _ descriptor: ServiceDescriptor) -> Int {
        basePort.map { $0 + index } ?? descriptor.defaultPort
    }

    func run() async throws {
        LogSetup.bootstrap()
        let logger = Logger(label: "stack")
        let pki = DevelopmentPKI(dataDirectory: data.dataDirectory)
        for path in try pki.ensure() { logger.info("created \(path)") }

        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let services = Array(ProductServices.all.enumerated())
        // The services find each other on the ports this stack gives them.
        let connectHost = host == "0.0.0.0" ? "127.0.0.1" : host
        var topology = [
            "CEO_EDGE_HTTP_HOST": host, "CEO_EDGE_HTTP_PORT": "\(httpPort)", "CEO_EDGE_METRICS_PORT": "\(metricsPort)",
        ]
        for (index, descriptor) in services {
            let variable = switch descriptor.identity {
            case .auth: "CEO_AUTH_ENDPOINTS"
            case .agents: "CEO_AGENT_ENDPOINTS"
            case .orchestrator: "CEO_ORCHESTRATOR_ENDPOINTS"
            default: ""
            }
            if !variable.isEmpty { topology[variable] = "\(connectHost):\(port(of: index, descriptor))" }
        }
        let children = services.map { index, descriptor in
            ChildProcess(
                name: descriptor.identity.name,
                executable: executable,
                arguments: [
                    descriptor.identity.name, "--data-dir", data.dataDirectory.path,
                    "--host", host, "--port", "\(port(of: index, descriptor))",
                ],
                environment: topology,
                logger: logger
            )
        }
        let readiness = ReadinessProbe(
            endpoints: services.map { index, descriptor in
                (descriptor.identity.name, RPCEndpoint(host: host, port: port(of: index, descriptor)))
            },
            tls: try pki.tlsConfiguration(for: .edge),
            timeout: .seconds(startupTimeout),
            webURL: "https://localhost:\(httpPort)/",
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
    let webURL: String
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
        // Written straight to the file descriptor: stdout is block-buffered when it is
        // not a terminal, and whoever started the stack waits for this line.
        let banner = """
            CEO Executive Agent stack is up: auth, agents, orchestrator and edge answer Health/Check over mutual TLS.
            RPC endpoints: \(endpoints.map { "\($0.0)=\($0.1)" }.joined(separator: " "))  (Ctrl-C stops the stack)
            Web app and API: \(webURL)

            """
        FileHandle.standardOutput.write(Data(banner.utf8))
    }
}

/// One service of the stack as a child process; on graceful shutdown it gets SIGTERM
/// and is waited for.
struct ChildProcess: Service {
    let name: String
    let executable: String
    let arguments: [String]
    /// Set in the child's environment on top of this process's.
    var environment: [String: String] = [:]
    let logger: Logger

    func run() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.merge(self.environment) { _, new in new }
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
