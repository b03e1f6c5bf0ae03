import CEOAuthTokens
import HTTPTypes
public import Hummingbird

/// Applies the rate-limit policies: the per-address burst guard on every request but
/// health checks, then the route's policy keyed by user (or by address when anonymous).
/// Limited responses carry `RateLimit-Policy` and `RateLimit`; a refusal is 429 with
/// `Retry-After` and `{"success": false, "error": "rate_limited", ...}`.
public struct RateLimitMiddleware: RouterMiddleware {
    public typealias Context = EdgeRequestContext

    public enum Stage: Sendable {
        /// Before authentication: the per-address burst guard.
        case burstGuard
        /// After authentication: the route's policy.
        case routes
    }

    let limiter: RateLimiter
    let policies: RateLimitPolicies
    let stage: Stage
    let metrics: EdgeMetrics

    public func handle(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard !path.hasPrefix("/health") else { return try await next(request, context) }
        let policy: RateLimitPolicy
        let key: String
        switch stage {
        case .burstGuard:
            policy = policies.burstGuard
            key = "ip:\(context.clientAddress)"
        case .routes:
            // Login limits itself per address and per email (see AuthRoutes); the catalog
            // is the same for everyone and every page load reads it (the burst guard applies).
            guard path.hasPrefix("/api/"), path != "/api/auth/login", path != "/api/catalog" else { return try await next(request, context) }
            policy = Self.policy(for: request, policies: policies)
            key = policy == policies.cspReport ? "ip:\(context.clientAddress)" : context.caller.map { "user:\($0.principal.userID)" } ?? "ip:\(context.clientAddress)"
        }
        let decision = limiter.check(policy, client: key)
        guard decision.allowed else { throw Self.refusal(policy, decision, metrics: metrics) }
        var response = try await next(request, context)
        if stage == .routes {
            response.headers[.rateLimitPolicy] = policy.headerValue
            response.headers[.rateLimit] = decision.headerValue
        }
        return response
    }

    static func policy(for request: Request, policies: RateLimitPolicies) -> RateLimitPolicy {
        let path = request.uri.path
        if request.method == .post, path == "/api/cfo/analyze" { return policies.analyze }
        if request.method == .post, path.hasPrefix("/api/agent/execute/") { return policies.agentExecute }
        if path == "/api/csp-report" { return policies.cspReport }
        return policies.general
    }

    /// The 429 for a refused check.
    static func refusal(_ policy: RateLimitPolicy, _ decision: RateLimiter.Decision, metrics: EdgeMetrics) -> EdgeError {
        metrics.recordRateLimited(policy: policy.name)
        var error = EdgeError(.tooManyRequests, "rate_limited", "too many requests: try again in \(decision.retryAfterSeconds) s")
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
