import AsyncHTTPClient
import Edge
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@Suite("Edge metrics: Prometheus text on its own listener", .timeLimit(.minutes(2)))
struct EdgeMetricsTests {
    @Test("requests by route pattern and status, rate-limit refusals and CSP reports are counted; /metrics is not on the public port")
    func metrics() async throws {
        var environment = try EdgeTestEnvironment()
        environment.rateLimits.analyze = RateLimitPolicy("analyze", [.init(1, per: .seconds(60))])
        try await environment.run { edge in
            let token = try await edge.signUp("metrics@example.com")
            let bearer = [("Authorization", "Bearer \(token)")]
            for _ in 0..<2 { #expect(try await edge.send(.GET, "/health").status == 200) }
            #expect(try await edge.send(.GET, "/api/orchestrations/\(UUID().uuidString.lowercased())", headers: bearer).status == 404)
            #expect(try await edge.send(.POST, "/api/cfo/analyze", headers: bearer, json: EdgeAPITests.saas).status == 200)
            #expect(try await edge.send(.POST, "/api/cfo/analyze", headers: bearer, json: EdgeAPITests.saas).status == 429)
            let report = #"{"csp-report": {"violated-directive": "script-src"}}"#
            #expect(try await edge.send(.POST, "/api/csp-report", headers: [("Content-Type", "application/csp-report")], body: report).status == 202)
            #expect(try await edge.send(.GET, "/metrics").status == 404)

            let response = try await edge.client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(edge.metricsPort)/metrics"), timeout: .seconds(10))
            #expect(response.status == .ok)
            #expect(response.headers.first(name: "Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
            #expect(text.contains(#"ceo_edge_http_requests_total{method="GET",route="/health",status="200"} 2"#))
            #expect(text.contains(#"ceo_edge_http_requests_total{method="GET",route="/api/orchestrations/{id}",status="404"} 1"#))
            #expect(text.contains(#"ceo_edge_http_requests_total{method="POST",route="/api/cfo/analyze",status="429"} 1"#))
            #expect(text.contains(#"ceo_edge_rate_limited_requests_total{policy="analyze"} 1"#))
            #expect(text.contains("ceo_edge_csp_reports_total 1"))
            #expect(text.contains(#"ceo_edge_http_request_duration_seconds_bucket{method="GET",route="/health",le="+Inf"} 2"#))
            #expect(text.contains("# HELP ceo_edge_http_requests_total"))
            // Unmatched paths share one series instead of one per path.
            _ = try await edge.send(.GET, "/no/such/\(UUID().uuidString)")
            _ = try await edge.send(.GET, "/no/such/\(UUID().uuidString)")
            #expect(edge.metric(#"ceo_edge_http_requests_total{method="GET",route="NotFound",status="404"}"#) == 3)
        }
    }
}
