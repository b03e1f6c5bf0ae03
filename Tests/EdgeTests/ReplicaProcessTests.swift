import AsyncHTTPClient
import CEOServiceKit
import CEOStorage
import CEOTestSupport
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOSSL
import Orchestrator
import Synchronization
import Testing

/// The scaled-out layout as processes: PostgreSQL, and two of every service.
@Suite(
    "Two of every service on PostgreSQL",
    .serialized, .timeLimit(.minutes(8)),
    .enabled(if: TestPostgres.serverURL != nil, "needs the test PostgreSQL server (scripts/test.sh starts it)")
)
struct ReplicaProcessTests {
    @Test("20 runs through two edges; the orchestrator holding the most leases is SIGKILLed mid-run; every run finishes, each task charged once, and the watchers on both edges see every seq exactly once")
    func takeoverAcrossProcesses() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("replicas-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        _ = try DevelopmentPKI(dataDirectory: data).ensure()
        let authDatabase = try await TestPostgres.freshDatabase()
        let orchestratorDatabase = try await TestPostgres.freshDatabase()
        var freePorts: [String: Int] = [:]
        for name in ["auth-1", "auth-2", "agents-1", "agents-2", "orchestrator-1", "orchestrator-2", "edge-1", "edge-2", "https-1", "https-2", "metrics-1", "metrics-2"] {
            freePorts[name] = try await CEOProcess.freePort()
        }
        let ports = freePorts
        func endpoints(_ service: String) -> String { "127.0.0.1:\(ports["\(service)-1"]!),127.0.0.1:\(ports["\(service)-2"]!)" }
        let shared = [
            "CEO_AUTH_ENDPOINTS": endpoints("auth"), "CEO_AGENT_ENDPOINTS": endpoints("agents"), "CEO_ORCHESTRATOR_ENDPOINTS": endpoints("orchestrator"),
            "CEO_AUTH_DATABASE_URL": try TestPostgres.url(of: authDatabase),
            "CEO_ORCHESTRATOR_DATABASE_URL": try TestPostgres.url(of: orchestratorDatabase),
            // Slow enough that the kill lands in the middle of the runs.
            "CEO_AGENTS_PACE_MS": "2500",
            "CEO_EDGE_RATE_LIMIT_GENERAL": "100000/3600", "CEO_EDGE_RATE_LIMIT_BURST": "100000/10", "CEO_EDGE_RATE_LIMIT_LOGIN": "100/60",
        ]
        TestArtifacts.recordSecret(try #require(authDatabase.password))
        var processes: [String: CEOProcess] = [:]
        defer { for process in processes.values { process.terminate() } }
        for replica in 1...2 {
            for service in ["auth", "agents", "orchestrator", "edge"] {
                var environment = shared
                environment["CEO_ORCHESTRATOR_REPLICA_ID"] = "orchestrator-\(replica)"
                environment["CEO_EDGE_HTTP_PORT"] = String(ports["https-\(replica)"]!)
                environment["CEO_EDGE_METRICS_PORT"] = String(ports["metrics-\(replica)"]!)
                processes["\(service)-\(replica)"] = try CEOProcess(
                    [service, "--data-dir", data.path, "--port", String(ports["\(service)-\(replica)"]!), "--drain-seconds", "1"], environment: environment
                )
            }
        }

        var tls = TLSConfiguration.makeClientConfiguration()
        let trustRoots = try NIOSSLCertificate.fromPEMFile(DevelopmentPKI(dataDirectory: data).caCertificatePath)
        tls.trustRoots = .certificates(trustRoots)
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
        defer { _ = client.shutdown() }
        @Sendable func send(_ edge: Int, _ method: HTTPMethod, _ path: String, token: String? = nil, json: [String: Any]? = nil) async throws -> (status: Int, json: [String: Any]) {
            var request = HTTPClientRequest(url: "https://localhost:\(ports["https-\(edge)"]!)" + path)
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
        for edge in 1...2 {
            var ready = false
            for _ in 0..<1_200 where !ready {
                ready = (try? await send(edge, .GET, "/health/ready"))?.status == 200
                if !ready { try await Task.sleep(for: .milliseconds(100)) }
            }
            try #require(ready, "edge \(edge) never became ready")
        }

        // One account, registered through one edge and signed in through the other.
        let password = "plum-orchard-lantern-42"
        TestArtifacts.recordSecret(password)
        #expect(try await send(1, .POST, "/api/auth/register", json: ["email": "founder@example.com", "password": password]).status == 201)
        let token = try #require(
            try await send(2, .POST, "/api/auth/login", json: ["email": "founder@example.com", "password": password, "session": false]).json["access_token"] as? String
        )

        let runs = 20
        var jobIDs: [String] = []
        for index in 0..<runs {
            let started = try await send(index % 2 + 1, .POST, "/api/orchestrations", token: token, json: EdgeAPITests.saas)
            jobIDs.append(try #require(started.json["job_id"] as? String, "run \(index): \(started.status) \(started.json)"))
        }
        let leases = try await JobStore.open(postgres: orchestratorDatabase, logger: TestHarness.logger)
        let (busiest, orphaned) = try await withThrowingTaskGroup(of: (Int, String, [Int]).self) { group -> (String, [String]) in
            // A watcher on each edge for every run, from its first event.
            for id in jobIDs {
                for edge in 1...2 {
                    group.addTask {
                        let received = Received()
                        try await liveWebSocket(
                            port: ports["https-\(edge)"]!, trustRoots: trustRoots, headers: [.authorization: "Bearer \(token)"],
                            send: [["type": "watch", "job_id": id, "after_seq": 0]], received: received
                        ) { EdgeWebSocketTests.final.contains($0["event"] as? String ?? "") || $0["event"] as? String == "error" }
                        return (edge, id, received.seqs)
                    }
                }
            }
            // Every run held by a replica, and tasks under way: SIGKILL the one holding the most.
            // On a loaded machine the first runs may end before the last start: take the
            // moment most runs are held (all of them, as a rule).
            var holders: [String: Int] = [:]
            for _ in 0..<3_000 {
                let now = try await leases.leaseHolders()
                if now.values.reduce(0, +) >= holders.values.reduce(0, +) { holders = now }
                if holders.values.reduce(0, +) == runs { break }
                if holders.values.reduce(0, +) >= runs / 2, now.values.reduce(0, +) < holders.values.reduce(0, +) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let busiest = try #require(holders.max { $0.value < $1.value }, "no replica holds a lease: \(holders)")
            let killedReplica = busiest.key
            processes[busiest.key]?.kill()
            // The runs it held unfinished when it died (read after the kill: it writes no more).
            let orphaned = try await leases.database.read { db in
                try String.fetchAll(db, sql: "SELECT id FROM jobs WHERE lease_owner = ? AND finished_at_ms IS NULL", arguments: [killedReplica])
            }
            processes[busiest.key] = nil

            var watched = 0
            for try await (edge, id, seqs) in group {
                watched += 1
                let job = try await send(edge, .GET, "/api/orchestrations/\(id)", token: token).json["job"] as? [String: Any] ?? [:]
                let last = job["last_seq"] as? Int ?? -1
                #expect(seqs == Array(1...max(1, last)), "edge \(edge), run \(id): \(seqs.count) events for last_seq \(last)")
            }
            #expect(watched == runs * 2)
            return (busiest.key, orphaned)
        }
        // The survivor took over the runs the killed replica held unfinished, and ran them to the end.
        #expect(!orphaned.isEmpty, "the kill landed mid-run")
        let lastHolders = orphaned.isEmpty ? [] : try await leases.database.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT lease_owner FROM jobs WHERE id IN (\(orphaned.map { _ in "?" }.joined(separator: ",")))", arguments: SQLArguments(orphaned.map(\.sqlValue)))
        }
        #expect(orphaned.isEmpty || (lastHolders.count == 1 && !lastHolders.contains(busiest)), "the killed replica's runs were last held by \(lastHolders)")
        // After the takeover: every run finished, each task settled once, nothing left reserved.
        for (index, id) in jobIDs.enumerated() {
            let job = try await send(index % 2 + 1, .GET, "/api/orchestrations/\(id)", token: token).json["job"] as? [String: Any] ?? [:]
            #expect(job["status"] as? String == "succeeded", "run \(id): \(job["status"] ?? "") \(job["failure_reason"] ?? "")")
            let ledger = try await send(index % 2 + 1, .GET, "/api/orchestrations/\(id)/budget", token: token).json
            let entries = ledger["entries"] as? [[String: Any]] ?? []
            let settles = Dictionary(grouping: entries.filter { $0["kind"] as? String == "settle" }, by: { $0["task_id"] as? String ?? "" })
            let tasks = (job["tasks"] as? [[String: Any]] ?? []).compactMap { $0["task_id"] as? String }
            #expect(Set(settles.keys) == Set(tasks) && settles.values.allSatisfy { $0.count == 1 }, "run \(id): \(settles.mapValues(\.count))")
            let budget = job["budget"] as? [String: Any] ?? [:]
            let reserved = budget["reserved_cents"] as? Int ?? -1, spent = budget["spent_cents"] as? Int ?? -1, total = budget["total_cents"] as? Int ?? 0
            #expect(reserved == 0 && spent >= 0 && spent <= total, "run \(id): reserved \(reserved), spent \(spent) of \(total)")
        }
    }
}
