import Hummingbird

/// How routes are guarded, declared where they are registered: whether they need a
/// signed-in caller (``AuthenticationMiddleware``: 401 without credentials, CSRF for
/// cookie-authenticated changes) and the rate-limit policy they count against
/// (``RouteRateLimitMiddleware``). The per-address burst guard applies to everything
/// before this (``RateLimitMiddleware``).
struct RouteGuards: Sendable {
    /// Who may call a group of routes.
    enum Access: Sendable {
        /// Anyone; rate limits are keyed by the client's address.
        case anyone
        /// A signed-in caller (bearer token, session cookie or API key); rate limits
        /// are keyed by the user.
        case signedIn
    }

    let authentication: AuthenticationMiddleware
    let limiter: RateLimiter
    let policies: RateLimitPolicies
    let metrics: EdgeMetrics

    /// A group for routes with `access`, counted against `rateLimit` (nil: only the
    /// burst guard, for routes that limit themselves or serve the same bytes to all).
    func routes(
        on router: Router<EdgeRequestContext>, _ access: Access, rateLimit: KeyPath<RateLimitPolicies, RateLimitPolicy>?
    ) -> RouterGroup<EdgeRequestContext> {
        let group = router.group()
        let limit = rateLimit.map {
            RouteRateLimitMiddleware(limiter: limiter, policy: policies[keyPath: $0], keyedByUser: access == .signedIn, metrics: metrics)
        }
        switch (access, limit) {
        case (.signedIn, let limit?): group.add(middleware: SignedInRateLimitedMiddleware(authentication: authentication, rateLimit: limit))
        case (.signedIn, nil): group.add(middleware: authentication)
        case (.anyone, let limit?): group.add(middleware: limit)
        case (.anyone, nil): break
        }
        return group
    }

    /// A group for WebSocket upgrade routes: signed in, no route rate limit (a connection
    /// is held to the WebSocket limits by its live session) — the `.signedIn` guard without a limit
    /// of ``routes(on:_:rateLimit:)``, run on the upgrade's context.
    func webSocketRoutes(on router: Router<EdgeWebSocketRequestContext>) -> RouterGroup<EdgeWebSocketRequestContext> {
        router.group().add(middleware: EdgeMiddlewareOnWebSocket(wrapped: authentication))
    }
}

/// ``AuthenticationMiddleware`` then ``RouteRateLimitMiddleware``, in one async frame
/// (the common guard of signed-in routes; see ``EdgeEntryMiddleware`` for why).
struct SignedInRateLimitedMiddleware: RouterMiddleware {
    typealias Context = EdgeRequestContext

    let authentication: AuthenticationMiddleware
    let rateLimit: RouteRateLimitMiddleware

    func handle(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        // A token verified before is answered without suspending (the common case).
        let caller: Authenticated
        if let remembered = try authentication.admitRemembered(request) {
            caller = remembered
        } else {
            caller = try await authentication.admitVerifying(request, context: context)
        }
        context.caller = caller
        let decision = try rateLimit.check(context)
        var response = try await next(request, context)
        rateLimit.annotate(&response, decision)
        authentication.setRefreshedCookies(of: caller, on: &response)
        return response
    }
}
