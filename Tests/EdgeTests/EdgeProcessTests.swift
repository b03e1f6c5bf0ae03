import AsyncHTTPClient
import CEORPC
import CEOServiceKit
import CEOTestSupport
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOSSL
import Testing

/// The four services as real `ceo` processes, as they run in production.
@Suite("Edge in front of real service processes", .serialized, .timeLimit(.minutes(6)))
struct EdgeProcessTests {
    @Test("a run through the edge process over HTTPS and the WebSocket; readiness turns 503 naming the service when a process stops")
    func wholeStackAsProcesses() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("edge-processes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let pki = DevelopmentPKI(dataDirectory: data)
        _ = try pki.ensure()
        // The services read only their own folders: without the CA folder they still
        // start, and none of them makes a CA of its own.
        try FileManager.default.removeItem(at: pki.authorityDirectory)
        var ports: [String: Int] = [:]
        for name in ["auth", "agents", "orchestrator", "edge", "https", "metrics", "auth-metrics", "agents-metrics", "orchestrator-metrics"] {
            ports[name] = try await CEOProcess.freePort()
        }
        func service(_ name: String, _ environment: [String: String] = [:]) throws -> CEOProcess {
            try CEOProcess([name, "--data-dir", data.path, "--port", String(ports[name]!), "--drain-seconds", "1"],
                           environment: ["CEO_METRICS_PORT": String(ports["\(name)-metrics"] ?? 0), "CEO_LOG_LEVEL": "debug"].merging(environment) { _, new in new })
        }
        let auth = try service("auth")
        let agents = try service("agents")
        let orchestrator = try service("orchestrator", [
            "CEO_AUTH_ENDPOINTS": "127.0.0.1:\(ports["auth"]!)", "CEO_AGENT_ENDPOINTS": "127.0.0.1:\(ports["agents"]!)",
        ])
        let edge = try service("edge", [
            "CEO_EDGE_HTTP_PORT": String(ports["https"]!), "CEO_EDGE_METRICS_PORT": String(ports["metrics"]!),
            "CEO_AUTH_ENDPOINTS": "127.0.0.1:\(ports["auth"]!)", "CEO_AGENT_ENDPOINTS": "127.0.0.1:\(ports["agents"]!)",
            "CEO_ORCHESTRATOR_ENDPOINTS": "127.0.0.1:\(ports["orchestrator"]!)",
        ])
        let processes = [edge, orchestrator, agents, auth]
        defer { for process in processes { process.terminate() } }

        let trustRoots = try NIOSSLCertificate.fromPEMFile(pki.caCertificatePath)
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(trustRoots)
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
        defer { _ = client.shutdown() }
        let base = "https://localhost:\(ports["https"]!)"
        func send(_ method: HTTPMethod, _ path: String, token: String? = nil, json: [String: Any]? = nil, traceparent: String? = nil) async throws -> (status: Int, json: [String: Any]) {
            var request = HTTPClientRequest(url: base + path)
            request.method = method
            if let traceparent { request.headers.add(name: "traceparent", value: traceparent) }
            if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            if let json {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
            }
            let response = try await client.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 20)
            return (Int(response.status.code), (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:])
        }

