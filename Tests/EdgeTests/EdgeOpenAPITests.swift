import AuthService
import Edge
import Foundation
import NIOHTTP1
import Testing

@Suite("Edge responses match the OpenAPI document", .timeLimit(.minutes(2)))
struct EdgeOpenAPITests {
    @Test("the document is served, is OpenAPI 3.1, and every response of a tour of the API matches its schema")
    func tour() async throws {
        try await EdgeTestEnvironment().run { edge in
            let served = try await edge.send(.GET, "/api/openapi.json")
            #expect(served.status == 200)
            let validator = try OpenAPIValidator(Data(served.body.utf8))
            #expect(validator.document["openapi"] as? String == "3.1.0")
            var problems: [String] = []
            func check(_ method: HTTPMethod, _ template: String, _ path: String? = nil, headers: [(String, String)] = [], json: Any? = nil, body: String? = nil) async throws -> EdgeTestEnvironment.Running.Reply {
                let reply = try await edge.send(method, path ?? template, headers: headers, json: json, body: body)
                problems += validator.problems(method.rawValue, template, status: reply.status, body: reply.body)
                return reply
            }

            _ = try await check(.GET, "/health")
            _ = try await check(.GET, "/health/ready")
            _ = try await check(.POST, "/api/auth/register", json: ["email": "tour@example.com", "password": "plum-orchard-lantern-42", "display_name": "Tour"])
            _ = try await check(.POST, "/api/auth/register", json: ["email": "tour@example.com", "password": "plum-orchard-lantern-42"])
            _ = try await check(.POST, "/api/auth/register", json: ["email": "bad"])
            let login = try await check(.POST, "/api/auth/login", json: ["email": "tour@example.com", "password": "plum-orchard-lantern-42", "session": false])
            _ = try await check(.POST, "/api/auth/login", json: ["email": "tour@example.com", "password": "wrong-password-1"])
            let token = login.json["access_token"] as? String ?? ""
            let auth = [("Authorization", "Bearer \(token)")]
            _ = try await check(.POST, "/api/auth/refresh", json: ["refresh_token": login.json["refresh_token"] as? String ?? ""])
            _ = try await check(.POST, "/api/auth/refresh", json: ["refresh_token": "nope"])
            _ = try await check(.GET, "/api/auth/me", headers: auth)
            _ = try await check(.GET, "/api/auth/me")
            _ = try await check(.POST, "/api/cfo/analyze", headers: auth, json: EdgeAPITests.saas)
            _ = try await check(.POST, "/api/cfo/analyze", headers: auth, json: ["company_name": 1])
            _ = try await check(.POST, "/api/cfo/analyze", headers: auth + [("Content-Type", "text/plain")], body: "x")
            _ = try await check(.GET, "/api/agents/available", headers: auth)
            let started = try await check(.POST, "/api/orchestrations", headers: auth + [("Idempotency-Key", "tour")], json: EdgeAPITests.saas)
            let id = started.json["job_id"] as? String ?? ""
            for _ in 0..<100 {
                let job = try await check(.GET, "/api/orchestrations/{id}", "/api/orchestrations/\(id)", headers: auth)
                if (job.json["job"] as? [String: Any])?["status"] as? String == "succeeded" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            _ = try await check(.GET, "/api/orchestrations/{id}/export", "/api/orchestrations/\(id)/export", headers: auth)
            _ = try await check(.GET, "/api/orchestrations/{id}/export", "/api/orchestrations/nope/export", headers: auth)
            _ = try await check(.GET, "/api/orchestrations", "/api/orchestrations?page_size=5", headers: auth)
            _ = try await check(.GET, "/api/orchestrations/{id}", "/api/orchestrations/nope", headers: auth)
            _ = try await check(.POST, "/api/orchestrations/{id}/cancel", "/api/orchestrations/\(id)/cancel", headers: auth)
            let key = try await check(.POST, "/api/keys", headers: auth, json: ["name": "tour", "scopes": ["runs:read"]])
            _ = try await check(.GET, "/api/keys", headers: auth)
            _ = try await check(.DELETE, "/api/keys/{id}", "/api/keys/\((key.json["key"] as? [String: Any])?["id"] as? String ?? "")", headers: auth)
            _ = try await check(.GET, "/api/admin/users", headers: auth)
            _ = try await check(.POST, "/api/agent/execute/{agent_type}", "/api/agent/execute/legal", headers: auth, json: ["task_description": "x", "budget": 1])
            _ = try await edge.core.bootstrapAdmin(email: "root@example.com", password: "plum-orchard-lantern-42")
            let root = try await edge.send(.POST, "/api/auth/login", json: ["email": "root@example.com", "password": "plum-orchard-lantern-42", "session": false])
            let admin = [("Authorization", "Bearer \(root.json["access_token"] as? String ?? "")")]
            _ = try await check(.GET, "/api/admin/users", headers: admin)
            _ = try await check(.GET, "/api/admin/audit", headers: admin)
            _ = try await check(.POST, "/api/agent/execute/{agent_type}", "/api/agent/execute/branding", headers: admin, json: [
                "company_info": ["company_name": "Casa Lumbre", "industry": "Tex-Mex restaurant", "location": "Austin, TX", "budget": 3_000, "timeline": 60],
                "task_description": "A brand identity", "budget": 600,
            ])
            _ = try await check(.POST, "/api/admin/users/{id}/logout-everywhere", "/api/admin/users/no-such-user/logout-everywhere", headers: admin)
            _ = try await check(.POST, "/api/auth/logout-everywhere", headers: auth)
            _ = try await check(.POST, "/api/auth/logout", json: [:] as [String: String])
            _ = try await check(.POST, "/api/csp-report", headers: [("Content-Type", "application/csp-report")], body: "{}")
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }
}
