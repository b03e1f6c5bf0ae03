import CEOServiceKit
import NIOCore
import Synchronization

/// GCRA (the generic cell rate algorithm) over many keys, for many policies.
///
/// Each key keeps one number per quota: its theoretical arrival time (TAT). A request
/// at `now` is allowed when, for every quota, `max(TAT, now) + T - window <= now`
/// (T = window / limit); then every TAT advances by T. So a key sustains `limit` per
/// `window` and may burst up to `limit` at once; there are no window edges to game.
/// All quotas of a policy are checked and committed together.
///
/// Memory is bounded: keys live in shards of at most `capacity / shards` entries. An
/// entry whose TATs are all in the past is equivalent to no entry and is evicted first;
/// when a shard is full of live entries, the one closest to expiring makes room.
///
/// An entry is 32 bytes: the policy and client are tracked by a 64-bit digest
/// (``Key``), not by their strings, so a key costs the same however long its client
/// string is (an IPv6 address, an API key's id) and about 67 bytes with the
/// dictionary's spare room, against 118 when the strings were kept.
public final class RateLimiter: Sendable {
    public static let maximumQuotas = 3

    /// The outcome of one check.
    public struct Decision: Sendable, Equatable {
        public var allowed: Bool
        /// Requests left in the most constrained quota after this one.
        public var remaining: Int
        /// Seconds until that quota is full again.
        public var resetSeconds: Int64
        /// When refused: seconds until a request would be allowed (rounded up).
        public var retryAfterSeconds: Int64
        /// The header item of the most constrained quota, for `RateLimit`.
        public var quotaName: String

        /// `RateLimit` (IETF httpapi-ratelimit-headers), for example `"analyze-1";r=3;t=42`.
        public var headerValue: String { "\"\(quotaName)\";r=\(remaining);t=\(resetSeconds)" }
    }

    /// Whom a check counts against: a client's address, a signed-in user, or any other
    /// string key. The kind and the id are hashed one after the other rather than joined
    /// into one string (`"user:" + id` was a new string on every request).
    public struct Client: Sendable, Equatable {
        enum Kind: UInt8, Sendable { case key, address, user }
        let kind: Kind
        let id: String

        /// A client's network address (the burst guard, routes anyone may call).
        public static func address(_ address: String) -> Client { Client(kind: .address, id: address) }
        /// A signed-in user, by id.
        public static func user(_ userID: String) -> Client { Client(kind: .user, id: userID) }
        /// Any other key (for example an email address and an address, for logins).
        public static func key(_ key: String) -> Client { Client(kind: .key, id: key) }
    }

    /// A policy and client, by a 64-bit digest from the standard library's `Hasher`
    /// (SipHash with a per-process random seed, so a client cannot choose strings that
    /// collide). Two live keys share an entry only on a digest collision: at the
    /// default 100,000 keys, about one chance in 3.7 billion.
    struct Key: Hashable, Sendable {
        let digest: UInt64

        init(policy: String, client: Client) {
            var hasher = Hasher()
            hasher.combine(policy)
            hasher.combine(client.kind.rawValue)
            hasher.combine(client.id)
            digest = UInt64(bitPattern: Int64(hasher.finalize()))
        }
    }

    /// TATs in nanoseconds on the limiter's clock, one per quota.
    struct State: Sendable {
        var tat: (Int64, Int64, Int64) = (0, 0, 0)

        subscript(index: Int) -> Int64 {
            get {
                switch index {
                case 0: tat.0
                case 1: tat.1
                default: tat.2
                }
            }
            set {
                switch index {
                case 0: tat.0 = newValue
                case 1: tat.1 = newValue
                default: tat.2 = newValue
                }
            }
        }

        /// The time after which this entry is the same as no entry.
        var expiry: Int64 { max(tat.0, tat.1, tat.2) }
    }

    /// One lock and its part of the keys.
    final class Shard: Sendable {
        let table = Mutex<[Key: State]>([:])
    }

    private let shards: [Shard]
    private let capacityPerShard: Int
    private let now: @Sendable () -> Int64

