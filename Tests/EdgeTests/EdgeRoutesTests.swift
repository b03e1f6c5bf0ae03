import AuthService
import CEOAPI
import Edge
import Foundation
import NIOHTTP1
import Testing

@Suite("Edge routes: runs, agents, keys, admin, CSP reports", .timeLimit(.minutes(2)))
struct EdgeRoutesTests {
    @Test("runs: 202 with the id and Location, Idempotency-Key honoured, get until done, list newest first, others get 404")
    func orchestrations() async throws {
        try await EdgeTestEnvironment().run { edge in
            let alice = [("Authorization", "Bearer \(try await edge.signUp("alice@example.com"))")]
            let bob = [("Authorization", "Bearer \(try await edge.signUp("bob@example.com"))")]
            let started = try await edge.send(.POST, "/api/orchestrations", headers: alice + [("Idempotency-Key", "launch-1")], json: EdgeAPITests.saas)
            #expect(started.status == 202)
            let id = try #require(started.json["job_id"] as? String)
            #expect(started.headers.first(name: "Location") == "/api/orchestrations/\(id)")
            let again = try await edge.send(.POST, "/api/orchestrations", headers: alice + [("Idempotency-Key", "launch-1")], json: EdgeAPITests.saas)
            #expect(again.json["job_id"] as? String == id)

            var job: [String: Any] = [:]
            for _ in 0..<100 {
                job = try await edge.send(.GET, "/api/orchestrations/\(id)", headers: alice).json["job"] as? [String: Any] ?? [:]
                if job["status"] as? String == "succeeded" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(job["status"] as? String == "succeeded")
            let tasks = job["tasks"] as? [[String: Any]] ?? []
            #expect(tasks.count == 3 && tasks.allSatisfy { !($0["deliverables"] as? [Any] ?? []).isEmpty })
            #expect((job["budget"] as? [String: Any])?["reserved_cents"] as? Int == 0)

            // The deliverables as one Markdown file, for the owner only.
            let export = try await edge.send(.GET, "/api/orchestrations/\(id)/export", headers: alice)
            #expect(export.status == 200 && export.headers.first(name: "Content-Type") == "text/markdown; charset=utf-8")
            #expect(export.headers.first(name: "Content-Disposition") == "attachment; filename=\"ledgerly-\(id.prefix(8)).md\"")
            #expect(export.body.hasPrefix("# Ledgerly — plan and deliverables\n") && export.body.contains("## Branding: ") && export.body.contains("| Item | Qty | Unit | Total | Source |"))
            // The export is the whole plan: objectives, phases with why each task starts then, the budget and the reserve's reason, each agent's status.
            for section in ["## The plan", "### Objectives", "### Phases and tasks", "| phase | days | agent | task | budget | why it starts then |", "### Budget", "Reserve: ", "Status: succeeded"] {
                #expect(export.body.contains(section), "\(section)")
            }
            #expect(try await edge.send(.GET, "/api/orchestrations/\(id)/export", headers: bob).status == 404)

            let other = try await edge.send(.POST, "/api/orchestrations", headers: alice, json: EdgeAPITests.saas)
            let list = try await edge.send(.GET, "/api/orchestrations?page_size=10", headers: alice)
            #expect((list.json["jobs"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [other.json["job_id"] as? String, id].compactMap { $0 })
            #expect(try await edge.send(.GET, "/api/orchestrations/\(id)", headers: bob).status == 404)
            #expect(try await edge.send(.POST, "/api/orchestrations/\(id)/cancel", headers: bob).status == 404)
            #expect(try await edge.send(.GET, "/api/orchestrations?status=nope", headers: alice).status == 400)
            #expect(try await edge.send(.GET, "/api/orchestrations?page_size=0", headers: alice).status == 400)
            var bad = EdgeAPITests.saas
            bad["objectives"] = Array(repeating: "Design a logo", count: 21)
            let invalid = try await edge.send(.POST, "/api/orchestrations", headers: alice, json: bad)
            #expect(invalid.status == 400 && (invalid.json["details"] as? [[String: Any]])?.first?["field"] as? String == "objectives")
        }
    }

    @Test("agents: the six with capabilities; execute one is for admins, an unknown agent is 404")
    func agents() async throws {
        try await EdgeTestEnvironment().run { edge in
            let user = [("Authorization", "Bearer \(try await edge.signUp("u@example.com"))")]
            let available = try await edge.send(.GET, "/api/agents/available", headers: user)
            #expect(available.status == 200 && available.headers.first(name: "Cache-Control") == "private, max-age=300")
            let agents = available.json["agents"] as? [[String: Any]] ?? []
            #expect(agents.compactMap { $0["type"] as? String } == ["branding", "legal", "web_development", "martech", "content", "campaigns"])
            #expect(agents.allSatisfy { ($0["capabilities"] as? [Any] ?? []).count >= 4 })

            let body: [String: Any] = [
                "company_info": ["company_name": "Casa Lumbre", "industry": "Tex-Mex restaurant", "location": "Austin, TX", "budget": 3_000, "timeline": 60],
                "task_description": "Form the LLC and check permits", "budget": 600,
            ]
            #expect(try await edge.send(.POST, "/api/agent/execute/legal", headers: user, json: body).status == 403)
            _ = try await edge.core.bootstrapAdmin(email: "root@example.com", password: "plum-orchard-lantern-42")
            let login = try await edge.send(.POST, "/api/auth/login", json: ["email": "root@example.com", "password": "plum-orchard-lantern-42", "session": false])
            let admin = [("Authorization", "Bearer \(login.json["access_token"] as? String ?? "")")]
            let executed = try await edge.send(.POST, "/api/agent/execute/legal", headers: admin, json: body)
            #expect(executed.status == 200)
            let job = executed.json["job"] as? [String: Any] ?? [:]
            #expect(job["status"] as? String == "succeeded")
            let task = (job["tasks"] as? [[String: Any]])?.first ?? [:]
            #expect((task["budget_used_cents"] as? Int ?? 0) > 0 && (task["budget_used_cents"] as? Int ?? .max) <= 60_000)
            #expect(try await edge.send(.POST, "/api/agent/execute/astrology", headers: admin, json: body).status == 404)
            // A budget no Int64 of cents holds is refused by name; the conversion once trapped and took the edge down.
            var huge = body
            huge["budget"] = 1e300
            let refused = try await edge.send(.POST, "/api/agent/execute/legal", headers: admin, json: huge)
            #expect(refused.status == 400)
            #expect((refused.json["details"] as? [[String: Any]])?.contains { ($0["field"] as? String ?? "").contains("budget") } == true, "\(refused.body)")
            // Over its company's budget: named as the request's `budget`, with both amounts.
            var over = body
            over["budget"] = 4_000
            let tooMuch = try await edge.send(.POST, "/api/agent/execute/legal", headers: admin, json: over)
            let overDetail = (tooMuch.json["details"] as? [[String: Any]])?.first
            #expect(tooMuch.status == 400 && overDetail?["field"] as? String == "budget", "\(tooMuch.body)")
            #expect((overDetail?["message"] as? String)?.contains("$3,000.00") == true && (overDetail?["message"] as? String)?.contains("$4,000.00") == true)
            // The original app's body: {task, company_info}, no budget — the agent's share of the company's budget.
            let original: [String: Any] = ["task": "Design a logo and a colour palette", "company_info": body["company_info"]!]
            let ran = try await edge.send(.POST, "/api/agent/execute/branding", headers: admin, json: original)
            #expect(ran.status == 200, "\(ran.body)")
            let ranTask = ((ran.json["job"] as? [String: Any])?["tasks"] as? [[String: Any]])?.first ?? [:]
            #expect((ranTask["budget_allocated_cents"] as? Int ?? 0) > 0 && (ranTask["budget_allocated_cents"] as? Int ?? .max) <= 300_000, "\(ranTask)")
            #expect(try await edge.send(.GET, "/health").status == 200)
        }
    }

    @Test("API keys: create shows the secret once, list, use, revoke; admin routes are for admins")
    func keysAndAdmin() async throws {
        try await EdgeTestEnvironment().run { edge in
            let user = [("Authorization", "Bearer \(try await edge.signUp("k@example.com"))")]
            let created = try await edge.send(.POST, "/api/keys", headers: user, json: ["name": "ci", "scopes": ["plans:read", "runs:read"]])
            #expect(created.status == 201)
            let secret = try #require(created.json["secret"] as? String)
            let keyID = try #require((created.json["key"] as? [String: Any])?["id"] as? String)
            let list = try await edge.send(.GET, "/api/keys", headers: user)
            #expect((list.json["keys"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [keyID])
            #expect(!list.body.contains(secret))
            let revoked = try await edge.send(.DELETE, "/api/keys/\(keyID)", headers: user)
            #expect(revoked.status == 200 && (revoked.json["key"] as? [String: Any])?["revoked"] as? Bool == true)
            #expect(try await edge.send(.GET, "/api/auth/me", headers: [("X-API-Key", secret)]).status == 401)
            let noScopes = try await edge.send(.POST, "/api/keys", headers: user, json: ["name": "x", "scopes": "all"])
            #expect(noScopes.status == 400)

            #expect(try await edge.send(.GET, "/api/admin/users", headers: user).status == 403)
            _ = try await edge.core.bootstrapAdmin(email: "root@example.com", password: "plum-orchard-lantern-42")
            let login = try await edge.send(.POST, "/api/auth/login", json: ["email": "root@example.com", "password": "plum-orchard-lantern-42", "session": false])
            let admin = [("Authorization", "Bearer \(login.json["access_token"] as? String ?? "")")]
            let users = try await edge.send(.GET, "/api/admin/users?page_size=50", headers: admin)
            let target = try #require((users.json["users"] as? [[String: Any]])?.first { $0["email"] as? String == "k@example.com" }?["id"] as? String)
            let badRole = try await edge.send(.PATCH, "/api/admin/users/\(target)", headers: admin, json: ["role": "owner"])
            #expect(badRole.status == 400 && (badRole.json["details"] as? [[String: Any]])?.first?["field"] as? String == "role")
            let promoted = try await edge.send(.PATCH, "/api/admin/users/\(target)", headers: admin, json: ["role": "admin"])
            #expect(promoted.status == 200 && (promoted.json["user"] as? [String: Any])?["role"] as? String == "admin")
            let audit = try await edge.send(.GET, "/api/admin/audit?page_size=20", headers: admin)
            #expect(audit.status == 200 && !(audit.json["events"] as? [Any] ?? []).isEmpty)
        }
    }

    @Test("CSP reports are accepted without authentication and size-limited")
    func cspReports() async throws {
        try await EdgeTestEnvironment().run { edge in
            let report = #"{"csp-report": {"document-uri": "https://localhost/", "violated-directive": "script-src"}}"#
            let accepted = try await edge.send(.POST, "/api/csp-report", headers: [("Content-Type", "application/csp-report")], body: report)
            #expect(accepted.status == 202)
            let huge = try await edge.send(.POST, "/api/csp-report", headers: [("Content-Type", "application/csp-report")], body: String(repeating: "x", count: 20_000))
            #expect(huge.status == 413)
        }
    }
}
