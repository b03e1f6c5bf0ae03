public import CEORPC
public import Logging
public import ServiceLifecycle
import UnixSignals

/// Runs one service process: its RPC services plus Health on a mutual-TLS server,
/// until SIGTERM or SIGINT, then drains gracefully.
public enum ServiceRunner {
    /// `background` services run alongside the server; when one of them ends, the
    /// process shuts down gracefully.
    public static func run(
        settings: ServiceSettings,
        services: [any RPCService],
        background: [any Service] = [],
        logger: Logger
    ) async throws {
        let health = HealthService(serviceName: settings.descriptor.identity.name)
        let server = RPCServer(
            configuration: settings.rpc.server(
                host: settings.host, port: settings.port, security: .mutualTLS(try settings.tlsConfiguration()),
                drainGracePeriod: settings.drainGracePeriod
            ),
            router: RPCRouter(services: [health] + services),
            logger: logger
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                // Shut down in reverse order: health turns NOT_SERVING, then the server
                // drains, then background services stop.
                services: background.map {
                    ServiceGroupConfiguration.ServiceConfiguration(service: $0, successTerminationBehavior: .gracefullyShutdownGroup)
                }
                    + [
                        ServiceGroupConfiguration.ServiceConfiguration(service: server),
                        ServiceGroupConfiguration.ServiceConfiguration(
                            service: HealthDrainSignal(health: health), successTerminationBehavior: .ignore
                        ),
                    ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        logger.info("starting \(settings.descriptor.identity.name)", metadata: ["port": "\(settings.port)"])
        try await group.run()
    }
}
