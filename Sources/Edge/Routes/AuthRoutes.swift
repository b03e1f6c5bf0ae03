import CEOAPI
import CEORPC
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/auth/*`: register, login, refresh, logout, logout everywhere, me. Browsers get the session as
/// HttpOnly, Secure, SameSite=Strict cookies; API clients that send
/// `"session": false` get the tokens in the body instead.
struct AuthRoutes {
    let backends: EdgeBackends
    /// Its verifier refetches the revocation list after a logout served here, so that
    /// the session's access tokens stop at this edge at once (elsewhere within seconds).
    let authenticator: EdgeAuthenticator
    let limiter: RateLimiter
    let policies: RateLimitPolicies
    let maximumBodyBytes: Int
    let secureCookies: Bool
    let metrics: EdgeMetrics
    /// Refresh and logout by the session cookie are cookie-authenticated changes: this site's Origin only.
    let sameOrigin: SameOriginCheck

    struct UserBody: Encodable {
        var id: String
        var email: String
        var displayName: String
        var role: String
        var createdAt: Int64

        init(_ user: User) {
            id = user.id
            email = user.email
            displayName = user.displayName
            role = user.role == .admin ? "admin" : "user"
            createdAt = user.createdAtUnixMs
        }

        enum CodingKeys: String, CodingKey {
            case id, email, role, displayName = "display_name", createdAt = "created_at_unix_ms"
        }
    }

    struct UserResponse: Encodable {
        var success = true
        var user: UserBody
    }

    struct SessionResponse: Encodable {
        var success = true
        var accessExpiresAt: Int64
        var accessToken: String?
        var refreshToken: String?
        var refreshExpiresAt: Int64?

        enum CodingKeys: String, CodingKey {
            case success, accessToken = "access_token", refreshToken = "refresh_token"
            case accessExpiresAt = "access_expires_at_unix_ms", refreshExpiresAt = "refresh_expires_at_unix_ms"
        }
    }

    struct Done: Encodable {
        var success = true
    }

    /// The answer of "sign out everywhere".
    struct SessionsEnded: Encodable {
        var success = true
        var sessionsEnded: Int

        enum CodingKeys: String, CodingKey {
            case success, sessionsEnded = "sessions_ended"
        }
    }

    func register(on router: Router<EdgeRequestContext>, guards: RouteGuards) {
        // Anyone may register, refresh and sign out (counted per address); login limits
        // itself per address and per email; `me` needs a signed-in caller.
        let anyone = guards.routes(on: router, .anyone, rateLimit: \.general)
        let login = guards.routes(on: router, .anyone, rateLimit: nil)
        let signedIn = guards.routes(on: router, .signedIn, rateLimit: \.general)
        anyone.post("/api/auth/register") { request, context in
            var fields = JSONFields(try await JSONRequest.object(request, limit: maximumBodyBytes))
            let email = fields.string("email")
            let password = fields.string("password")
            let name = fields.string("display_name", required: false)
            try fields.validate()
            var register = RegisterRequest()
            register.email = email ?? ""
            register.password = password ?? ""
            register.displayName = name ?? ""
            let user = try await backends.auth.unary(AuthServiceRPC.register, register, options: context.callOptions())
            return try JSONResponse.make(.created, UserResponse(user: UserBody(user)))
        }

        login.post("/api/auth/login") { request, context in
            var fields = JSONFields(try await JSONRequest.object(request, limit: maximumBodyBytes))
            let email = fields.string("email")
            let password = fields.string("password")
            let wantsCookies = fields.object["session"] as? Bool ?? true
            try fields.validate()
            // Per address and per email, so that neither many accounts from one address
            // nor one account from many addresses can be guessed at speed.
            for client in [RateLimiter.Client.address(context.clientAddress), .key("email:\((email ?? "").lowercased().trimmingCharacters(in: .whitespaces))")] {
                let decision = limiter.check(policies.login, client: client)
                guard decision.allowed else { throw RateLimitMiddleware.refusal(policies.login, decision, metrics: metrics) }
            }
            var login = LoginRequest()
            login.email = email ?? ""
            login.password = password ?? ""
            login.clientIp = context.clientAddress
            login.userAgent = String((request.headers[.userAgent] ?? "").prefix(200))
            let pair = try await backends.auth.unary(AuthServiceRPC.login, login, options: context.callOptions())
            return try session(pair, cookies: wantsCookies)
        }

        anyone.post("/api/auth/refresh") { request, context in
            let object = (request.headers[.contentType] ?? "").hasPrefix("application/json")
                ? try await JSONRequest.object(request, limit: maximumBodyBytes) : [:]
            let fromBody = object["refresh_token"] as? String
            guard let token = fromBody ?? request.cookies[EdgeAuthenticator.refreshCookie]?.value, !token.isEmpty else {
                throw EdgeError(.unauthenticated, "no refresh token: send it as refresh_token or the session cookie")
            }
            if fromBody == nil { try sameOrigin.require(request) }
            var refresh = RefreshRequest()
            refresh.refreshToken = token
            refresh.clientIp = context.clientAddress
            refresh.userAgent = String((request.headers[.userAgent] ?? "").prefix(200))
            let pair: TokenPair
            do {
                pair = try await backends.auth.unary(AuthServiceRPC.refresh, refresh, options: context.callOptions())
            } catch let error as RPCError where error.code == .invalidArgument || error.code == .notFound || error.code == .permissionDenied {
                throw EdgeError(.unauthenticated, "the refresh token is not valid; sign in again")
            }
            return try session(pair, cookies: fromBody == nil)
        }

        anyone.post("/api/auth/logout") { request, context in
            let object = (request.headers[.contentType] ?? "").hasPrefix("application/json")
                ? try await JSONRequest.object(request, limit: maximumBodyBytes) : [:]
            let fromBody = object["refresh_token"] as? String
            if fromBody == nil, request.cookies[EdgeAuthenticator.refreshCookie] != nil { try sameOrigin.require(request) }
            if let token = fromBody ?? request.cookies[EdgeAuthenticator.refreshCookie]?.value, !token.isEmpty {
                var logout = LogoutRequest()
                logout.refreshToken = token
                if (try? await backends.auth.unary(AuthServiceRPC.logout, logout, options: context.callOptions())) != nil {
                    await authenticator.tokensRevoked()
                }
            }
            var response = try JSONResponse.make(.ok, Done())
            for cookie in EdgeAuthenticator.clearedCookies(secure: secureCookies) { response.setCookie(cookie) }
            return response
        }

        signedIn.post("/api/auth/logout-everywhere") { _, context in
            // Every session of the caller ends: refresh tokens, and access tokens issued until now.
            let revoked = try await backends.auth.unary(AuthServiceRPC.revokeSessions, RevokeSessionsRequest(), options: context.callOptions())
            await authenticator.tokensRevoked()
            var response = try JSONResponse.make(.ok, SessionsEnded(sessionsEnded: Int(revoked.revokedSessions)))
            for cookie in EdgeAuthenticator.clearedCookies(secure: secureCookies) { response.setCookie(cookie) }
            return response
        }

        signedIn.get("/api/auth/me") { _, context in
            let user = try await backends.auth.unary(AuthServiceRPC.getCurrentUser, GetCurrentUserRequest(), options: context.callOptions())
            return try JSONResponse.make(.ok, UserResponse(user: UserBody(user)))
        }
    }

    private func session(_ pair: TokenPair, cookies: Bool) throws -> Response {
        if cookies {
            var response = try JSONResponse.make(.ok, SessionResponse(accessExpiresAt: pair.accessExpiresAtUnixMs))
            for cookie in EdgeAuthenticator.sessionCookies(pair, secure: secureCookies) { response.setCookie(cookie) }
            return response
        }
        return try JSONResponse.make(.ok, SessionResponse(
            accessExpiresAt: pair.accessExpiresAtUnixMs, accessToken: pair.accessToken, refreshToken: pair.refreshToken,
            refreshExpiresAt: pair.refreshExpiresAtUnixMs
        ))
    }
}
