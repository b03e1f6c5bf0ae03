public import Prometheus

/// The edge's Prometheus metrics, all in one registry that `GET /metrics` on the
/// metrics listener exposes. Labels come from small fixed sets (route patterns, not
/// paths; policy names; statuses), so the number of series stays bounded.
public struct EdgeMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    /// Connections open on the public listener.
    let openConnections: Gauge
    /// Connections closed because no complete request head arrived in time.
    let headerTimeouts: Counter
    /// CSP violation reports received.
    let cspReports: Counter
    /// WebSocket sessions open now.
    let webSocketSessions: Gauge

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        openConnections = registry.makeGauge(descriptor: Self.name("http_open_connections", "", "Connections open on the public listener."))
        headerTimeouts = registry.makeCounter(descriptor: Self.name("http_header_timeouts", "total", "Connections closed for not sending a request head in time."))
        cspReports = registry.makeCounter(descriptor: Self.name("csp_reports", "total", "Content-Security-Policy violation reports received."))
        webSocketSessions = registry.makeGauge(descriptor: Self.name("websocket_sessions", "", "WebSocket sessions open."))
    }

    /// One answered request: its method, route pattern and status, and how long it took.
    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(descriptor: Self.name("http_requests", "total", "HTTP requests answered."), labels: labels).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name("http_request_duration", "seconds", "Time to answer an HTTP request."),
            labels: [("method", method), ("route", route)], buckets: Self.durationBuckets
        ).record(duration)
    }

    /// A request refused by a rate-limit policy.
    func recordRateLimited(policy: String) {
        registry.makeCounter(descriptor: Self.name("rate_limited_requests", "total", "Requests refused by a rate-limit policy."), labels: [("policy", policy)])
            .increment()
    }

    /// A WebSocket session the edge ended: `slow_consumer`, `message_rate`.
    func recordWebSocketDisconnect(reason: String) {
        registry.makeCounter(descriptor: Self.name("websocket_disconnects", "total", "WebSocket sessions ended by the edge."), labels: [("reason", reason)])
            .increment()
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String { registry.emitToString() }

    static let durationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2_500), .seconds(5), .seconds(10),
    ]

    static func name(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "ceo", subsystem: "edge", metricName: name, unitName: unit, helpText: help)
    }
}
