import CEOAPI
import CEODomain
import CEOAuthTokens
import CEORPC
public import CEOServiceKit
import Foundation
import Hummingbird
public import Logging
import NIOSSL

/// The edge service: the public HTTPS and WebSocket door.
///
/// The process serves `Health` over the internal RPC (like every service) and the
/// public HTTPS listener beside it.
public enum EdgeApp {
    public static let descriptor = ServiceDescriptor(
        identity: .edge,
        defaultPort: 7104,
        summary: "the public HTTPS and WebSocket door"
    )

    /// The HTTPS listener and its clients of the internal services, as background
    /// services of the edge process, from its settings (see ``EdgeConfiguration``).
    public static func components(settings: ServiceSettings, configuration edge: EdgeConfiguration, logger: Logger) throws -> ServiceComponents {
        let internalTLS = try settings.tlsConfiguration()
        func client(_ endpoints: [RPCEndpoint], _ label: String) throws -> RPCClient {
            try RPCClient(configuration: settings.clientConfiguration(endpoints: endpoints, tls: internalTLS), logger: Logger(label: "edge.\(label)-client"))
        }
        let backends = EdgeBackends(
            auth: try client(edge.authEndpoints, "auth"),
            orchestrator: try client(edge.orchestratorEndpoints, "orchestrator"),
            agents: try client(edge.agentEndpoints, "agents")
        )
        let configuration = try httpConfiguration(edge, settings: settings)
        let authenticator = EdgeAuthenticator(verifier: AccessTokenVerifier(source: RemoteSigningKeySource(client: backends.auth), logger: logger), auth: backends.auth)
        let metrics = EdgeMetrics(registry: settings.metricsRegistry)
        let application = try EdgeHTTPServer.application(
            configuration: configuration, backends: backends, authenticator: authenticator, metrics: metrics, logger: logger
        ) { port in
            logger.info("edge listening", metadata: ["url": "\(configuration.tls == nil ? "http" : "https")://\(configuration.host):\(port)/"])
        }
        let metricsListener = MetricsListener.application(
            registry: settings.metricsRegistry, host: edge.metricsHost, port: edge.metricsPort, logger: logger
        ) { port in
            logger.info("edge metrics listening", metadata: ["url": "http://\(edge.metricsHost):\(port)/metrics"])
        }
        return ServiceComponents(rpcServices: [], background: [backends.auth, backends.orchestrator, backends.agents, application, metricsListener])
    }

    /// The public listener's configuration: the settings, the certificate (the
    /// configured files or the development PKI's) and the agent catalog.
    static func httpConfiguration(_ edge: EdgeConfiguration, settings: ServiceSettings) throws -> EdgeHTTPConfiguration {
        var tls: TLSConfiguration?
        if !edge.allowPlainHTTP {
            let pki = DevelopmentPKI(dataDirectory: settings.dataDirectory)
            let certificate = edge.tlsFiles?.certificate ?? pki.certificatePath(for: .edge)
            let key = edge.tlsFiles?.key ?? pki.privateKeyPath(for: .edge)
            do {
                tls = EdgeHTTPConfiguration.serverTLS(
                    certificateChain: try NIOSSLCertificate.fromPEMFile(certificate), privateKey: try NIOSSLPrivateKey(file: key, format: .pem)
                )
            } catch {
                throw ServiceSettingsError("CEO_EDGE_TLS_CERT_FILE / CEO_EDGE_TLS_KEY_FILE: cannot load '\(certificate)' and '\(key)'")
            }
        }
        var configuration = EdgeHTTPConfiguration(
            host: edge.host, port: edge.port, tls: tls, allowPlainHTTP: edge.allowPlainHTTP, cspReportOnly: edge.cspReportOnly
        )
        configuration.rateLimits = edge.rateLimits
        // Refuses to start on an invalid catalog, naming the file and the entry.
        configuration.catalog = try AgentCatalog.bundled()
        _ = try PlanningRates.bundled()
        _ = try StandardChecklists.bundled()
        configuration.webRoot = edge.webRoot
        configuration.maximumConnections = edge.maximumConnections
        configuration.requestHeadTimeout = edge.requestHeadTimeout
        configuration.idleTimeout = edge.idleTimeout
        configuration.trustedProxies = edge.trustedProxies
        configuration.allowedOrigins.formUnion(edge.extraAllowedOrigins)
        return configuration
    }
}
