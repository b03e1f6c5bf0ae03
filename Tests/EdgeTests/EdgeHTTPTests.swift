import AsyncHTTPClient
import CEOAuthTokens
import CEORPC
import Edge
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Testing

@Suite("Edge over HTTPS: headers, errors, health", .timeLimit(.minutes(1)))
struct EdgeHTTPTests {
    static let securityHeaders = [
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    ]

    @Test("every response carries the security headers; pages and files the document CSP with a nonce that changes per response, the API the strictest fixed CSP")
    func securityHeaders() async throws {
        try await EdgeTestEnvironment().run { edge in
            let index = try await edge.send(.GET, "/")
            let etag = try #require(index.headers.first(name: "ETag"))
            let revalidated = try await edge.send(.GET, "/", headers: [("If-None-Match", etag)])
            #expect(revalidated.status == 304)
            var nonces: Set<String> = []
            // A 304 replaces the cached page's headers: it must carry the page's policy too.
            for (path, response) in [("/", index), ("/ revalidated", revalidated), ("/health", try await edge.send(.GET, "/health")),
                                     ("/no/such/route", try await edge.send(.GET, "/no/such/route"))] {
                Self.expectFixedSecurityHeaders(response, path)
                let csp = try #require(response.headers.first(name: "Content-Security-Policy"))
                for directive in ["default-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", "object-src 'none'",
                                  "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'", "report-uri /api/csp-report"] {
                    #expect(csp.contains(directive), "\(directive) on \(path)")
                }
                #expect(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"))
                let nonce = try #require(csp.firstMatch(of: /'nonce-([A-Za-z0-9+\/=]{20,})'/)?.1)
                nonces.insert(String(nonce))
            }
            #expect(nonces.count == 4)
            let token = try await edge.signUp("csp@example.com")
            for (path, headers) in [("/api/agents/available", [("Authorization", "Bearer \(token)")]), ("/api/agents/available", []), ("/api/nothing-here", [])] {
                let response = try await edge.send(.GET, path, headers: headers)
                Self.expectFixedSecurityHeaders(response, path)
                #expect(response.headers.first(name: "Content-Security-Policy") == "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                        "\(path) answered \(response.status)")
            }
        }
    }

