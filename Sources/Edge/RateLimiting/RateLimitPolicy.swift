import CEOServiceKit

/// A named set of quotas that must all allow a request, for example analyze:
/// 10 a minute and 100 an hour.
public struct RateLimitPolicy: Sendable, Hashable {
    /// At most `limit` requests per `window` on average, with bursts of up to `limit`.
    public struct Quota: Sendable, Hashable {
        public var limit: Int
        public var window: Duration

        public init(_ limit: Int, per window: Duration) {
            precondition(limit > 0 && window > .zero, "a quota needs a positive limit and window")
            self.limit = limit
            self.window = window
        }

        /// The time one request "costs": `window / limit`, in nanoseconds.
        var emissionInterval: Int64 { window.nanoseconds / Int64(limit) }
        var windowNanoseconds: Int64 { window.nanoseconds }
    }

    /// The policy's name in the `RateLimit-Policy` header, for example `analyze`.
    public var name: String { didSet { itemNames = Self.itemNames(name, quotas) } }
    /// One to ``RateLimiter/maximumQuotas`` quotas.
    public var quotas: [Quota] { didSet { itemNames = Self.itemNames(name, quotas) } }
    /// Each quota's item name in the headers, made once rather than per request.
    private var itemNames: [String]

    public init(_ name: String, _ quotas: [Quota]) {
        precondition(!quotas.isEmpty && quotas.count <= RateLimiter.maximumQuotas, "a policy has 1–\(RateLimiter.maximumQuotas) quotas")
        self.name = name
        self.quotas = quotas
        itemNames = Self.itemNames(name, quotas)
    }

    /// `name` for a single quota; `name-1`, `name-2`, … for several.
    private static func itemNames(_ name: String, _ quotas: [Quota]) -> [String] {
        quotas.count == 1 ? [name] : quotas.indices.map { "\(name)-\($0 + 1)" }
    }

    /// `RateLimit-Policy` (IETF httpapi-ratelimit-headers): one item per quota,
    /// for example `"analyze-1";q=10;w=60, "analyze-2";q=100;w=3600`.
    public var headerValue: String {
        quotas.enumerated().map { index, quota in
            "\"\(itemName(index))\";q=\(quota.limit);w=\(quota.window.components.seconds)"
        }.joined(separator: ", ")
    }

    func itemName(_ index: Int) -> String { itemNames[index] }
}
