import CEOAPI
import CEODomain
import CEOAuthTokens
import CEORPC
public import CEOServiceKit
public import Foundation
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
    /// services of the edge process.
    ///
    /// Settings (environment):
    /// - `CEO_EDGE_HTTP_HOST` (127.0.0.1), `CEO_EDGE_HTTP_PORT` (8443);
    /// - `CEO_EDGE_TLS_CERT_FILE` and `CEO_EDGE_TLS_KEY_FILE` (PEM); by default the
    ///   development PKI's edge certificate (localhost, 127.0.0.1);
    /// - `CEO_EDGE_ALLOW_PLAIN_HTTP` (false): serve plain HTTP, only behind a TLS proxy;
    /// - `CEO_EDGE_CSP_REPORT_ONLY` (false);
    /// - `CEO_EDGE_TRUSTED_PROXIES`: peers whose `X-Forwarded-For` is believed (none);
    /// - `CEO_EDGE_ALLOWED_ORIGINS`: more origins allowed for cookie-authenticated changes;
    /// - `CEO_EDGE_RATE_LIMIT_<POLICY>`: quotas of a rate-limit policy (see ``RateLimitPolicies``);
    /// - `CEO_EDGE_MAX_CONNECTIONS` (10000), `CEO_EDGE_HEADER_TIMEOUT_SECONDS` (10),
    ///   `CEO_EDGE_IDLE_TIMEOUT_SECONDS` (60);
    /// - `CEO_EDGE_WEB_ROOT`: the web app's folder (default: the one bundled with the edge);
    /// - `CEO_EDGE_METRICS_HOST` (127.0.0.1), `CEO_EDGE_METRICS_PORT` (9464): the plain-HTTP
    ///   listener of `GET /metrics`, kept off the public port;
    /// - `CEO_AUTH_ENDPOINTS`, `CEO_ORCHESTRATOR_ENDPOINTS`, `CEO_AGENT_ENDPOINTS`.
    public static func components(
        settings: ServiceSettings, environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger
    ) throws -> ServiceComponents {
        let internalTLS = try settings.tlsConfiguration()
        func client(_ variable: String, _ fallback: String, _ label: String) throws -> RPCClient {
            try RPCClient(
                configuration: try settings.clientConfiguration(
                    endpoints: try EnvironmentSettings.endpoints(variable, in: environment, default: fallback), tls: internalTLS
                ),
                logger: Logger(label: "edge.\(label)-client")
            )
        }
        let backends = EdgeBackends(
            auth: try client("CEO_AUTH_ENDPOINTS", "127.0.0.1:7101", "auth"),
            orchestrator: try client("CEO_ORCHESTRATOR_ENDPOINTS", "127.0.0.1:7102", "orchestrator"),
            agents: try client("CEO_AGENT_ENDPOINTS", "127.0.0.1:7103", "agents")
        )
        let configuration = try httpConfiguration(settings: settings, environment: environment)
        let authenticator = EdgeAuthenticator(verifier: AccessTokenVerifier(source: RemoteSigningKeySource(client: backends.auth), logger: logger), auth: backends.auth)
        let metrics = EdgeMetrics(registry: settings.metricsRegistry)
        let application = try EdgeHTTPServer.application(
            configuration: configuration, backends: backends, authenticator: authenticator, metrics: metrics, logger: logger
        ) { port in
            logger.info("edge listening", metadata: ["url": "\(configuration.tls == nil ? "http" : "https")://\(configuration.host):\(port)/"])
        }
        let metricsHost = environment["CEO_EDGE_METRICS_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        let metricsListener = MetricsListener.application(
            registry: settings.metricsRegistry, host: metricsHost,
            port: try EnvironmentSettings.integer("CEO_EDGE_METRICS_PORT", in: environment, default: 9464, range: 0...65_535), logger: logger
        ) { port in
            logger.info("edge metrics listening", metadata: ["url": "http://\(metricsHost):\(port)/metrics"])
        }
        return ServiceComponents(rpcServices: [], background: [backends.auth, backends.orchestrator, backends.agents, application, metricsListener])
    }

    /// What production refuses: plain HTTP, a report-only CSP, and the development
    /// certificate on the public port.
    public static func review(environment: [String: String]) -> ProfileReview {
        var review = ProfileReview()
        review.require((try? EnvironmentSettings.flag("CEO_EDGE_ALLOW_PLAIN_HTTP", in: environment)) != true, "CEO_EDGE_ALLOW_PLAIN_HTTP serves plain HTTP")
        review.require((try? EnvironmentSettings.flag("CEO_EDGE_CSP_REPORT_ONLY", in: environment)) != true, "CEO_EDGE_CSP_REPORT_ONLY does not enforce the CSP")
        review.require(!(environment["CEO_EDGE_TLS_CERT_FILE"] ?? "").isEmpty && !(environment["CEO_EDGE_TLS_KEY_FILE"] ?? "").isEmpty,
                       "the public HTTPS port would use the development certificate: set CEO_EDGE_TLS_CERT_FILE and CEO_EDGE_TLS_KEY_FILE")
        return review
    }

    static func httpConfiguration(settings: ServiceSettings, environment: [String: String]) throws -> EdgeHTTPConfiguration {
        let plain = try EnvironmentSettings.flag("CEO_EDGE_ALLOW_PLAIN_HTTP", in: environment)
        var tls: TLSConfiguration?
        if !plain {
            let pki = DevelopmentPKI(dataDirectory: settings.dataDirectory)
            let certificate = environment["CEO_EDGE_TLS_CERT_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? pki.certificatePath(for: .edge)
            let key = environment["CEO_EDGE_TLS_KEY_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? pki.privateKeyPath(for: .edge)
            do {
                tls = EdgeHTTPConfiguration.serverTLS(
                    certificateChain: try NIOSSLCertificate.fromPEMFile(certificate), privateKey: try NIOSSLPrivateKey(file: key, format: .pem)
                )
            } catch {
                throw ServiceSettingsError("CEO_EDGE_TLS_CERT_FILE / CEO_EDGE_TLS_KEY_FILE: cannot load '\(certificate)' and '\(key)'")
            }
        }
        var configuration = EdgeHTTPConfiguration(
            host: environment["CEO_EDGE_HTTP_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1",
            port: try EnvironmentSettings.integer("CEO_EDGE_HTTP_PORT", in: environment, default: 8443, range: 0...65_535),
            tls: tls,
            allowPlainHTTP: plain,
            cspReportOnly: try EnvironmentSettings.flag("CEO_EDGE_CSP_REPORT_ONLY", in: environment)
        )
        configuration.rateLimits = try RateLimitPolicies.from(environment: environment)
        // Refuses to start on an invalid catalog, naming the file and the entry.
        configuration.catalog = try AgentCatalog.bundled()
        if let root = environment["CEO_EDGE_WEB_ROOT"], !root.isEmpty {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
                throw ServiceSettingsError("CEO_EDGE_WEB_ROOT: '\(root)' is not a folder")
            }
            configuration.webRoot = root
        }
        configuration.maximumConnections = try EnvironmentSettings.integer("CEO_EDGE_MAX_CONNECTIONS", in: environment, default: 10_000, range: 1...1_000_000)
        configuration.requestHeadTimeout = .seconds(try EnvironmentSettings.integer("CEO_EDGE_HEADER_TIMEOUT_SECONDS", in: environment, default: 10, range: 1...300))
        configuration.idleTimeout = .seconds(try EnvironmentSettings.integer("CEO_EDGE_IDLE_TIMEOUT_SECONDS", in: environment, default: 60, range: 1...3_600))
        if let proxies = environment["CEO_EDGE_TRUSTED_PROXIES"], !proxies.isEmpty {
            configuration.trustedProxies = Set(proxies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        if let origins = environment["CEO_EDGE_ALLOWED_ORIGINS"], !origins.isEmpty {
            configuration.allowedOrigins.formUnion(origins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        return configuration
    }
}
