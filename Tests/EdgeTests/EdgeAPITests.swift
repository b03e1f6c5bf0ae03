import AuthService
import CEOAPI
import CEOAuthTokens
import Edge
import Foundation
import HTTPTypes
import NIOHTTP1
import Testing

@Suite("Edge API over HTTPS against real AuthService, Orchestrator and AgentService", .timeLimit(.minutes(2)))
struct EdgeAPITests {
    nonisolated(unsafe) static let saas: [String: Any] = [
        "company_name": "Ledgerly", "industry": "B2B SaaS for accounting teams", "location": "Wilmington, DE",
        "budget": 50_000, "timeline": 180,
        "objectives": ["Build a memorable brand and logo", "Launch a website with pricing and docs", "Run Google Ads to acquire the first customers"],
    ]

    @Test("register, then sign in with tokens in the body; bearer auth reaches /api/auth/me; bad credentials are 401 without detail")
    func tokens() async throws {
        try await EdgeTestEnvironment().run { edge in
            let registered = try await edge.send(.POST, "/api/auth/register", json: ["email": "Founder@Example.com", "password": "plum-orchard-lantern-42", "display_name": "Ada"])
            #expect(registered.status == 201)
            #expect((registered.json["user"] as? [String: Any])?["email"] as? String == "founder@example.com")
            let again = try await edge.send(.POST, "/api/auth/register", json: ["email": "founder@example.com", "password": "plum-orchard-lantern-42"])
            #expect(again.status == 409 && again.json["error"] as? String == "already_exists")
            let weak = try await edge.send(.POST, "/api/auth/register", json: ["email": "weak@example.com", "password": "password"])
            #expect(weak.status == 400)
            let refusedFields = (weak.json["details"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(refusedFields.contains("password"))

            let login = try await edge.send(.POST, "/api/auth/login", json: ["email": "founder@example.com", "password": "plum-orchard-lantern-42", "session": false])
            #expect(login.status == 200 && login.cookies.isEmpty)
            let token = try #require(login.json["access_token"] as? String)
            #expect(login.json["refresh_token"] is String)
            let me = try await edge.send(.GET, "/api/auth/me", headers: [("Authorization", "Bearer \(token)")])
            #expect(me.status == 200 && (me.json["user"] as? [String: Any])?["display_name"] as? String == "Ada")
            #expect(try await edge.send(.GET, "/api/auth/me").status == 401)
            #expect(try await edge.send(.GET, "/api/auth/me", headers: [("Authorization", "Bearer nope")]).status == 401)
            #expect(try await edge.send(.GET, "/api/auth/me", headers: [("Authorization", "Basic abc")]).status == 401)
            let wrong = try await edge.send(.POST, "/api/auth/login", json: ["email": "founder@example.com", "password": "wrong-password-123"])
            #expect(wrong.status == 401 && wrong.json["error"] as? String == "unauthenticated")
        }
    }

    @Test("the browser session: HttpOnly, Secure, SameSite=Strict cookies; transparent refresh; CSRF refused without this site's Origin; logout clears")
    func cookieSession() async throws {
        try await EdgeTestEnvironment().run { edge in
            _ = try await edge.send(.POST, "/api/auth/register", json: ["email": "c@example.com", "password": "plum-orchard-lantern-42"])
            let login = try await edge.send(.POST, "/api/auth/login", json: ["email": "c@example.com", "password": "plum-orchard-lantern-42"])
            #expect(login.status == 200 && login.json["access_token"] == nil)
            for header in login.headers["Set-Cookie"] {
                // The hint that a session exists holds no secret, and the page may read it.
                #expect(header.contains("Secure") && header.contains("SameSite=Strict"), "\(header)")
                #expect(header.contains("HttpOnly") == !header.hasPrefix("ceo_signed_in="), "\(header)")
                // The access cookie goes site-wide (the /ws upgrade needs it), the refresh cookie only to /api.
                let path = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix("Path=") }
                #expect(path == (header.hasPrefix("ceo_refresh=") ? "Path=/api" : "Path=/"), "\(header)")
                if header.hasPrefix("ceo_signed_in=") { #expect(header.hasPrefix("ceo_signed_in=1;")) }
            }
            let access = try #require(login.cookies["ceo_access"])
            let refresh = try #require(login.cookies["ceo_refresh"])
            let both = "ceo_access=\(access); ceo_refresh=\(refresh)"
            #expect(try await edge.send(.GET, "/api/auth/me", headers: [("Cookie", both)]).status == 200)

            // A state change with the cookie but from another origin (or none) is refused.
            let foreign = try await edge.send(.POST, "/api/cfo/analyze", headers: [("Cookie", both), ("Origin", "https://evil.example")], json: Self.saas)
            #expect(foreign.status == 403 && foreign.json["error"] as? String == "csrf")
            #expect(try await edge.send(.POST, "/api/cfo/analyze", headers: [("Cookie", both)], json: Self.saas).status == 403)
            let same = try await edge.send(.POST, "/api/cfo/analyze", headers: [("Cookie", both), ("Origin", edge.origin)], json: Self.saas)
            #expect(same.status == 200)

            // Only the refresh cookie left (the access token expired): refreshed on the way, new cookies set.
            let refreshed = try await edge.send(.GET, "/api/auth/me", headers: [("Cookie", "ceo_refresh=\(refresh)")])
            #expect(refreshed.status == 200)
            #expect(refreshed.cookies["ceo_access"] != nil && refreshed.cookies["ceo_refresh"] != refresh)
            // The spent refresh token is refused (and revokes its family).
            #expect(try await edge.send(.GET, "/api/auth/me", headers: [("Cookie", "ceo_refresh=\(refresh)")]).status == 401)

            let logout = try await edge.send(.POST, "/api/auth/logout", headers: [("Cookie", "ceo_refresh=\(refreshed.cookies["ceo_refresh"]!)"), ("Origin", edge.origin)])
            #expect(logout.status == 200 && logout.cookies["ceo_access"] == "" && logout.cookies["ceo_refresh"] == "")
        }
    }

    @Test("logout, sign out everywhere, an admin's sign-out and a disabled user end access tokens at once: REST, runs and the WebSocket refuse them")
    func sessionsEndAtOnce() async throws {
        try await EdgeTestEnvironment().run { edge in
            let password = "plum-orchard-lantern-42"
            _ = try await edge.send(.POST, "/api/auth/register", json: ["email": "ends@example.com", "password": password])
            func login(_ email: String = "ends@example.com") async throws -> (access: String, refresh: String) {
                let reply = try await edge.send(.POST, "/api/auth/login", json: ["email": email, "password": password, "session": false])
                return (try #require(reply.json["access_token"] as? String), try #require(reply.json["refresh_token"] as? String))
            }
            func refused(_ token: String, _ context: String) async throws {
                let bearer = [("Authorization", "Bearer \(token)")]
                for (method, path, body) in [(HTTPMethod.GET, "/api/auth/me", nil), (.POST, "/api/cfo/analyze", Self.saas), (.POST, "/api/orchestrations", Self.saas)] as [(HTTPMethod, String, [String: Any]?)] {
                    let reply = try await edge.send(method, path, headers: bearer, json: body)
                    #expect(reply.status == 401 && reply.json["error"] as? String == "unauthenticated", "\(context): \(method) \(path) \(reply.status) \(reply.json)")
                }
                #expect(try await edge.send(.GET, "/ws", headers: bearer).status == 401, "\(context): /ws")
                await #expect(throws: (any Error).self, "\(context): WebSocket") {
                    try await edge.webSocket(headers: [.authorization: "Bearer \(token)"], send: [], received: Received()) { _ in true }
                }
            }
            let phone = try await login(), laptop = try await login()
            #expect(try await edge.send(.GET, "/api/auth/me", headers: [("Authorization", "Bearer \(phone.access)")]).status == 200)

            // Logout (API clients send the refresh token in the body): that session's access token stops at once.
            #expect(try await edge.send(.POST, "/api/auth/logout", json: ["refresh_token": phone.refresh]).status == 200)
            try await refused(phone.access, "after logout")
            #expect(try await edge.send(.GET, "/api/auth/me", headers: [("Authorization", "Bearer \(laptop.access)")]).status == 200)

            // Sign out everywhere: every session of the caller, including this one.
            let tablet = try await login()
            let everywhere = try await edge.send(.POST, "/api/auth/logout-everywhere", headers: [("Authorization", "Bearer \(laptop.access)")])
            #expect(everywhere.status == 200 && everywhere.json["sessions_ended"] as? Int == 2, "\(everywhere.json)")
            for session in [laptop, tablet] {
                try await refused(session.access, "after sign out everywhere")
                #expect(try await edge.send(.POST, "/api/auth/refresh", json: ["refresh_token": session.refresh]).status == 401)
            }

            // An admin ends another user's sessions, then disables the user: each stops the tokens at once.
            _ = try await edge.core.bootstrapAdmin(email: "root@example.com", password: password)
            let admin = [("Authorization", "Bearer \(try await login("root@example.com").access)")]
            let me = try await login()
            let userID = try #require(((try await edge.send(.GET, "/api/auth/me", headers: [("Authorization", "Bearer \(me.access)")])).json["user"] as? [String: Any])?["id"] as? String)
            let ended = try await edge.send(.POST, "/api/admin/users/\(userID)/logout-everywhere", headers: admin)
            #expect(ended.status == 200 && ended.json["sessions_ended"] as? Int == 1, "\(ended.json)")
            try await refused(me.access, "after an admin's sign-out")
            #expect(try await edge.send(.POST, "/api/admin/users/\(userID)/logout-everywhere", headers: [("Authorization", "Bearer \(try await login().access)")]).status == 403)
            let later = try await login()
            #expect(try await edge.send(.PATCH, "/api/admin/users/\(userID)", headers: admin, json: ["disabled": true]).status == 200)
            try await refused(later.access, "after the user was disabled")
            #expect(try await edge.send(.POST, "/api/admin/users/no-such-user/logout-everywhere", headers: admin).status == 404)
        }
    }

    @Test("CSRF: every cookie-authenticated state-changing route of the OpenAPI document, refresh and logout included, refuses another site's Origin")
    func csrfEveryRoute() async throws {
        try await EdgeTestEnvironment().run { edge in
            _ = try await edge.send(.POST, "/api/auth/register", json: ["email": "csrf@example.com", "password": "plum-orchard-lantern-42"])
            let login = try await edge.send(.POST, "/api/auth/login", json: ["email": "csrf@example.com", "password": "plum-orchard-lantern-42"])
            let cookies = "ceo_access=\(try #require(login.cookies["ceo_access"])); ceo_refresh=\(try #require(login.cookies["ceo_refresh"]))"
            let document = try await edge.send(.GET, "/api/openapi.json")
            let paths = try #require(document.json["paths"] as? [String: [String: Any]])
            // Register, login and CSP reports carry no session: another site can post them without riding on cookies.
            let sessionless: Set<String> = ["/api/auth/register", "/api/auth/login", "/api/csp-report"]
            var checked: [String] = []
            for (path, operations) in paths.sorted(by: { $0.key < $1.key }) where !sessionless.contains(path) {
                for method in ["post", "put", "patch", "delete"] where operations[method] != nil {
                    let concrete = path.replacingOccurrences(of: "{agent_type}", with: "branding").replacingOccurrences(of: "{id}", with: "00000000-0000-0000-0000-000000000000")
                    let reply = try await edge.send(HTTPMethod(rawValue: method.uppercased()), concrete,
                                                    headers: [("Cookie", cookies), ("Origin", "https://evil.example")], json: [:])
                    #expect(reply.status == 403 && reply.json["error"] as? String == "csrf", "\(method.uppercased()) \(path): \(reply.status) \(reply.json)")
                    checked.append("\(method.uppercased()) \(path)")
                }
            }
            #expect(checked.contains("POST /api/auth/refresh") && checked.contains("POST /api/auth/logout") && checked.count >= 8, "\(checked)")
            // The session survived every refused attempt.
            #expect(try await edge.send(.GET, "/api/auth/me", headers: [("Cookie", cookies)]).status == 200)
        }
    }

    @Test("an API key authenticates through X-API-Key; a wrong one is 401")
    func apiKey() async throws {
        try await EdgeTestEnvironment().run { edge in
            let token = try await edge.signUp("k@example.com")
            let principal = try await edge.core.makeVerifier().verify(token)
            var create = CreateApiKeyRequest()
            create.name = "ci"
            create.scopes = ["plans:read", "runs:read"]
            let created = try await edge.core.createAPIKey(create, by: principal).secret
            for _ in 0..<3 {  // the exchanged token is cached
                let me = try await edge.send(.GET, "/api/auth/me", headers: [("X-API-Key", created)])
                #expect(me.status == 200 && (me.json["user"] as? [String: Any])?["email"] as? String == "k@example.com")
            }
            #expect(try await edge.send(.GET, "/api/auth/me", headers: [("X-API-Key", "ceo_nope")]).status == 401)
        }
    }

    @Test("analyze: the seed's shape in, {success, plan, tasks} out; missing and invalid fields named; wrong types named")
    func analyze() async throws {
        try await EdgeTestEnvironment().run { edge in
            let token = try await edge.signUp("a@example.com")
            let auth = [("Authorization", "Bearer \(token)")]
            let ok = try await edge.send(.POST, "/api/cfo/analyze", headers: auth, json: Self.saas)
            #expect(ok.status == 200 && ok.json["success"] as? Bool == true)
            let plan = try #require(ok.json["plan"] as? [String: Any])
            let tasks = try #require(ok.json["tasks"] as? [[String: Any]])
            #expect(tasks.compactMap { $0["agent"] as? String } == ["branding", "web_development", "campaigns"])
            #expect(plan["total_budget"] as? Double == 50_000 && plan["reserve"] as? Double == 5_000)
            let allocated = (plan["allocations"] as? [[String: Any]] ?? []).compactMap { $0["budget_cents"] as? Int }.reduce(0, +)
            #expect(allocated == 4_500_000)

            var missing = Self.saas
            missing["company_name"] = nil
            missing["budget"] = 5
            let bad = try await edge.send(.POST, "/api/cfo/analyze", headers: auth, json: missing)
            #expect(bad.status == 400 && bad.json["success"] as? Bool == false && bad.json["error"] is String)
            #expect((bad.json["details"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == ["company_name"])
            var small = Self.saas
            small["budget"] = 5
            small["timeline"] = 1_000
            let rules = try await edge.send(.POST, "/api/cfo/analyze", headers: auth, json: small)
            #expect(rules.status == 400)
            #expect((rules.json["details"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == ["budget", "timeline"])
            var types = Self.saas
            types["budget"] = "lots"
            types["timeline"] = true
            types["objectives"] = "one"
            let typed = try await edge.send(.POST, "/api/cfo/analyze", headers: auth, json: types)
            #expect((typed.json["details"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == ["budget", "timeline", "objectives"])
        }
    }

    @Test("the original app's own analyze request — no objectives — gets a complete launch plan across the six agents, on objectives it states as assumed")
    func originalAnalyzeRequest() async throws {
        try await EdgeTestEnvironment().run { edge in
            let token = try await edge.signUp("original@example.com")
            let body: [String: Any] = ["company_name": "TechStartup Inc", "industry": "SaaS", "location": "San Francisco, CA", "budget": 50_000, "timeline": 90]
            let reply = try await edge.send(.POST, "/api/cfo/analyze", headers: [("Authorization", "Bearer \(token)")], json: body)
            #expect(reply.status == 200, "\(reply.json)")
            let plan = try #require(reply.json["plan"] as? [String: Any])
            let agents = Set((reply.json["tasks"] as? [[String: Any]] ?? []).compactMap { $0["agent"] as? String })
            #expect(agents.count == 6, "\(agents)")
            #expect((plan["objectives"] as? [String])?.count == 6)
            #expect((plan["warnings"] as? [String])?.first?.contains("assumed objectives") == true, "\(plan["warnings"] ?? "")")
        }
    }

    @Test("a plan in pounds: every amount in GBP with the planning rate stated once; an unsupported currency or a budget outside the range in that currency is a 400 naming the field, and nothing is stored")
    func currency() async throws {
        try await EdgeTestEnvironment().run { edge in
            let token = try await edge.signUp("pounds@example.com")
            let auth = [("Authorization", "Bearer \(token)")]
            var london = Self.saas
            london["location"] = "London, UK"
            london["currency"] = "GBP"
            london["budget"] = 40_000
            let ok = try await edge.send(.POST, "/api/cfo/analyze", headers: auth, json: london)
            #expect(ok.status == 200)
            let plan = try #require(ok.json["plan"] as? [String: Any])
            let company = try #require(plan["company"] as? [String: Any])
            #expect(company["currency"] as? String == "GBP" && company["country"] as? String == "GB" && plan["total_budget"] as? Double == 40_000)
            #expect((plan["planning_rate"] as? String)?.contains("1 USD = 0.7406 GBP") == true)

            var yen = london
            yen["currency"] = "JPY"
            let unsupported = try await edge.send(.POST, "/api/orchestrations", headers: auth, json: yen)
            #expect(unsupported.status == 400)
            let detail = (unsupported.json["details"] as? [[String: Any]])?.first
            #expect(detail?["field"] as? String == "currency")
            #expect((detail?["message"] as? String)?.contains("USD, EUR, GBP, CAD, AUD") == true, "\(unsupported.json)")

            var tiny = london
            tiny["budget"] = 74
            let small = try await edge.send(.POST, "/api/orchestrations", headers: auth, json: tiny)
            #expect(small.status == 400)
            let budget = (small.json["details"] as? [[String: Any]])?.first
            #expect(budget?["field"] as? String == "budget")
            #expect((budget?["message"] as? String)?.contains("£75–£74,060") == true, "\(small.json)")

            let runs = try await edge.send(.GET, "/api/orchestrations", headers: auth)
            #expect(runs.status == 200 && (runs.json["jobs"] as? [Any])?.isEmpty == true, "\(runs.json)")
        }
    }

    @Test("input messages name the request's field, in its currency: a budget too large to be an amount, below the range with the amount and its minor units, a control character, a one-agent run over its budget; nothing is stored")
    func inputMessages() async throws {
        try await EdgeTestEnvironment().run { edge in
            let token = try await edge.signUp("messages@example.com")
            let auth = [("Authorization", "Bearer \(token)")]
            func detail(_ reply: (status: Int, json: [String: Any])) -> (field: String?, message: String) {
                let first = (reply.json["details"] as? [[String: Any]])?.first
                return (first?["field"] as? String, first?["message"] as? String ?? "")
            }
            for huge in [9_223_372_036_854_775_808.0, 1e29] {
                var body = Self.saas
                body["budget"] = huge
                let reply = try await edge.send(.POST, "/api/orchestrations", headers: auth, json: body)
                #expect(reply.status == 400 && detail((reply.status, reply.json)).field == "budget", "\(reply.json)")
                #expect(detail((reply.status, reply.json)).message.contains("too large") && detail((reply.status, reply.json)).message.contains("$100–$100,000") && !detail((reply.status, reply.json)).message.contains("-1"))
            }
            var euros = Self.saas
            euros["currency"] = "EUR"
            euros["budget"] = 50
            let small = try await edge.send(.POST, "/api/cfo/analyze", headers: auth, json: euros)
            #expect(small.status == 400 && detail((small.status, small.json)).field == "budget")
            #expect(detail((small.status, small.json)).message.contains("got €50.00 (5000 cents)"), "\(small.json)")
            var nul = Self.saas
            nul["company_name"] = "Ledger\u{0}ly"
            let control = try await edge.send(.POST, "/api/cfo/analyze", headers: auth, json: nul)
            #expect(control.status == 400 && detail((control.status, control.json)).field == "company_name")
            #expect(detail((control.status, control.json)).message.contains("control characters") && detail((control.status, control.json)).message.contains("U+0000"), "\(control.json)")
            var objective = Self.saas
            objective["objectives"] = ["Launch a website\u{7}"]
            let bell = try await edge.send(.POST, "/api/cfo/analyze", headers: auth, json: objective)
            #expect(bell.status == 400 && detail((bell.status, bell.json)).field == "objectives[0]" && detail((bell.status, bell.json)).message.contains("U+0007"), "\(bell.json)")
            let runs = try await edge.send(.GET, "/api/orchestrations", headers: auth)
            #expect((runs.json["jobs"] as? [Any])?.isEmpty == true, "\(runs.json)")
        }
    }

    @Test("a known route asked with another method is 405 with Allow; an unknown one stays 404")
    func methodNotAllowed() async throws {
        try await EdgeTestEnvironment().run { edge in
            let token = try await edge.signUp("methods@example.com")
            let auth = [("Authorization", "Bearer \(token)")]
            let delete = try await edge.send(.DELETE, "/api/orchestrations", headers: auth)
            #expect(delete.status == 405, "\(delete.status)")
            #expect(delete.headers.first(name: "Allow") == "GET, HEAD, POST" && delete.json["error"] as? String == "method_not_allowed", "\(delete.headers) \(delete.json)")
            let put = try await edge.send(.PUT, "/api/cfo/analyze", headers: auth, json: Self.saas)
            #expect(put.status == 405 && put.headers.first(name: "Allow") == "POST")
            let unknown = try await edge.send(.GET, "/api/no-such-route", headers: auth)
            #expect(unknown.status == 404)
            // Outside the API the web app's files are looked up after the routes: a known
            // path keeps its 405, an unknown one is the files' 404.
            let health = try await edge.send(.POST, "/health/ready")
            #expect(health.status == 405 && health.headers.first(name: "Allow")?.hasPrefix("GET") == true, "\(health.status) \(health.headers)")
            #expect(try await edge.send(.POST, "/no-such-file.txt").status == 404)
        }
    }

    @Test("hostile bodies are 4xx: malformed JSON, not an object, wrong content type, deep nesting, invalid UTF-8, huge")
    func hostileBodies() async throws {
        try await EdgeTestEnvironment().run { edge in
            let token = try await edge.signUp("h@example.com")
            let json = [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")]
            #expect(try await edge.send(.POST, "/api/cfo/analyze", headers: json, body: "{\"company_name\": ").status == 400)
            #expect(try await edge.send(.POST, "/api/cfo/analyze", headers: json, body: "[1, 2]").status == 400)
            #expect(try await edge.send(.POST, "/api/cfo/analyze", headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "text/plain")], body: "{}").status == 415)
            let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
            let nested = try await edge.send(.POST, "/api/cfo/analyze", headers: json, body: "{\"a\": \(deep)}")
            #expect(nested.status == 400 && nested.body.contains("nests deeper"))
            var request = "{\"company_name\": \"".utf8.map { $0 }
            request += [0xC3, 0x28]  // an invalid UTF-8 sequence
            request += "\"}".utf8
            #expect(try await edge.send(.POST, "/api/cfo/analyze", headers: json, body: String(decoding: request, as: UTF8.self)).status == 400)
            let huge = "{\"x\": \"" + String(repeating: "a", count: 11 << 20) + "\"}"
            #expect(try await edge.send(.POST, "/api/cfo/analyze", headers: json, body: huge).status == 413)
            let long = try await edge.send(.POST, "/api/auth/register", headers: [("Content-Type", "application/json")], body: "{\"email\": \"" + String(repeating: "a", count: 20_000) + "\"}")
            #expect(long.status == 400)
            // Hostile registrations store nothing: none of these accounts can sign in.
            let attempts: [(String, String)] = [
                ("application/json", "{\"email\": \"ghost@example.com\", \"password\": "),
                ("application/json", "{\"email\": \"ghost@example.com\", \"password\": 123456789012}"),
                ("application/json", "{\"email\": [\"ghost@example.com\"], \"password\": \"plum-orchard-lantern-42\"}"),
                ("text/plain", "{\"email\": \"ghost@example.com\", \"password\": \"plum-orchard-lantern-42\"}"),
            ]
            for (type, body) in attempts {
                #expect(try await edge.send(.POST, "/api/auth/register", headers: [("Content-Type", type)], body: body).status >= 400)
            }
            let ghost = try await edge.send(.POST, "/api/auth/login", json: ["email": "ghost@example.com", "password": "plum-orchard-lantern-42"])
            #expect(ghost.status == 401)
        }
    }

    @Test("rate limits: analyze reaches 429 with RateLimit headers and Retry-After, then recovers; login is limited per address and per email")
    func rateLimits() async throws {
        var environment = try EdgeTestEnvironment()
        // One slot every 8 s on a clock the test moves: no slot refills mid-test however
        // slow the machine, until the test advances the clock by the advertised wait.
        let clock = TestNanos()
        environment.tune = { $0.rateLimiterClock = { clock.now } }
        environment.rateLimits.analyze = RateLimitPolicy("analyze", [.init(3, per: .seconds(24)), .init(100, per: .seconds(3_600))])
        environment.rateLimits.login = RateLimitPolicy("login", [.init(2, per: .seconds(60))])
        try await environment.run { edge in
            let token = try await edge.signUp("r@example.com")
            let auth = [("Authorization", "Bearer \(token)")]
            var last: EdgeTestEnvironment.Running.Reply?
            for expected in [2, 1, 0] {
                let reply = try await edge.send(.POST, "/api/cfo/analyze", headers: auth, json: Self.saas)
                #expect(reply.status == 200)
                #expect(reply.headers.first(name: "RateLimit-Policy") == "\"analyze-1\";q=3;w=24, \"analyze-2\";q=100;w=3600")
                #expect(reply.headers.first(name: "RateLimit")?.hasPrefix("\"analyze-1\";r=\(expected);") == true)
                last = reply
            }
            _ = last
            let refused = try await edge.send(.POST, "/api/cfo/analyze", headers: auth, json: Self.saas)
            #expect(refused.status == 429)
            #expect(refused.json["error"] as? String == "rate_limited" && refused.json["success"] as? Bool == false)
            let retry = try #require(refused.headers.first(name: "Retry-After").flatMap(Int.init))
            #expect(retry == 8 && refused.json["retry_after"] as? Int == retry)
            #expect(refused.headers.first(name: "RateLimit")?.contains(";r=0;") == true)
            clock.advance(.seconds(retry))
            #expect(try await edge.send(.POST, "/api/cfo/analyze", headers: auth, json: Self.saas).status == 200)

            // Login: 2 a minute per address (the sign-up above used one) and per email.
            _ = try await edge.send(.POST, "/api/auth/login", json: ["email": "victim@example.com", "password": "guess-guess-guess"])
            let blocked = try await edge.send(.POST, "/api/auth/login", json: ["email": "victim@example.com", "password": "guess-guess-guess"])
            #expect(blocked.status == 429)
            #expect(blocked.headers.first(name: "Retry-After") == "22")  // the next slot: 30 s after the sign-up, 8 s ago
            #expect(blocked.headers.first(name: "RateLimit-Policy") == "\"login\";q=2;w=60")
        }
    }

    @Test("X-Forwarded-For counts only from a trusted proxy: then each forwarded client has its own limit")
    func forwardedAddresses() async throws {
        var environment = try EdgeTestEnvironment()
        environment.rateLimits.login = RateLimitPolicy("login", [.init(1, per: .seconds(60))])
        environment.trustedProxies = ["127.0.0.1"]
        try await environment.run { edge in
            let first = try await edge.send(.POST, "/api/auth/login", headers: [("X-Forwarded-For", "198.51.100.1")], json: ["email": "a@example.com", "password": "x-x-x-x-x-x-x"])
            #expect(first.status == 401)
            let again = try await edge.send(.POST, "/api/auth/login", headers: [("X-Forwarded-For", "198.51.100.1")], json: ["email": "b@example.com", "password": "x-x-x-x-x-x-x"])
            #expect(again.status == 429)
            let other = try await edge.send(.POST, "/api/auth/login", headers: [("X-Forwarded-For", "203.0.113.9, 198.51.100.2")], json: ["email": "c@example.com", "password": "x-x-x-x-x-x-x"])
            #expect(other.status == 401)
        }
        var untrusted = try EdgeTestEnvironment()
        untrusted.rateLimits.login = RateLimitPolicy("login", [.init(1, per: .seconds(60))])
        try await untrusted.run { edge in
            _ = try await edge.send(.POST, "/api/auth/login", headers: [("X-Forwarded-For", "198.51.100.1")], json: ["email": "a@example.com", "password": "x-x-x-x-x-x-x"])
            // Without a trusted proxy the header is ignored: the peer address is the key.
            let spoofed = try await edge.send(.POST, "/api/auth/login", headers: [("X-Forwarded-For", "198.51.100.77")], json: ["email": "b@example.com", "password": "x-x-x-x-x-x-x"])
            #expect(spoofed.status == 429)
        }
    }
}
