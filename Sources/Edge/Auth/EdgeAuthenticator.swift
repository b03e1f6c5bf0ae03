import HTTPTypes
import CEOAPI
public import CEOAuthTokens
public import CEORPC
import Crypto
import Foundation
import Hummingbird
import Synchronization

/// How a request proved who it is.
public enum AuthMethod: String, Sendable {
    case bearer
    case apiKey = "api_key"
    case cookie
}

/// A caller the edge recognised: the verified principal, the access token to forward
/// to internal services, and — after a transparent refresh — new session cookies.
///
/// A class, shared rather than copied: the request context that holds it is copied at
/// every step of a request, and this is the larger part of it.
public final class Authenticated: Sendable {
    public let principal: AuthPrincipal
    public let accessToken: String
    public let method: AuthMethod
    let refreshed: TokenPair?

    init(principal: AuthPrincipal, accessToken: String, method: AuthMethod, refreshed: TokenPair? = nil) {
        self.principal = principal
        self.accessToken = accessToken
        self.method = method
        self.refreshed = refreshed
    }
}

/// Authenticates requests by bearer token, API key (exchanged with AuthService for a
/// short-lived token, cached until shortly before it expires) or session cookies
/// (refreshed transparently when the access token has expired). Tokens are verified
/// locally with AuthService's published keys.
public final class EdgeAuthenticator: Sendable {
    static let accessCookie = "ceo_access"
    static let refreshCookie = "ceo_refresh"
    /// Readable by the page and holding no secret: tells the web app that a session
    /// exists, so that it does not probe `/api/auth/me` (and log a 401) when none does.
    static let sessionHintCookie = "ceo_signed_in"

    let verifier: AccessTokenVerifier
    let auth: RPCClient
    /// Tokens exchanged for API keys, by the key's SHA-256, each reused for at most
    /// `apiKeyReuse` so that a key revoked through another edge replica stops working
    /// within that time (through this one, at once: see ``forgetAPIKeys()``).
    private let apiKeyTokens = Mutex<[String: (token: String, reuseUntil: Date)]>([:])
    private let apiKeyCacheLimit = 10_000
    static let apiKeyReuse: TimeInterval = 5

    public init(verifier: AccessTokenVerifier, auth: RPCClient) {
        self.verifier = verifier
        self.auth = auth
    }

    /// The caller, or nil when the request carries no credentials at all. Invalid
    /// credentials are UNAUTHENTICATED (401), never ignored.
    func authenticate(_ request: Request, clientAddress: String) async throws -> Authenticated? {
        if let header = request.headers.value(of: .authorization) {
            let token = try Self.requiredBearerToken(in: header)
            return Authenticated(principal: try await verify(token), accessToken: token, method: .bearer)
        }
        if let key = request.headers[.apiKey] {
            let token = try await exchange(key, clientAddress: clientAddress)
            return Authenticated(principal: try await verify(token), accessToken: token, method: .apiKey)
        }
        let cookies = request.cookies
        let access = cookies[Self.accessCookie]?.value
        let refresh = cookies[Self.refreshCookie]?.value
        guard access != nil || refresh != nil else { return nil }
        if let access, let principal = try? await verifier.verify(access) {
            return Authenticated(principal: principal, accessToken: access, method: .cookie)
        }
        guard let refresh else { throw EdgeError(.unauthenticated, "the session has expired; sign in again") }
        var refreshRequest = RefreshRequest()
        refreshRequest.refreshToken = refresh
        refreshRequest.clientIp = clientAddress
        refreshRequest.userAgent = String((request.headers[.userAgent] ?? "").prefix(200))
        let pair: TokenPair
        do {
            pair = try await auth.unary(AuthServiceRPC.refresh, refreshRequest, options: CallOptions(timeout: .seconds(5)))
        } catch let error as RPCError where error.code == .unauthenticated || error.code == .invalidArgument || error.code == .permissionDenied {
            throw EdgeError(.unauthenticated, "the session has expired; sign in again")
        }
        return Authenticated(principal: try await verify(pair.accessToken), accessToken: pair.accessToken, method: .cookie, refreshed: pair)
    }

    /// The caller, when the request's bearer token or access cookie was verified before
    /// and is still valid — answered without suspending, from the verifier's cache. Nil
    /// when only ``authenticate(_:clientAddress:)`` can tell (no credentials, an API key,
    /// a token not verified yet, an expired or revoked session cookie). A malformed or
    /// revoked bearer token is UNAUTHENTICATED here as there.
    func rememberedCaller(_ request: Request) throws -> Authenticated? {
        if let header = request.headers.value(of: .authorization) {
            let token = try Self.requiredBearerToken(in: header)
            let principal: AuthPrincipal?
            do {
                principal = try verifier.rememberedPrincipal(of: token)
            } catch {
                throw Self.refusal(error)
            }
            return principal.map { Authenticated(principal: $0, accessToken: token, method: .bearer) }
        }
        guard request.headers[.apiKey] == nil, let access = request.cookies[Self.accessCookie]?.value,
              let principal = try? verifier.rememberedPrincipal(of: access)
        else { return nil }
        return Authenticated(principal: principal, accessToken: access, method: .cookie)
    }

