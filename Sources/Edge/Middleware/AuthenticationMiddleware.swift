import HTTPTypes
public import Hummingbird

/// Authenticates the routes of a signed-in group (``RouteGuards``): 401 without
/// credentials, refuses cookie-authenticated state changes from another origin (CSRF;
/// bearer and API-key requests are exempt), and sets refreshed session cookies.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = EdgeRequestContext

    let authenticator: EdgeAuthenticator
    /// Origins allowed to make cookie-authenticated state changes, e.g. `https://localhost:8443`.
    let allowedOrigins: Set<String>
    let secureCookies: Bool

    public func handle(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        let caller = try await admit(request, context: context)
        context.caller = caller
        var response = try await next(request, context)
        setRefreshedCookies(of: caller, on: &response)
        return response
    }

    /// The request's caller; 401 without credentials, 403 for a cookie-authenticated
    /// change or WebSocket from another origin.
    func admit(_ request: Request, context: EdgeRequestContext) async throws -> Authenticated {
        if let caller = try admitRemembered(request) { return caller }
        return try await admitVerifying(request, context: context)
    }

    /// ``admit(_:context:)`` past the cache of verified credentials: for callers that
    /// tried ``admitRemembered(_:)`` first.
    func admitVerifying(_ request: Request, context: EdgeRequestContext) async throws -> Authenticated {
        guard let caller = try await authenticator.authenticate(request, clientAddress: context.clientAddress) else {
            throw EdgeError(.unauthenticated, "sign in, or send 'Authorization: Bearer <token>' or 'X-API-Key'")
        }
        return try checkOrigin(of: caller, request)
    }

    /// The caller when its credentials were verified before (``EdgeAuthenticator/rememberedCaller(_:)``),
    /// with the same origin rules as ``admit(_:context:)``, without suspending; nil when
    /// only ``admit(_:context:)`` can tell.
    func admitRemembered(_ request: Request) throws -> Authenticated? {
        try authenticator.rememberedCaller(request).map { try checkOrigin(of: $0, request) }
    }

    /// `caller`, unless it is a cookie-authenticated change or WebSocket from another origin (403).
    private func checkOrigin(of caller: Authenticated, _ request: Request) throws -> Authenticated {
        // Cookie-authenticated changes and WebSockets must come from this site (CSRF and
        // cross-site WebSocket hijacking both ride on the browser's ambient cookies; a
        // bearer token or API key cannot be attached by another site's page).
        let changes = caller.method == .cookie && ![.get, .head, .options].contains(request.method)
        let webSocket = request.uri.path == "/ws" && caller.method == .cookie
        if changes || webSocket { try SameOriginCheck(allowedOrigins: allowedOrigins, secure: secureCookies).require(request) }
        return caller
    }

    /// After a transparent refresh: the new session cookies.
    func setRefreshedCookies(of caller: Authenticated, on response: inout Response) {
        guard let pair = caller.refreshed else { return }
        for cookie in EdgeAuthenticator.sessionCookies(pair, secure: secureCookies) { response.setCookie(cookie) }
    }
}
