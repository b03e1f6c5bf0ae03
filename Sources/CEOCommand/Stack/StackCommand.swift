import ArgumentParser
import CEOAPI
import CEORPC
import CEOServiceKit
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Starts the whole stack locally: each service as its own process of this binary, the
/// development PKI and (on the first run) the first admin; waits until the edge's
/// `/health/ready` is green and prints the URL. Ctrl-C drains the services, edge first.
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

    @Option(help: "Port of the edge's Prometheus metrics listener; auth, agents and orchestrator take the next three.")
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

    /// A child's settings: the topology, its metrics port (the edge's is `--metrics-port`,
    /// the others' follow it), and for AuthService the first-run admin.
    private func childEnvironment(index: Int, _ descriptor: ServiceDescriptor, topology: [String: String], firstRunAdmin: FirstRunAdmin?) -> [String: String] {
        var environment = topology
        if descriptor.identity != .edge { environment["CEO_METRICS_PORT"] = "\(metricsPort + 1 + index)" }
        if descriptor.identity == .auth { environment.merge(firstRunAdmin?.environment ?? [:]) { _, admin in admin } }
        return environment
    }

    private func port(of index: Int, _ descriptor: ServiceDescriptor) -> Int {
        basePort.map { $0 + index } ?? descriptor.defaultPort
    }

    func run() async throws {
        LogSetup.bootstrap()
        let logger = Logger(label: "stack")
        let environment = try ConfigurationFile.environment()
        guard try DeploymentProfile(environment: environment) != .production else {
            throw ValidationError("ceo stack is the local development stack (development PKI, generated admin); run each service on its own in production (docs/DEPLOYMENT.md)")
        }
        let pki = DevelopmentPKI(dataDirectory: data.dataDirectory)
        for path in try pki.ensure() { logger.info("created \(path)") }

        let firstRunAdmin = FirstRunAdmin.forStack(dataDirectory: data.dataDirectory, environment: ProcessInfo.processInfo.environment)
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
                environment: childEnvironment(index: index, descriptor, topology: topology, firstRunAdmin: firstRunAdmin),
                logger: logger
            )
        }
        let readiness = ReadinessProbe(
            endpoints: services.map { index, descriptor in
                (descriptor.identity.name, RPCEndpoint(host: host, port: port(of: index, descriptor)))
            },
            tls: try pki.tlsConfiguration(for: .edge),
            rpc: try RPCSettings(environment: environment),
            caCertificatePath: pki.caCertificatePath,
            timeout: .seconds(startupTimeout),
            webURL: "https://localhost:\(httpPort)/",
            firstRunAdmin: firstRunAdmin,
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