    /// The token of "Bearer <token>" (the scheme in any case, after any leading spaces;
    /// the token is everything after the first space that follows it), or nil. Read by
    /// bytes: a token is hundreds of characters, split on every request.
    static func bearerToken(in header: String) -> String? {
        let bytes = header.utf8
        guard let start = bytes.firstIndex(where: { $0 != UInt8(ascii: " ") }),
              let space = bytes[start...].firstIndex(of: UInt8(ascii: " ")),
              bytes[start..<space].elementsEqual("bearer".utf8, by: { $0 | 0x20 == $1 })
        else { return nil }
        let token = header[header.index(after: space)...]
        return token.isEmpty ? nil : String(token)
    }

    /// The token of a bearer Authorization header; UNAUTHENTICATED when the header is
    /// anything else (an Authorization header is never ignored).
    static func requiredBearerToken(in header: String) throws(EdgeError) -> String {
        guard let token = bearerToken(in: header) else {
            throw EdgeError(.unauthenticated, "the Authorization header must be 'Bearer <access token>'")
        }
        return token
    }

    /// What the caller is told when its access token is refused.
    static func refusal(_ rejection: AccessTokenRejection) -> EdgeError {
        EdgeError(.unauthenticated, "access token rejected: \(rejection.message)")
    }

    private func verify(_ token: String) async throws(EdgeError) -> AuthPrincipal {
        do {
            return try await verifier.verify(token)
        } catch {
            throw Self.refusal(error)
        }
    }

    /// After this edge served a change that revokes tokens (a logout, a disabled or
    /// demoted user, sessions ended): the cached API-key tokens are dropped and the
    /// revocation list is fetched now, so the revoked tokens stop here at once (at the
    /// other replicas and services within the verifiers' refresh interval).
    func tokensRevoked() async {
        forgetAPIKeys()
        try? await verifier.refreshRevocations()
    }

    /// Drops every cached API-key token and every verified token: after a key is revoked
    /// or a user changed, the next request with a key goes to AuthService again, and every
    /// token is verified in full once more.
    func forgetAPIKeys() {
        apiKeyTokens.withLock { $0.removeAll(keepingCapacity: true) }
        verifier.forgetVerifiedTokens()
    }

    /// A short-lived access token for an API key, reused for a few seconds (see `apiKeyReuse`).
    private func exchange(_ key: String, clientAddress: String) async throws -> String {
        let digest = SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
        if let cached = apiKeyTokens.withLock({ $0[digest] }), cached.reuseUntil > Date() {
            return cached.token
        }
        var request = ExchangeApiKeyRequest()
        request.apiKey = key
        request.clientIp = clientAddress
        let token: AccessToken
        do {
            token = try await auth.unary(AuthServiceRPC.exchangeApiKey, request, options: CallOptions(timeout: .seconds(5)))
        } catch let error as RPCError where error.code == .unauthenticated || error.code == .invalidArgument || error.code == .permissionDenied {
            throw EdgeError(.unauthenticated, "the API key is not valid")
        }
        let expiresAt = Date(timeIntervalSince1970: Double(token.expiresAtUnixMs) / 1000)
        let reuseUntil = min(expiresAt.addingTimeInterval(-60), Date().addingTimeInterval(Self.apiKeyReuse))
        apiKeyTokens.withLock { cache in
            if cache.count >= apiKeyCacheLimit {
                let now = Date()
                cache = cache.filter { $0.value.reuseUntil > now }
                if cache.count >= apiKeyCacheLimit { cache.removeAll(keepingCapacity: true) }
            }
            cache[digest] = (token.accessToken, reuseUntil)
        }
        return token.accessToken
    }

    /// Session cookies for a token pair: HttpOnly, Secure, SameSite=Strict. The access
    /// cookie is sent site-wide, so that the `/ws` upgrade carries it; the refresh cookie
    /// only to `/api`, where the transparent refresh happens.
    static func sessionCookies(_ pair: TokenPair, secure: Bool) -> [Cookie] {
        let now = Date().timeIntervalSince1970 * 1000
        return [
            Cookie(name: accessCookie, value: pair.accessToken, maxAge: max(1, Int((Double(pair.accessExpiresAtUnixMs) - now) / 1000)),
                   path: "/", secure: secure, httpOnly: true, sameSite: .strict),
            Cookie(name: refreshCookie, value: pair.refreshToken, maxAge: max(1, Int((Double(pair.refreshExpiresAtUnixMs) - now) / 1000)),
                   path: "/api", secure: secure, httpOnly: true, sameSite: .strict),
            Cookie(name: sessionHintCookie, value: "1", maxAge: max(1, Int((Double(pair.refreshExpiresAtUnixMs) - now) / 1000)),
                   path: "/", secure: secure, httpOnly: false, sameSite: .strict),
        ]
    }

    /// Cookies that end the session.
    static func clearedCookies(secure: Bool) -> [Cookie] {
        [(accessCookie, "/", true), (refreshCookie, "/api", true), (sessionHintCookie, "/", false)].map {
            Cookie(name: $0.0, value: "", maxAge: 0, path: $0.1, secure: secure, httpOnly: $0.2, sameSite: .strict)
        }
    }
}

extension HTTPField.Name {
    static let apiKey = Self("X-API-Key")!
}
