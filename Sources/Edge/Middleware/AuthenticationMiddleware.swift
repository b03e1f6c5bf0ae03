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
        let path = request.uri.path
        guard let caller = try await authenticator.authenticate(request, clientAddress: context.clientAddress) else {
            throw EdgeError(.unauthenticated, "sign in, or send 'Authorization: Bearer <token>' or 'X-API-Key'")
        }
        // Cookie-authenticated changes and WebSockets must come from this site (CSRF and
        // cross-site WebSocket hijacking both ride on the browser's ambient cookies; a
        // bearer token or API key cannot be attached by another site's page).
        let changes = caller.method == .cookie && ![.get, .head, .options].contains(request.method)
        let webSocket = path == "/ws" && caller.method == .cookie
        if changes || webSocket { try SameOriginCheck(allowedOrigins: allowedOrigins, secure: secureCookies).require(request) }
        var context = context
        context.caller = caller
        var response = try await next(request, context)
        if let pair = caller.refreshed {
            for cookie in EdgeAuthenticator.sessionCookies(pair, secure: secureCookies) { response.setCookie(cookie) }
        }
        return response
    }
}
