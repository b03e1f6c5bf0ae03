import HummingbirdCore
public import Hummingbird
import HummingbirdTLS
public import Logging
import NIOCore

/// The public HTTPS listener: the JSON API, health, and (later) the web app.
public enum EdgeHTTPServer {
    /// The router with its middleware, in order: request id, security headers, JSON
    /// errors, then the routes.
    static func router(configuration: EdgeHTTPConfiguration, backends: EdgeBackends) -> Router<EdgeRequestContext> {
        let router = Router(context: EdgeRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: SecurityHeadersMiddleware(reportOnly: configuration.cspReportOnly, https: configuration.tls != nil))
        router.add(middleware: ErrorMiddleware())
        HealthRoutes(backends: backends).register(on: router)
        return router
    }

    /// The application, ready to run as a `Service`. `onListening` receives the bound
    /// port (useful with port 0).
    public static func application(
        configuration: EdgeHTTPConfiguration, backends: EdgeBackends, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let server: HTTPServerBuilder
        if let tls = configuration.tls {
            server = try .tls(.http1(), tlsConfiguration: tls)
        } else {
            guard configuration.allowPlainHTTP else {
                throw EdgeConfigurationError("the edge needs an HTTPS certificate and key; plain HTTP must be enabled explicitly (development behind a proxy)")
            }
            server = .http1()
        }
        return Application(
            router: router(configuration: configuration, backends: backends),
            server: server,
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }
}

/// The edge's settings are invalid; the message names the setting.
public struct EdgeConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
