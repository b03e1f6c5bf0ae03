import AgentService
import ArgumentParser
import AuthService
import CEORPC
import CEOServiceKit
import Edge
import Foundation
import Instrumentation
import Logging
import Metrics
import Prometheus
import Orchestrator

/// Options of a service process.
struct ServiceOptions: ParsableArguments {
    @OptionGroup var data: DataOptions

    @Option(help: "Address the RPC server listens on.")
    var host: String = "127.0.0.1"

    @Option(help: "RPC port (default: the service's own).")
    var port: Int?

    @OptionGroup var tls: TLSFileOptions

    @Option(help: "Seconds in-flight calls get to finish on shutdown.")
    var drainSeconds: Int = 10

    func settings(for descriptor: ServiceDescriptor) throws -> ServiceSettings {
        if let port, !(0...65_535).contains(port) {
            throw ValidationError("--port must be 0–65535, got \(port)")
        }
        return ServiceSettings(
            descriptor: descriptor, dataDirectory: data.dataDirectory, host: host, port: port,
            certificatePath: tls.paths?.certificate, privateKeyPath: tls.paths?.privateKey, caPath: tls.paths?.ca,
            drainGracePeriod: .seconds(drainSeconds)
        )
    }
}

/// Runs one service until SIGTERM/SIGINT.
protocol ServiceCommand: AsyncParsableCommand {
    /// The service's own settings, parsed once at start and reviewed for the profile.
    associatedtype Configuration: ServiceConfiguration
    var options: ServiceOptions { get }
    static var descriptor: ServiceDescriptor { get }
    /// The service's RPC services (besides Health) and background services, opened with the process's settings.
    static func components(settings: ServiceSettings, configuration: Configuration, logger: Logger) async throws -> ServiceComponents
}

extension ServiceCommand {
    func run() async throws {
        // The configuration file's settings, overridden by the environment.
        let environment = try ConfigurationFile.environment()
        // W3C trace context through every RPC, with trace_id in every log line.
        InstrumentationSystem.bootstrap(W3CTraceContextInstrument())
        LogSetup.bootstrap(environment: environment, metadataProvider: .traceContext)
        let logger = Logger(label: Self.descriptor.identity.name)
        if ProcessInfo.processInfo.environment[StackCommand.childMarker] != nil {
            // Under `ceo stack` a terminal's Ctrl-C reaches the whole process group; the
            // stack stops its children itself, in order, with SIGTERM.
            signal(SIGINT, SIG_IGN)
        }
        // If the stack (or a test) that started this service dies, the service stops
        // gracefully instead of lingering.
        let parentWatch = ParentProcessWatch.requested(by: ProcessInfo.processInfo.environment, logger: logger)
        var settings = try options.settings(for: Self.descriptor)
        settings.environment = environment
        settings.rpc = try RPCSettings(environment: environment)
        // swift-metrics, recorded into the registry that /metrics exports.
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: settings.metricsRegistry))
        settings.profile = try DeploymentProfile(environment: environment)
        // Every setting of the service, parsed once; the profile is judged from that value.
        let configuration = try Configuration(environment: environment)
        var review = settings.commonReview()
        review.merge(configuration.review())
        try review.enforce(settings.profile, logger: logger)
        logger.info("starting", metadata: ["profile": "\(settings.profile.rawValue)"])
        var components = try await Self.components(settings: settings, configuration: configuration, logger: logger)
        if Self.descriptor.identity != .edge {
            // The edge serves its metrics on its own listener (CEO_EDGE_METRICS_*).
            let host = environment["CEO_METRICS_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
            let port = try EnvironmentSettings.integer("CEO_METRICS_PORT", in: environment, default: Self.descriptor.defaultPort + 2_360, range: 0...65_535)
            components.background.append(MetricsListener.application(registry: settings.metricsRegistry, host: host, port: port, logger: logger) { bound in
                logger.info("metrics listening", metadata: ["url": "http://\(host):\(bound)/metrics"])
            })
        }
        try await ServiceRunner.run(
            settings: settings,
            services: components.rpcServices,
            background: components.background + (parentWatch.map { [$0] } ?? []),
            logger: logger
        )
    }
}

struct AuthCommand: ServiceCommand {
    static let configuration = CommandConfiguration(commandName: "auth", abstract: "Run AuthService: \(AuthServiceApp.descriptor.summary).")
    static var descriptor: ServiceDescriptor { AuthServiceApp.descriptor }
    static func components(settings: ServiceSettings, configuration: AuthEnvironmentSettings, logger: Logger) async throws -> ServiceComponents {
        ServiceComponents(rpcServices: try await AuthServiceApp.rpcServices(settings: settings, configuration: configuration, logger: logger))
    }
    @OptionGroup var options: ServiceOptions
}

struct OrchestratorCommand: ServiceCommand {
    static let configuration = CommandConfiguration(commandName: "orchestrator", abstract: "Run the Orchestrator: \(OrchestratorApp.descriptor.summary).")
    static var descriptor: ServiceDescriptor { OrchestratorApp.descriptor }
    static func components(settings: ServiceSettings, configuration: OrchestratorConfiguration, logger: Logger) async throws -> ServiceComponents {
        try await OrchestratorApp.components(settings: settings, configuration: configuration, logger: logger)
    }
    @OptionGroup var options: ServiceOptions
}

struct AgentsCommand: ServiceCommand {
    static let configuration = CommandConfiguration(commandName: "agents", abstract: "Run AgentService: \(AgentServiceApp.descriptor.summary).")
    static var descriptor: ServiceDescriptor { AgentServiceApp.descriptor }
    static func components(settings: ServiceSettings, configuration: AgentServiceConfiguration, logger: Logger) async throws -> ServiceComponents {
        ServiceComponents(rpcServices: try AgentServiceApp.rpcServices(settings: settings, configuration: configuration, logger: logger))
    }
    @OptionGroup var options: ServiceOptions
}

struct EdgeCommand: ServiceCommand {
    static let configuration = CommandConfiguration(commandName: "edge", abstract: "Run the Edge: \(EdgeApp.descriptor.summary).")
    static var descriptor: ServiceDescriptor { EdgeApp.descriptor }
    static func components(settings: ServiceSettings, configuration: EdgeConfiguration, logger: Logger) async throws -> ServiceComponents {
        try EdgeApp.components(settings: settings, configuration: configuration, logger: logger)
    }
    @OptionGroup var options: ServiceOptions
}

/// Every service of the product, in start-up order (shutdown runs in reverse: edge first).
enum ProductServices {
    static let all: [ServiceDescriptor] = [
        AuthServiceApp.descriptor, AgentServiceApp.descriptor, OrchestratorApp.descriptor, EdgeApp.descriptor,
    ]
}
