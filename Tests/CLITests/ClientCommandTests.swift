import CEOServiceKit
import CEOTestSupport
import Foundation
import Testing

/// `ceo client` against the four services running as processes.
@Suite("ceo client against the real stack", .serialized, .timeLimit(.minutes(3)))
struct ClientCommandTests {
    static let password = "plum-orchard-lantern-42"

    @Test("login, analyze (flags, YAML, JSON), run with progress, jobs, show, export, keys, API key use and revocation, logout; exit codes")
    func wholeClient() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let data = work.appendingPathComponent("data")
        TestArtifacts.recordSecret(Self.password)
        _ = try DevelopmentPKI(dataDirectory: data).ensure()
        var ports: [String: Int] = [:]
        for name in ["auth", "agents", "orchestrator", "edge", "https", "metrics"] { ports[name] = try await CEOProcess.freePort() }
        let topology = [
            "CEO_AUTH_ENDPOINTS": "127.0.0.1:\(ports["auth"]!)", "CEO_AGENT_ENDPOINTS": "127.0.0.1:\(ports["agents"]!)",
            "CEO_ORCHESTRATOR_ENDPOINTS": "127.0.0.1:\(ports["orchestrator"]!)", "CEO_EDGE_HTTP_PORT": String(ports["https"]!),
            "CEO_EDGE_METRICS_PORT": String(ports["metrics"]!), "CEO_BOOTSTRAP_ADMIN_EMAIL": "root@example.com",
            "CEO_BOOTSTRAP_ADMIN_PASSWORD": Self.password,
        ]
        let services = try ["auth", "agents", "orchestrator", "edge"].map { name in
            try CEOProcess([name, "--data-dir", data.path, "--port", String(ports[name]!), "--drain-seconds", "1"], environment: topology)
        }
        defer { for service in services.reversed() { service.terminate() } }

