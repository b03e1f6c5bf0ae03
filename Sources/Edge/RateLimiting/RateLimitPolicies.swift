/// The edge's rate-limit policies, with the product's defaults.
public struct RateLimitPolicies: Sendable {
    /// `POST /api/cfo/analyze`, per user.
    public var analyze = RateLimitPolicy("analyze", [.init(10, per: .seconds(60)), .init(100, per: .seconds(3_600))])
    /// `POST /api/agent/execute/…`, per user.
    public var agentExecute = RateLimitPolicy("agent-execute", [.init(5, per: .seconds(60)), .init(50, per: .seconds(3_600))])
    /// `POST /api/auth/login`, checked twice: per client address and per email.
    public var login = RateLimitPolicy("login", [.init(5, per: .seconds(60))])
    /// Every other route, per user (or per address when anonymous).
    public var general = RateLimitPolicy("general", [.init(50, per: .seconds(3_600)), .init(200, per: .seconds(86_400))])
    /// Every request, per client address: a guard against floods.
    public var burstGuard = RateLimitPolicy("burst", [.init(30, per: .seconds(10))])
    /// `POST /api/csp-report`, per client address.
    public var cspReport = RateLimitPolicy("csp-report", [.init(20, per: .seconds(60))])

    public init() {}
}
