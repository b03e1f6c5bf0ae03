public import Prometheus
import Synchronization

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
    /// Each request series' counter and histogram, found in the registry once (a lookup
    /// there builds the label set and takes the registry's lock on every request).
    private let requestSeries = RequestSeries()

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        openConnections = registry.makeGauge(descriptor: Self.name("http_open_connections", "", "Connections open on the public listener."))
        headerTimeouts = registry.makeCounter(descriptor: Self.name("http_header_timeouts", "total", "Connections closed for not sending a request head in time."))
        cspReports = registry.makeCounter(descriptor: Self.name("csp_reports", "total", "Content-Security-Policy violation reports received."))
        webSocketSessions = registry.makeGauge(descriptor: Self.name("websocket_sessions", "", "WebSocket sessions open."))
    }

    /// One answered request: its method, route pattern and status, and how long it took.
    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let series = requestSeries.series(method: method, route: route, status: status) {
            let labels = [("method", method), ("route", route), ("status", String(status))]
            return (
                registry.makeCounter(descriptor: Self.name("http_requests", "total", "HTTP requests answered."), labels: labels),
                registry.makeDurationHistogram(
                    descriptor: Self.name("http_request_duration", "seconds", "Time to answer an HTTP request."),
                    labels: [("method", method), ("route", route)], buckets: Self.durationBuckets
                )
            )
        }
        series.requests.increment()
        series.duration.record(duration)
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

/// The request metrics of each (method, route, status), made once. Bounded like the
/// registry's series: route patterns and statuses are small sets; past 4,096 entries
/// (a flood of made-up methods) it starts again, and the registry still answers.
private final class RequestSeries: Sendable {
    struct Key: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private let series = Mutex<[Key: (requests: Counter, duration: DurationHistogram)]>([:])

    func series(
        method: String, route: String, status: Int, make: () -> (Counter, DurationHistogram)
    ) -> (requests: Counter, duration: DurationHistogram) {
        let key = Key(method: method, route: route, status: status)
        if let found = series.withLock({ $0[key] }) { return found }
        let (requests, duration) = make()
        series.withLock { series in
            if series.count >= 4_096 { series.removeAll(keepingCapacity: true) }
            series[key] = (requests, duration)
        }
        return (requests, duration)
    }
}
