public import CEORPC
public import CEOServiceKit
import Foundation

/// The edge's settings, parsed once at start:
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
public struct EdgeConfiguration: ServiceConfiguration {
    public var host: String
    public var port: Int
    public var allowPlainHTTP: Bool
    /// The public certificate and key files; nil for the development PKI's.
    public var tlsFiles: (certificate: String, key: String)?
    public var cspReportOnly: Bool
    public var rateLimits: RateLimitPolicies
    public var webRoot: String?
    public var maximumConnections: Int
    public var requestHeadTimeout: Duration
    public var idleTimeout: Duration
    public var trustedProxies: Set<String>
    /// Origins allowed besides the listener's own.
    public var extraAllowedOrigins: [String]
    public var authEndpoints: [RPCEndpoint]
    public var orchestratorEndpoints: [RPCEndpoint]
    public var agentEndpoints: [RPCEndpoint]
    public var metricsHost: String
    public var metricsPort: Int

    public init(environment: [String: String]) throws {
        func text(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        func list(_ name: String) -> [String] {
            (text(name) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        host = text("CEO_EDGE_HTTP_HOST") ?? "127.0.0.1"
        port = try EnvironmentSettings.integer("CEO_EDGE_HTTP_PORT", in: environment, default: 8443, range: 0...65_535)
        allowPlainHTTP = try EnvironmentSettings.flag("CEO_EDGE_ALLOW_PLAIN_HTTP", in: environment)
        switch (text("CEO_EDGE_TLS_CERT_FILE"), text("CEO_EDGE_TLS_KEY_FILE")) {
        case (let certificate?, let key?): tlsFiles = (certificate, key)
        case (nil, nil): tlsFiles = nil
        default: throw ServiceSettingsError("set both CEO_EDGE_TLS_CERT_FILE and CEO_EDGE_TLS_KEY_FILE, or neither (the development certificate)")
        }
        cspReportOnly = try EnvironmentSettings.flag("CEO_EDGE_CSP_REPORT_ONLY", in: environment)
        rateLimits = try RateLimitPolicies.from(environment: environment)
        if let root = text("CEO_EDGE_WEB_ROOT") {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
                throw ServiceSettingsError("CEO_EDGE_WEB_ROOT: '\(root)' is not a folder")
            }
            webRoot = root
        }
        maximumConnections = try EnvironmentSettings.integer("CEO_EDGE_MAX_CONNECTIONS", in: environment, default: 10_000, range: 1...1_000_000)
        requestHeadTimeout = .seconds(try EnvironmentSettings.integer("CEO_EDGE_HEADER_TIMEOUT_SECONDS", in: environment, default: 10, range: 1...300))
        idleTimeout = .seconds(try EnvironmentSettings.integer("CEO_EDGE_IDLE_TIMEOUT_SECONDS", in: environment, default: 60, range: 1...3_600))
        trustedProxies = Set(list("CEO_EDGE_TRUSTED_PROXIES"))
        extraAllowedOrigins = list("CEO_EDGE_ALLOWED_ORIGINS")
        authEndpoints = try EnvironmentSettings.endpoints("CEO_AUTH_ENDPOINTS", in: environment, default: "127.0.0.1:7101")
        orchestratorEndpoints = try EnvironmentSettings.endpoints("CEO_ORCHESTRATOR_ENDPOINTS", in: environment, default: "127.0.0.1:7102")
        agentEndpoints = try EnvironmentSettings.endpoints("CEO_AGENT_ENDPOINTS", in: environment, default: "127.0.0.1:7103")
        metricsHost = text("CEO_EDGE_METRICS_HOST") ?? "127.0.0.1"
        metricsPort = try EnvironmentSettings.integer("CEO_EDGE_METRICS_PORT", in: environment, default: 9464, range: 0...65_535)
    }

    /// What production refuses: plain HTTP, a report-only CSP, and the development
    /// certificate on the public port.
    public func review() -> ProfileReview {
        var review = ProfileReview()
        review.require(!allowPlainHTTP, "CEO_EDGE_ALLOW_PLAIN_HTTP serves plain HTTP")
        review.require(!cspReportOnly, "CEO_EDGE_CSP_REPORT_ONLY does not enforce the CSP")
        review.require(tlsFiles != nil, "the public HTTPS port would use the development certificate: set CEO_EDGE_TLS_CERT_FILE and CEO_EDGE_TLS_KEY_FILE")
        return review
    }
}
