public import CEODomain
public import NIOSSL

/// The public listener's settings.
public struct EdgeHTTPConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The HTTPS certificate and key; nil serves plain HTTP, which is only allowed
    /// when `allowPlainHTTP` is set (development behind a TLS-terminating proxy).
    public var tls: TLSConfiguration?
    public var allowPlainHTTP: Bool
    /// Sends `Content-Security-Policy-Report-Only` instead of enforcing the policy.
    public var cspReportOnly: Bool
    /// Largest request body accepted (413 above).
    public var maximumBodyBytes: Int
    /// Origins allowed to make cookie-authenticated changes (CSRF); by default this
    /// listener's own https origins on localhost and its host.
    public var allowedOrigins: Set<String>
    public var rateLimits = RateLimitPolicies()
    /// Most rate-limit keys tracked at once.
    public var rateLimiterCapacity = 100_000
    /// The rate limiter's monotonic clock in nanoseconds; tests substitute one they move
    /// by hand, so that no slot refills while a slow machine runs them.
    public var rateLimiterClock: @Sendable () -> Int64 = RateLimiter.monotonicNanoseconds
    public var webSocketLimits = LiveSessionLimits()
    /// Peers whose `X-Forwarded-For` is believed (reverse proxies, load balancers).
    public var trustedProxies: Set<String> = []
    /// Most connections open at once; at the cap, new ones wait until one closes.
    public var maximumConnections = 10_000
    /// Time a new connection has to finish its TLS handshake and send a complete
    /// request head (the guard against slow-header clients).
    public var requestHeadTimeout: Duration = .seconds(10)
    /// Time a kept-alive connection may sit without a request before it is closed.
    public var idleTimeout: Duration = .seconds(60)
    /// Kernel send buffer per connection. Bounded, so that a client that stops reading
    /// pins at most this much (plus its WebSocket send queue) before it is dropped.
    public var socketSendBufferBytes: Int? = 256 << 10
    /// The agents the edge names, lists and documents.
    public var catalog: AgentCatalog = .standard
    /// The web app's folder; nil serves the one bundled with the edge.
    public var webRoot: String?

    public init(
        host: String = "127.0.0.1", port: Int = 8443, tls: TLSConfiguration?, allowPlainHTTP: Bool = false,
        cspReportOnly: Bool = false, maximumBodyBytes: Int = 10 << 20
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.allowPlainHTTP = allowPlainHTTP
        self.cspReportOnly = cspReportOnly
        self.maximumBodyBytes = maximumBodyBytes
        let scheme = tls == nil ? "http" : "https"
        allowedOrigins = Set([host, "localhost", "127.0.0.1"].map { "\(scheme)://\($0):\(port)" })
    }

    /// A TLS 1.2+ server configuration from a certificate chain and key.
    public static func serverTLS(certificateChain: [NIOSSLCertificate], privateKey: NIOSSLPrivateKey) -> TLSConfiguration {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: certificateChain.map { .certificate($0) }, privateKey: .privateKey(privateKey)
        )
        tls.minimumTLSVersion = .tlsv12
        // Forward-secret AEAD suites only (TLS 1.3 suites are always strong).
        tls.cipherSuites = [
            "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
        ].joined(separator: ":")
        return tls
    }
}