        let client: [String: String] = [
            "CEO_URL": "https://localhost:\(ports["https"]!)", "CEO_CA_FILE": data.appendingPathComponent("pki/ca.pem").path,
            "CEO_CLIENT_HOME": work.appendingPathComponent("home").path,
        ]
        func ceo(_ arguments: String..., input: String = "", environment: [String: String] = [:]) async throws -> CEOProcess.Outcome {
            try await CEOProcess.run(["client"] + arguments, environment: client.merging(environment) { _, new in new }, input: input)
        }
        // Wait until the edge answers: a bogus key is 3 from the edge, 6 while it is unreachable.
        var ready = false
        for _ in 0..<1_200 where !ready {
            ready = try await ceo("jobs", "--api-key", "ceo_bogus").status == 3
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(ready, "the edge never answered")

        // Not signed in: 3, with the way out.
        let anonymous = try await ceo("jobs")
        #expect(anonymous.status == 3 && anonymous.stderr.contains("ceo client login"))
        let wrong = try await ceo("login", "--email", "root@example.com", input: "wrong-password-entirely\n")
        #expect(wrong.status == 3, "\(wrong.status) \(wrong.stdout) \(wrong.stderr)")
        let login = try await ceo("login", "--email", "root@example.com", input: Self.password + "\n")
        #expect(login.status == 0 && login.stdout.contains("as root@example.com (admin)"), "\(login.stderr)")
        let sessionFile = work.appendingPathComponent("home/session.json").path
        let mode = try FileManager.default.attributesOfItem(atPath: sessionFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(!(try String(contentsOfFile: sessionFile, encoding: .utf8)).contains(Self.password))

        // Analyze from flags, a YAML file and a JSON file in the WebSocket's shape.
        let flags = ["--company-name", "Ledgerly", "--industry", "B2B SaaS for accounting teams", "--location", "Wilmington, DE",
                     "--budget", "50000", "--timeline", "180", "--objective", "Build a memorable brand and logo",
                     "--objective", "Launch a website with pricing and docs"]
        let analyzed = try await CEOProcess.run(["client", "analyze"] + flags, environment: client)
        #expect(analyzed.status == 0 && analyzed.stdout.contains("Plan for Ledgerly: ") && analyzed.stdout.contains("Branding"), "\(analyzed.stdout) \(analyzed.stderr)")
        let yaml = work.appendingPathComponent("plan.yaml")
        try """
            company_name: Casa Lumbre
            industry: Tex-Mex restaurant
            location: Austin, TX
            budget: 25000
            timeline: 90
            objectives:
              - Build a memorable brand and logo
              - Form the LLC and register the trademark
            """.write(to: yaml, atomically: true, encoding: .utf8)
        let fromYAML = try await ceo("analyze", "--file", yaml.path, "--json")
        let plan = (try JSONSerialization.jsonObject(with: Data(fromYAML.stdout.utf8)) as? [String: Any])?["plan"] as? [String: Any]
        #expect(fromYAML.status == 0 && (plan?["tasks"] as? [Any])?.count == 2, "\(fromYAML.stderr)")
        let json = work.appendingPathComponent("plan.json")
        try #"{"company_info": {"company_name": "Ledgerly", "industry": "B2B SaaS", "location": "Wilmington, DE", "budget": 50000, "timeline": 180}, "objectives": ["Build a memorable brand"]}"#
            .write(to: json, atomically: true, encoding: .utf8)
        #expect(try await ceo("analyze", "--file", json.path).status == 0)
        // Refusals name the field; usage mistakes are 64.
        let refused = try await ceo("analyze", "--file", yaml.path, "--budget", "5")
        #expect(refused.status == 2 && refused.stderr.contains("budget:"), "\(refused.stderr)")
        #expect(try await ceo("analyze", "--company-name", "X").status == 64)
        try "company_name: [unclosed".write(to: yaml.deletingLastPathComponent().appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let broken = try await ceo("analyze", "--file", yaml.deletingLastPathComponent().appendingPathComponent("broken.yaml").path)
        #expect(broken.status == 64 && broken.stderr.contains("not valid YAML"))

        // Run with live progress (plain lines: not a terminal), then as JSON lines.
        let run = try await ceo("run", "--file", yaml.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("% ") && run.stdout.contains("completed: $") && run.stdout.contains("run succeeded"), "\(run.stdout)")
        let jobID = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("run ") && $0.hasSuffix(" started") }?.split(separator: " ")[1]).description
        let streamed = try await ceo("run", "--file", yaml.path, "--json")
        let events = streamed.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let seqs = events.compactMap { $0["seq"] as? Int }
        #expect(streamed.status == 0 && seqs == Array(1...max(1, seqs.count)), "\(seqs) \(streamed.stderr)")
        #expect(events.last?["event"] as? String == "orchestration_complete")
        let watched = try await ceo("run", "--watch", jobID)
        #expect(watched.status == 0 && watched.stdout.contains("succeeded"))

        // Jobs, show, export.
        let jobs = try await ceo("jobs", "--json")
        let listed = ((try JSONSerialization.jsonObject(with: Data(jobs.stdout.utf8)) as? [String: Any])?["jobs"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(listed.contains(jobID) && listed.count == 2)
        let shown = try await ceo("show", jobID)
        #expect(shown.status == 0 && shown.stdout.contains("Casa Lumbre — succeeded") && shown.stdout.contains("Legal"))
        let exportFile = work.appendingPathComponent("export.md")
        #expect(try await ceo("export", jobID, "--output", exportFile.path).status == 0)
        let markdown = try String(contentsOf: exportFile, encoding: .utf8)
        #expect(markdown.hasPrefix("# Casa Lumbre — plan and deliverables") && markdown.contains("## Legal: "))
        #expect(try await ceo("export", "no-such-run").status == 4)

        // API keys: create (the secret once), list, use, revoke.
        let created = try await ceo("keys", "create", "--name", "ci", "--scope", "runs:read", "--json")
        let createdJSON = try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any]
        let secret = try #require(createdJSON?["secret"] as? String)
        let keyID = try #require((createdJSON?["key"] as? [String: Any])?["id"] as? String)
        TestArtifacts.recordSecret(secret)
        #expect(try await ceo("keys", "list").stdout.contains("ci"))
        let withKey = try await ceo("jobs", "--api-key", secret)
        #expect(withKey.status == 0 && withKey.stdout.contains(jobID))
        #expect(try await ceo("analyze", "--file", yaml.path, environment: ["CEO_API_KEY": secret]).status == 3, "runs:read only")
        #expect(try await ceo("keys", "revoke", keyID).status == 0)
        #expect(try await ceo("jobs", "--api-key", secret).status == 3)

        // Logout forgets the session.
        #expect(try await ceo("logout").status == 0)
        #expect(try await ceo("jobs").status == 3)
        #expect(!FileManager.default.fileExists(atPath: sessionFile))
    }
}
