import Foundation

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
    /// Every request, per client address: a guard against floods. Loose enough for a
    /// browser loading the web app's files and reloading a few times.
    public var burstGuard = RateLimitPolicy("burst", [.init(100, per: .seconds(10))])
    /// `POST /api/csp-report`, per client address.
    public var cspReport = RateLimitPolicy("csp-report", [.init(20, per: .seconds(60))])

    public init() {}

    /// The policies with overrides from the environment: `CEO_EDGE_RATE_LIMIT_<POLICY>`
    /// (`ANALYZE`, `AGENT_EXECUTE`, `LOGIN`, `GENERAL`, `BURST`, `CSP_REPORT`), each a
    /// comma-separated list of `count/seconds`, for example `10/60,100/3600`.
    public static func from(environment: [String: String]) throws -> RateLimitPolicies {
        var policies = RateLimitPolicies()
        func override(_ variable: String, _ policy: inout RateLimitPolicy) throws {
            guard let text = environment[variable], !text.isEmpty else { return }
            let quotas = try text.split(separator: ",").map { part -> RateLimitPolicy.Quota in
                let pieces = part.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
                guard pieces.count == 2, let count = Int(pieces[0]), let seconds = Int(pieces[1].hasSuffix("s") ? String(pieces[1].dropLast()) : pieces[1]),
                      count > 0, seconds > 0 else {
                    throw EdgeConfigurationError("\(variable) must be a comma-separated list of count/seconds such as 10/60,100/3600, got '\(text)'")
                }
                return .init(count, per: .seconds(seconds))
            }
            guard (1...RateLimiter.maximumQuotas).contains(quotas.count) else {
                throw EdgeConfigurationError("\(variable) takes 1–\(RateLimiter.maximumQuotas) quotas")
            }
            policy = RateLimitPolicy(policy.name, quotas)
        }
        try override("CEO_EDGE_RATE_LIMIT_ANALYZE", &policies.analyze)
        try override("CEO_EDGE_RATE_LIMIT_AGENT_EXECUTE", &policies.agentExecute)
        try override("CEO_EDGE_RATE_LIMIT_LOGIN", &policies.login)
        try override("CEO_EDGE_RATE_LIMIT_GENERAL", &policies.general)
        try override("CEO_EDGE_RATE_LIMIT_BURST", &policies.burstGuard)
        try override("CEO_EDGE_RATE_LIMIT_CSP_REPORT", &policies.cspReport)
        return policies
    }
}