    /// The headers every response carries the same, each once.
    static func expectFixedSecurityHeaders(_ response: EdgeTestEnvironment.Running.Reply, _ path: String) {
        for (name, value) in securityHeaders { #expect(response.headers.first(name: name) == value, "\(name) on \(path)") }
        for name in Array(securityHeaders.keys) + ["Permissions-Policy", "Content-Security-Policy", "X-Request-ID"] {
            #expect(response.headers[name].count == 1, "\(name) once on \(path)")
        }
        #expect(response.headers.first(name: "Permissions-Policy")?.contains("camera=()") == true)
    }

    @Test("report-only mode sends the policy as Content-Security-Policy-Report-Only")
    func reportOnly() async throws {
        var environment = try EdgeTestEnvironment()
        environment.cspReportOnly = true
        try await environment.run { edge in
            let response = try await edge.send(.GET, "/health")
            #expect(response.headers.first(name: "Content-Security-Policy") == nil)
            #expect(response.headers.first(name: "Content-Security-Policy-Report-Only")?.contains("default-src 'self'") == true)
            let api = try await edge.send(.GET, "/api/agents/available")
            #expect(api.headers.first(name: "Content-Security-Policy") == nil)
            #expect(api.headers.first(name: "Content-Security-Policy-Report-Only")?.hasPrefix("default-src 'none'") == true)
        }
    }

    @Test("X-Request-ID: a well-formed one is echoed, anything else is replaced by a new id")
    func requestID() async throws {
        try await EdgeTestEnvironment().run { edge in
            let echoed = try await edge.send(.GET, "/health", headers: [("X-Request-ID", "client-id-1234")])
            #expect(echoed.headers.first(name: "X-Request-ID") == "client-id-1234")
            let replaced = try await edge.send(.GET, "/health", headers: [("X-Request-ID", "bad id; <script>")])
            let id = try #require(replaced.headers.first(name: "X-Request-ID"))
            #expect(UUID(uuidString: id) != nil)
            let fresh = try await edge.send(.GET, "/health")
            #expect(fresh.headers.first(name: "X-Request-ID") != id)
        }
    }

    @Test("an unknown route is a JSON 404 in the API's error shape (under /api/ only once authenticated)")
    func notFound() async throws {
        try await EdgeTestEnvironment().run { edge in
            #expect(try await edge.send(.GET, "/api/nothing-here").status == 401)
            let token = try await edge.signUp("nf@example.com")
            #expect(try await edge.send(.GET, "/api/nothing-here", headers: [("Authorization", "Bearer \(token)")]).status == 404)
            let response = try await edge.send(.GET, "/nothing-here")
            #expect(response.status == 404)
            #expect(response.headers.first(name: "Content-Type") == "application/json; charset=utf-8")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
            #expect(json["success"] as? Bool == false && json["error"] as? String == "not_found")
        }
    }

    @Test("liveness is 200; readiness is 200 when every service serves and 503 naming the one that is down; both carry the original app's timestamp and checks")
    func health() async throws {
        try await EdgeTestEnvironment().run { edge in
            // Today's status, with the original app's timestamp and checks beside it.
            let live = try await edge.send(.GET, "/health").json
            #expect(live["status"] as? String == "ok" && live["checks"] as? [String: String] == ["edge": "ok"], "\(live)")
            #expect((live["timestamp"] as? String).flatMap { try? Date($0, strategy: .iso8601) } != nil, "\(live)")
            // The first checks open the edge's connections; on a loaded machine they may
            // miss the 2 s deadline once, as a readiness probe's first tries may.
            var ready = try await edge.send(.GET, "/health/ready")
            for _ in 0..<20 where ready.status != 200 {
                try await Task.sleep(for: .milliseconds(250))
                ready = try await edge.send(.GET, "/health/ready")
            }
            #expect(ready.status == 200)
            let services = ["agents": "serving", "auth": "serving", "orchestrator": "serving"]
            #expect(ready.json["status"] as? String == "ready" && ready.json["services"] as? [String: String] == services, "\(ready.body)")
            #expect(ready.json["checks"] as? [String: String] == services && ready.json["timestamp"] is String)
        }
        var environment = try EdgeTestEnvironment()
        environment.down = ["orchestrator"]
        try await environment.run { edge in
            // As above, a first check on a loaded machine may miss the deadline of a service that is up.
            var ready = try await edge.send(.GET, "/health/ready")
            var json = try #require(try JSONSerialization.jsonObject(with: Data(ready.body.utf8)) as? [String: Any])
            var services = try #require(json["services"] as? [String: String])
            for _ in 0..<20 where services["auth"] != "serving" || services["agents"] != "serving" {
                try await Task.sleep(for: .milliseconds(250))
                ready = try await edge.send(.GET, "/health/ready")
                json = try #require(try JSONSerialization.jsonObject(with: Data(ready.body.utf8)) as? [String: Any])
                services = try #require(json["services"] as? [String: String])
            }
            #expect(ready.status == 503)
            #expect(json["status"] as? String == "not_ready")
            #expect(services["auth"] == "serving" && services["agents"] == "serving")
            #expect(services["orchestrator"]?.hasPrefix("unreachable") == true)
            #expect(try await edge.send(.GET, "/health").status == 200)
        }
    }

    @Test("TLS below 1.2 is refused; plain HTTP needs an explicit setting")
    func tlsVersions() async throws {
        try await EdgeTestEnvironment().run { edge in
            var old = TLSConfiguration.makeClientConfiguration()
            old.certificateVerification = .none
            old.maximumTLSVersion = .tlsv11
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(tlsConfiguration: old))
            await #expect(throws: (any Error).self) {
                _ = try await client.execute(HTTPClientRequest(url: edge.base + "/health"), timeout: .seconds(5))
            }
            try await client.shutdown()
        }
        let unused = try RPCClient(configuration: RPCClientConfiguration(endpoints: [RPCEndpoint(host: "127.0.0.1", port: 1)], security: .plaintext), logger: .init(label: "test"))
        let backends = EdgeBackends(auth: unused, orchestrator: unused, agents: unused)
        let authenticator = EdgeAuthenticator(verifier: AccessTokenVerifier(source: RemoteSigningKeySource(client: unused)), auth: unused)
        #expect(throws: EdgeConfigurationError.self) {
            _ = try EdgeHTTPServer.application(configuration: EdgeHTTPConfiguration(tls: nil, allowPlainHTTP: false), backends: backends, authenticator: authenticator, logger: .init(label: "test"))
        }
        _ = try EdgeHTTPServer.application(configuration: EdgeHTTPConfiguration(tls: nil, allowPlainHTTP: true), backends: backends, authenticator: authenticator, logger: .init(label: "test"))
    }
}
