import CEOAuthTokens
import HTTPTypes
import Hummingbird

/// A route's rate-limit policy, keyed by the signed-in user (or by the client's
/// address for routes anyone may call). Responses carry `RateLimit-Policy` and
/// `RateLimit`; a refusal is 429 with `Retry-After`.
struct RouteRateLimitMiddleware: RouterMiddleware {
    typealias Context = EdgeRequestContext

    let limiter: RateLimiter
    let policy: RateLimitPolicy
    let keyedByUser: Bool
    let metrics: EdgeMetrics
    /// `RateLimit-Policy`, built (and validated) once rather than per response.
    let policyField: HTTPField

    init(limiter: RateLimiter, policy: RateLimitPolicy, keyedByUser: Bool, metrics: EdgeMetrics) {
        self.limiter = limiter
        self.policy = policy
        self.keyedByUser = keyedByUser
        self.metrics = metrics
        policyField = HTTPField(name: .rateLimitPolicy, value: policy.headerValue)
    }

    func handle(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        let decision = try check(context)
        var response = try await next(request, context)
        annotate(&response, decision)
        return response
    }

    /// Counts the request (by user or address); throws the 429 when refused.
    func check(_ context: EdgeRequestContext) throws -> RateLimiter.Decision {
        let client: RateLimiter.Client
        if keyedByUser, let caller = context.caller {
            client = .user(caller.principal.userID)
        } else {
            client = .address(context.clientAddress)
        }
        let decision = limiter.check(policy, client: client)
        guard decision.allowed else { throw RateLimitMiddleware.refusal(policy, decision, metrics: metrics) }
        return decision
    }

    /// `RateLimit-Policy` and `RateLimit` on an answered request (a route has one
    /// policy, and only this sets them on answers: appended, not looked up first).
    func annotate(_ response: inout Response, _ decision: RateLimiter.Decision) {
        response.headers.append(policyField)
        response.headers.append(HTTPField(name: .rateLimit, value: decision.headerValue))
    }
}