    /// - Parameters:
    ///   - capacity: the most keys tracked at once, over all policies.
    ///   - now: a monotonic clock in nanoseconds (injectable for tests).
    public init(capacity: Int = 100_000, shards: Int = 16, now: @escaping @Sendable () -> Int64 = RateLimiter.monotonicNanoseconds) {
        let shardCount = max(1, shards)
        self.shards = (0..<shardCount).map { _ in Shard() }
        self.capacityPerShard = max(1, capacity / shardCount)
        self.now = now
    }

    /// Checks and, when allowed, records one request of the client keyed `client` under `policy`.
    public func check(_ policy: RateLimitPolicy, client: String) -> Decision {
        check(policy, client: .key(client))
    }

    /// Checks and, when allowed, records one request of `client` under `policy`.
    public func check(_ policy: RateLimitPolicy, client: Client) -> Decision {
        let key = Key(policy: policy.name, client: client)
        let shard = shards[Int(key.digest % UInt64(shards.count))]
        let now = now()
        return shard.table.withLock { table in
            let state = table[key] ?? State()
            var next = state
            var refusedUntil: Int64 = 0
            // The most constrained quota: fewest requests left, then the longest until full.
            var tightest = (index: 0, remaining: Int.max, reset: Int64(0))
            for (index, quota) in policy.quotas.enumerated() {
                let interval = quota.emissionInterval
                let tat = max(state[index], now)
                let newTat = tat + interval
                let allowAt = newTat - quota.windowNanoseconds
                let remaining: Int
                let reset: Int64
                if allowAt > now {
                    refusedUntil = max(refusedUntil, allowAt)
                    remaining = 0
                    reset = tat - now
                } else {
                    next[index] = newTat
                    remaining = Int((quota.windowNanoseconds - (newTat - now)) / interval)
                    reset = newTat - now
                }
                if remaining < tightest.remaining || (remaining == tightest.remaining && reset > tightest.reset) {
                    tightest = (index, remaining, reset)
                }
            }
            let allowed = refusedUntil == 0
            if allowed {
                if table[key] == nil, table.count >= capacityPerShard { Self.makeRoom(in: &table, now: now) }
                table[key] = next
            }
            return Decision(
                allowed: allowed,
                remaining: max(0, tightest.remaining),
                resetSeconds: Self.secondsRoundedUp(tightest.reset),
                retryAfterSeconds: allowed ? 0 : max(1, Self.secondsRoundedUp(refusedUntil - now)),
                quotaName: policy.itemName(tightest.index)
            )
        }
    }

    /// Keys tracked now (for tests and metrics).
    public var trackedKeys: Int { shards.reduce(0) { total, shard in total + shard.table.withLock { $0.count } } }

    /// Drops every expired entry (idle keys); returns how many were dropped.
    @discardableResult
    public func evictExpired() -> Int {
        let now = now()
        return shards.reduce(0) { total, shard in
            total + shard.table.withLock { table in
                let before = table.count
                table = table.filter { $0.value.expiry > now }
                return before - table.count
            }
        }
    }

    /// Frees at least one slot: expired entries first, else the entry closest to expiry.
    private static func makeRoom(in table: inout [Key: State], now: Int64) {
        let before = table.count
        table = table.filter { $0.value.expiry > now }
        if table.count < before { return }
        if let soonest = table.min(by: { $0.value.expiry < $1.value.expiry })?.key {
            table.removeValue(forKey: soonest)
        }
    }

    static func secondsRoundedUp(_ nanoseconds: Int64) -> Int64 {
        nanoseconds <= 0 ? 0 : (nanoseconds + 999_999_999) / 1_000_000_000
    }

    /// The system's monotonic clock in nanoseconds since an arbitrary start (NIO's
    /// uptime clock, read as an integer: a request is checked twice, and converting a
    /// `Duration` to nanoseconds is a 128-bit division).
    @Sendable public static func monotonicNanoseconds() -> Int64 {
        Int64(truncatingIfNeeded: NIODeadline.now().uptimeNanoseconds)
    }
}
