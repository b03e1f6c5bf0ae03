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
        if access == .signedIn { group.add(middleware: authentication) }
        if let rateLimit {
            group.add(middleware: RouteRateLimitMiddleware(limiter: limiter, policy: policies[keyPath: rateLimit], keyedByUser: access == .signedIn, metrics: metrics))
        }
        return group
    }
}