        // Ready once every process is up and the edge reaches all three.
        var ready = false
        for _ in 0..<1_200 where !ready {
            ready = (try? await send(.GET, "/health/ready"))?.status == 200
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(ready, "the stack never became ready")
        let keys = FileManager.default.enumerator(atPath: data.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix("key.pem") } ?? []
        #expect(Set(keys) == Set(DevelopmentPKI.services.map { "pki/\($0.name)/key.pem" }), "private keys in the data folder: \(keys)")

        let password = "plum-orchard-lantern-42"
        TestArtifacts.recordSecret(password)
        #expect(try await send(.POST, "/api/auth/register", json: ["email": "founder@example.com", "password": password]).status == 201)
        // One trace for the login, another for a run: each must show in the logs of every service it touched.
        let loginTrace = "4bf92f3577b34da6a3ce929d0e0e4736", runTrace = "0af7651916cd43dd8448eb211c80319c"
        let login = try await send(.POST, "/api/auth/login", json: ["email": "founder@example.com", "password": password, "session": false],
                                   traceparent: "00-\(loginTrace)-00f067aa0ba902b7-01")
        let token = try #require(login.json["access_token"] as? String)
        let plan = try await send(.POST, "/api/cfo/analyze", token: token, json: EdgeAPITests.saas)
        #expect(plan.status == 200 && plan.json["success"] as? Bool == true)

        let traced = try await send(.POST, "/api/orchestrations", token: token, json: EdgeAPITests.saas, traceparent: "00-\(runTrace)-b7ad6b7169203331-01")
        let tracedID = try #require(traced.json["job_id"] as? String)
        // Polled gently: the edge's default rate limits apply here.
        for _ in 0..<40 where (try await send(.GET, "/api/orchestrations/\(tracedID)", token: token).json["job"] as? [String: Any])?["status"] as? String != "succeeded" {
            try await Task.sleep(for: .milliseconds(300))
        }
        func logs(_ process: CEOProcess) throws -> String { try String(contentsOf: try #require(process.logFile), encoding: .utf8) }
        for (name, process) in [("edge", edge), ("auth", auth)] {
            #expect(try logs(process).contains(#""trace_id":"\#(loginTrace)""#), "the login's trace is not in the \(name) logs")
        }
        for (name, process) in [("edge", edge), ("orchestrator", orchestrator), ("agents", agents)] {
            #expect(try logs(process).contains(#""trace_id":"\#(runTrace)""#), "the run's trace is not in the \(name) logs")
        }

        let received = Received()
        try await liveWebSocket(
            port: ports["https"]!, trustRoots: trustRoots, headers: [.authorization: "Bearer \(token)"], send: [EdgeWebSocketTests.start],
            received: received
        ) { EdgeWebSocketTests.final.contains($0["event"] as? String ?? "") }
        #expect(received.all.last?["event"] as? String == "orchestration_complete")
        #expect(received.seqs == Array(1...max(1, received.seqs.count)))

        // Every service's metrics, scraped and parsed.
        func scrape(_ port: Int) async throws -> PrometheusText? {
            let response = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(10))
            return PrometheusText(String(buffer: try await response.body.collect(upTo: 4 << 20)))
        }
        let edgeMetrics = try #require(try await scrape(ports["metrics"]!))
        #expect(edgeMetrics.value("ceo_edge_http_requests_total", ["method": "POST", "route": "/api/cfo/analyze", "status": "200"]) == 1)
        #expect(edgeMetrics.value("ceo_edge_websocket_sessions") != nil)
        let authMetrics = try #require(try await scrape(ports["auth-metrics"]!))
        #expect((authMetrics.value("ceo_rpc_server_calls_total", ["method": "/ceo.auth.v1.AuthService/Login", "code": "OK"]) ?? 0) >= 1)
        #expect((authMetrics.value("ceo_rpc_server_call_duration_seconds_count") ?? 0) >= 3)
        let agentMetrics = try #require(try await scrape(ports["agents-metrics"]!))
        #expect((agentMetrics.value("ceo_agent_executions_total", ["agent": "branding", "status": "ok"]) ?? 0) >= 1)
        #expect((agentMetrics.value("ceo_agent_execution_duration_seconds_count", ["agent": "branding"]) ?? 0) >= 1)
        let orchestratorMetrics = try #require(try await scrape(ports["orchestrator-metrics"]!))
        #expect((orchestratorMetrics.value("ceo_orchestrator_budget_spent_cents_total", ["agent": "branding"]) ?? 0) > 0)
        #expect(orchestratorMetrics.value("ceo_orchestrator_runs_finished_total") == 2)
        #expect(orchestratorMetrics.value("ceo_orchestrator_active_runs") == 0)

        // Stop the agents process: readiness names it, and the others stay up.
        agents.terminate()
        var readiness: (status: Int, json: [String: Any]) = (0, [:])
        for _ in 0..<100 {
            readiness = try await send(.GET, "/health/ready")
            if readiness.status == 503 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(readiness.status == 503)
        let services = readiness.json["services"] as? [String: String] ?? [:]
        #expect(readiness.json["status"] as? String == "not_ready")
        #expect(services["agents"] != nil && services["agents"] != "serving", "\(readiness.json)")
        #expect(services["auth"] == "serving" && services["orchestrator"] == "serving", "\(readiness.json)")
        #expect(try await send(.GET, "/health").status == 200)
    }
}
