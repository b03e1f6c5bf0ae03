import AuthService
import Edge
import Foundation
import NIOHTTP1
import Testing

/// Each policy besides analyze and login (covered in EdgeAPITests) reaches 429 with its
/// headers and lets the client in again after the advertised wait.
@Suite("Edge rate-limit policies: agent-execute, general, CSP reports, burst guard", .timeLimit(.minutes(2)))
struct EdgeRateLimitPolicyTests {
    /// How a test reaches a policy: its name, and one request it limits.
    struct Case: Sendable, CustomTestStringConvertible {
        let policy: String
        let set: @Sendable (inout RateLimitPolicies, RateLimitPolicy) -> Void
        let request: @Sendable (EdgeTestEnvironment.Running, [(String, String)]) async throws -> EdgeTestEnvironment.Running.Reply
        var testDescription: String { policy }
    }

    static let cases: [Case] = [
        Case(policy: "agent-execute", set: { $0.agentExecute = $1 }) { edge, admin in
            let body: [String: Any] = [
                "company_info": ["company_name": "Casa Lumbre", "industry": "Tex-Mex restaurant", "location": "Austin, TX", "budget": 3_000, "timeline": 60],
                "task_description": "Form the LLC and check permits", "budget": 600,
            ]
            return try await edge.send(.POST, "/api/agent/execute/legal", headers: admin, json: body)
        },
        Case(policy: "general", set: { $0.general = $1 }) { edge, admin in
            try await edge.send(.GET, "/api/orchestrations", headers: admin)
        },
        Case(policy: "csp-report", set: { $0.cspReport = $1 }) { edge, _ in
            try await edge.send(.POST, "/api/csp-report", headers: [("Content-Type", "application/csp-report")], body: #"{"csp-report": {}}"#)
        },
        Case(policy: "burst", set: { $0.burstGuard = $1 }) { edge, _ in
            try await edge.send(.GET, "/api/openapi.json")
        },
    ]

    @Test("two allowed, the third is 429 with RateLimit-Policy, RateLimit and Retry-After; allowed again after Retry-After", arguments: cases)
    func policy(_ test: Case) async throws {
        var environment = try EdgeTestEnvironment()
        // One slot every 4 s on a clock the test moves: however slow the machine, no slot
        // refills until the test advances the clock by the advertised wait.
        let clock = TestNanos()
        environment.tune = { $0.rateLimiterClock = { clock.now } }
        let tight = RateLimitPolicy(test.policy, [.init(2, per: .seconds(8))])
        test.set(&environment.rateLimits, tight)
        try await environment.run { edge in
            _ = try await edge.core.bootstrapAdmin(email: "root@example.com", password: "plum-orchard-lantern-42")
            let login = try await edge.send(.POST, "/api/auth/login", json: ["email": "root@example.com", "password": "plum-orchard-lantern-42", "session": false])
            let admin = [("Authorization", "Bearer \(login.json["access_token"] as? String ?? "")")]
            // The burst guard counts every request, the sign-in above too.
            for attempt in 0..<(test.policy == "burst" ? 1 : 2) {
                let allowed = try await test.request(edge, admin)
                #expect((200..<300).contains(allowed.status), "attempt \(attempt): \(allowed.status) \(allowed.body)")
            }
            let refused = try await test.request(edge, admin)
            #expect(refused.status == 429)
            #expect(refused.json["error"] as? String == "rate_limited")
            #expect(refused.headers.first(name: "RateLimit-Policy") == "\"\(test.policy)\";q=2;w=8")
            #expect(refused.headers.first(name: "RateLimit")?.hasPrefix("\"\(test.policy)\";r=0;t=") == true)
            let retry = try #require(refused.headers.first(name: "Retry-After").flatMap(Int.init))
            #expect(retry == 4 && refused.json["retry_after"] as? Int == retry)
            clock.advance(.seconds(retry - 1))
            let early = try await test.request(edge, admin)
            #expect(early.status == 429, "a second before Retry-After: \(early.status)")
            clock.advance(.seconds(1))
            let again = try await test.request(edge, admin)
            #expect((200..<300).contains(again.status), "after Retry-After: \(again.status)")
        }
    }
}
