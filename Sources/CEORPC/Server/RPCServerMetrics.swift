import Metrics

/// The server's calls in swift-metrics: `ceo_rpc_server_calls_total{method, code}` and
/// `ceo_rpc_server_call_duration_seconds{method}`, exported by whatever backend the
/// process bootstrapped (Prometheus in the product). Methods come from the router,
/// so the label values stay bounded.
enum RPCServerMetrics {
    static func record(method: String, code: RPCStatusCode, duration: Duration) {
        Counter(label: "ceo_rpc_server_calls_total", dimensions: [("method", method), ("code", code.description)]).increment()
        Timer(label: "ceo_rpc_server_call_duration_seconds", dimensions: [("method", method)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(duration.wholeNanoseconds)
    }
}
