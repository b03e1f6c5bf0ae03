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

/// An approval that waits through the death of every process.
@Suite("Approvals across SIGKILLs of every service", .serialized, .timeLimit(.minutes(5)))
struct GovernanceProcessTests {
    @Test("a run pauses at a gate; all four services are SIGKILLed and restarted while it waits; the approval then resumes it, and every task is charged once")
    func pauseSurvivesEveryProcess() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("governance-processes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let pki = DevelopmentPKI(dataDirectory: data)
        _ = try pki.ensure()
        var ports: [String: Int] = [:]
        for name in ["auth", "agents", "orchestrator", "edge", "https", "metrics"] { ports[name] = try await CEOProcess.freePort() }
        let topology = [
            "CEO_AUTH_ENDPOINTS": "127.0.0.1:\(ports["auth"]!)", "CEO_AGENT_ENDPOINTS": "127.0.0.1:\(ports["agents"]!)",
            "CEO_ORCHESTRATOR_ENDPOINTS": "127.0.0.1:\(ports["orchestrator"]!)",
            "CEO_EDGE_HTTP_PORT": String(ports["https"]!), "CEO_EDGE_METRICS_PORT": String(ports["metrics"]!),
            // The test polls every 20 ms until the run ends, and the SIGKILLed replica's
            // lease must expire before the run resumes: limits that let the polling go on
            // (50 reads an hour would stop it after a second on an idle machine), and a
            // short lease.
            "CEO_EDGE_RATE_LIMIT_GENERAL": "100000/3600", "CEO_EDGE_RATE_LIMIT_BURST": "100000/10", "CEO_ORCHESTRATOR_LEASE_SECONDS": "3",
        ]
        func startAll() throws -> [CEOProcess] {
            try ["auth", "agents", "orchestrator", "edge"].map { name in
                try CEOProcess([name, "--data-dir", data.path, "--port", String(ports[name]!), "--drain-seconds", "1"], environment: topology)
            }
        }
        var processes = try startAll()
        defer { for process in processes { process.terminate() } }

        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(pki.caCertificatePath))
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
        defer { _ = client.shutdown() }
        let base = "https://localhost:\(ports["https"]!)"
        @Sendable func send(_ method: HTTPMethod, _ path: String, token: String? = nil, json: [String: Any]? = nil) async throws -> (status: Int, json: [String: Any]) {
            var request = HTTPClientRequest(url: base + path)
            request.method = method
            if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            if let json {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
            }
            let response = try await client.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 22)
            return (Int(response.status.code), (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:])
        }
        func waitUntilReady() async throws {
            var ready = false
            for _ in 0..<1_200 where !ready {
                ready = (try? await send(.GET, "/health/ready"))?.status == 200
                if !ready { try await Task.sleep(for: .milliseconds(100)) }
            }
            try #require(ready, "the stack never became ready")
        }
        try await waitUntilReady()

        let password = "plum-orchard-lantern-42"
        TestArtifacts.recordSecret(password)
        #expect(try await send(.POST, "/api/auth/register", json: ["email": "founder@example.com", "password": password]).status == 201)
        func login() async throws -> String {
            try #require(try await send(.POST, "/api/auth/login", json: ["email": "founder@example.com", "password": password, "session": false]).json["access_token"] as? String)
        }
        var token = try await login()
        #expect(try await send(.PUT, "/api/approval-policy", token: token, json: ["auto_approve_up_to": 1_000, "currency": "USD"]).status == 200)
        let started = try await send(.POST, "/api/orchestrations", token: token, json: EdgeAPITests.saas)
        let jobID = try #require(started.json["job_id"] as? String)

        func job() async throws -> [String: Any] {
            try await send(.GET, "/api/orchestrations/\(jobID)", token: token).json["job"] as? [String: Any] ?? [:]
        }
        var paused: [String: Any] = [:]
        for _ in 0..<3_000 where paused["status"] as? String != "awaiting_approval" {
            paused = try await job()
            if paused["status"] as? String != "awaiting_approval" { try await Task.sleep(for: .milliseconds(20)) }
        }
        try #require(paused["status"] as? String == "awaiting_approval", "the run never paused: \(paused["status"] ?? "")")
        func pendingIDs() async throws -> Set<String> {
            let pending = try await send(.GET, "/api/approvals?status=pending&job_id=\(jobID)", token: token).json["approvals"] as? [[String: Any]] ?? []
            return Set(pending.compactMap { $0["id"] as? String })
        }
        let waitingBefore = try await pendingIDs()
        #expect(!waitingBefore.isEmpty)

        // Every process dies at once, and comes back on the same data.
        for process in processes { process.kill() }
        processes = try startAll()
        try await waitUntilReady()
        token = try await login()
        let stillPaused = try await job()
        #expect(stillPaused["status"] as? String == "awaiting_approval", "\(stillPaused["status"] ?? "")")
        #expect(try await pendingIDs().isSuperset(of: waitingBefore), "the requests that waited before the kill still wait")

        // Approve every request as it comes, until the run ends.
        var approvals = 0
        var finished: [String: Any] = [:]
        for _ in 0..<6_000 {
            finished = try await job()
            if (finished["finished_at_unix_ms"] as? Int ?? 0) != 0 { break }
            let pending = try await send(.GET, "/api/approvals?status=pending&job_id=\(jobID)", token: token).json["approvals"] as? [[String: Any]] ?? []
            for request in pending {
                #expect(try await send(.POST, "/api/approvals/\(request["id"] as? String ?? "")/decision", token: token, json: ["decision": "approve"]).status == 200)
                approvals += 1
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(finished["status"] as? String == "succeeded", "\(finished["status"] ?? "") \(finished["failure_reason"] ?? "")")
        #expect(approvals >= 1)
        let ledger = try await send(.GET, "/api/orchestrations/\(jobID)/budget", token: token).json
        let entries = ledger["entries"] as? [[String: Any]] ?? []
        let settles = Dictionary(grouping: entries.filter { $0["kind"] as? String == "settle" }, by: { $0["task_id"] as? String ?? "" })
        let tasks = (finished["tasks"] as? [[String: Any]] ?? []).compactMap { $0["task_id"] as? String }
        #expect(Set(settles.keys) == Set(tasks) && settles.values.allSatisfy { $0.count == 1 }, "\(settles.mapValues(\.count))")
        #expect(entries.filter { $0["kind"] as? String == "approved" }.count == approvals)
    }
}
