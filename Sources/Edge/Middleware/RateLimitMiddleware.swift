import CEOAuthTokens
import HTTPTypes
public import Hummingbird

/// The per-address burst guard on every request but health checks: a guard against
/// floods, before authentication. A route's own policy is ``RouteRateLimitMiddleware``,
/// declared with the route (``RouteGuards``). A refusal is 429 with `Retry-After`,
/// `RateLimit-Policy`, `RateLimit` and `{"success": false, "error": "rate_limited", ...}`.
public struct RateLimitMiddleware: RouterMiddleware {
    public typealias Context = EdgeRequestContext

    let limiter: RateLimiter
    let policy: RateLimitPolicy
    let metrics: EdgeMetrics

    public func handle(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        try check(request, context)
        return try await next(request, context)
    }

    /// Counts the request against the client address's burst guard (health checks
    /// excepted); throws the 429 when refused.
    func check(_ request: Request, _ context: EdgeRequestContext) throws {
        guard !request.uri.path.hasPrefix("/health") else { return }
        let decision = limiter.check(policy, client: .address(context.clientAddress))
        guard decision.allowed else { throw Self.refusal(policy, decision, metrics: metrics) }
    }

    /// The 429 for a refused check.
    static func refusal(_ policy: RateLimitPolicy, _ decision: RateLimiter.Decision, metrics: EdgeMetrics) -> EdgeError {
        metrics.recordRateLimited(policy: policy.name)
        var error = EdgeError(.rateLimited, "too many requests: try again in \(decision.retryAfterSeconds) s")
        error.retryAfter = decision.retryAfterSeconds
        error.headers[.rateLimitPolicy] = policy.headerValue
        error.headers[.rateLimit] = decision.headerValue
        return error
    }
}

extension HTTPField.Name {
    static let rateLimitPolicy = Self("RateLimit-Policy")!
    static let rateLimit = Self("RateLimit")!
}
