import CEOServiceKit
import Edge
import Synchronization
import Testing

/// A clock the test moves by hand, in nanoseconds.
final class TestNanos: Sendable {
    private let value = Mutex<Int64>(1_000_000_000)
    var now: Int64 { value.withLock { $0 } }
    func advance(_ duration: Duration) {
        value.withLock { $0 += duration.nanoseconds }
    }
}

@Suite("Rate limiter (GCRA)")
struct RateLimiterTests {
    let clock = TestNanos()
    var limiter: RateLimiter { RateLimiter(capacity: 1_000, now: { [clock] in clock.now }) }

    @Test("the limiter's default clock counts nanoseconds and never goes back")
    func defaultClock() async throws {
        let started = ContinuousClock.now
        let first = RateLimiter.monotonicNanoseconds()
        try await Task.sleep(for: .milliseconds(20))
        let second = RateLimiter.monotonicNanoseconds()
        let elapsed = ContinuousClock.now - started
        #expect(second >= first + 20_000_000)
        // No more than ContinuousClock measured around both reads (a microsecond's slack
        // for the two clocks' rounding).
        #expect(Duration.nanoseconds(second - first) <= elapsed + .microseconds(1))
    }

    @Test("an address, a user and a plain key with the same id are three clients; each counts only its own requests")
    func clientKinds() {
        let limiter = self.limiter
        let policy = RateLimitPolicy("general", [.init(2, per: .seconds(60))])
        let id = "2f1c9a7e-0000-4000-8000-000000000001"
        for client in [RateLimiter.Client.address(id), .user(id), .key(id)] {
            #expect(limiter.check(policy, client: client).remaining == 1)
            #expect(limiter.check(policy, client: client).allowed)
            #expect(!limiter.check(policy, client: client).allowed)
        }
        // A string key is the same client as `.key` of it, and no other.
        #expect(!limiter.check(policy, client: id).allowed)
        #expect(limiter.check(policy, client: .address("203.0.113.9")).allowed)
        #expect(limiter.trackedKeys == 4)
    }

    @Test("a burst of exactly the limit, then 429 with the wait until the next slot, then one more after that wait")
    func burstThenRecover() {
        let limiter = self.limiter
        let policy = RateLimitPolicy("login", [.init(5, per: .seconds(60))])
        let remaining = (0..<5).map { _ in limiter.check(policy, client: "203.0.113.7") }
        #expect(remaining.filter(\.allowed).count == 5)
        #expect(remaining.map(\.remaining) == [4, 3, 2, 1, 0])
        let refused = limiter.check(policy, client: "203.0.113.7")
        #expect(!refused.allowed && refused.remaining == 0)
        #expect(refused.retryAfterSeconds == 12)  // one slot every 60 s / 5
        #expect(refused.headerValue == "\"login\";r=0;t=60")
        clock.advance(.seconds(11))
        #expect(!limiter.check(policy, client: "203.0.113.7").allowed)
        clock.advance(.seconds(1))
        #expect(limiter.check(policy, client: "203.0.113.7").allowed)
        #expect(!limiter.check(policy, client: "203.0.113.7").allowed)
        // After a full window idle, the whole burst is back.
        clock.advance(.seconds(60))
        #expect((0..<5).allSatisfy { _ in limiter.check(policy, client: "203.0.113.7").allowed })
    }

    @Test("over any horizon a key gets at most burst + horizon / interval, and a steady client at the rate is never refused")
    func exactRate() {
        let limiter = self.limiter
        let policy = RateLimitPolicy("analyze", [.init(10, per: .seconds(60))])
        // Hammering every 100 ms for 10 minutes: 10 up front, then one per 6 s.
        var allowed = 0
        for _ in 0..<6_000 {
            if limiter.check(policy, client: "hammer").allowed { allowed += 1 }
            clock.advance(.milliseconds(100))
        }
        #expect(allowed == 10 + 100 || allowed == 10 + 99)
        // A client at exactly the rate is never refused.
        for _ in 0..<100 {
            #expect(limiter.check(policy, client: "steady").allowed)
            clock.advance(.seconds(6))
        }
    }

    @Test("all quotas of a policy must allow; a refusal by one commits nothing to the others; headers name the tightest")
    func severalQuotas() {
        let limiter = self.limiter
        let policy = RateLimitPolicy("analyze", [.init(10, per: .seconds(60)), .init(12, per: .seconds(3_600))])
        #expect(policy.headerValue == "\"analyze-1\";q=10;w=60, \"analyze-2\";q=12;w=3600")
        for _ in 0..<10 { #expect(limiter.check(policy, client: "u1").allowed) }
        let refused = limiter.check(policy, client: "u1")
        #expect(!refused.allowed && refused.quotaName == "analyze-1" && refused.retryAfterSeconds == 6)
        clock.advance(.seconds(60))
        // The hour has 2 left; the minute has 10.
        let next = limiter.check(policy, client: "u1")
        #expect(next.allowed && next.quotaName == "analyze-2" && next.remaining == 1)
        #expect(limiter.check(policy, client: "u1").allowed)
        let hourly = limiter.check(policy, client: "u1")
        // The hour's first slot frees 300 s (3600 / 12) after the first request, 60 s ago.
        #expect(!hourly.allowed && hourly.quotaName == "analyze-2" && hourly.retryAfterSeconds == 240)
    }

    @Test("a policy's item names follow its name and quotas when either changes")
    func itemNamesFollowChanges() {
        var policy = RateLimitPolicy("general", [.init(50, per: .seconds(3_600))])
        #expect(policy.headerValue == "\"general\";q=50;w=3600")
        policy.quotas.append(.init(200, per: .seconds(86_400)))
        #expect(policy.headerValue == "\"general-1\";q=50;w=3600, \"general-2\";q=200;w=86400")
        policy.name = "api"
        #expect(policy.headerValue == "\"api-1\";q=50;w=3600, \"api-2\";q=200;w=86400")
        let limiter = self.limiter
        #expect(limiter.check(policy, client: "u1").quotaName == "api-1")
    }

    @Test("keys and policies are independent")
    func isolation() {
        let limiter = self.limiter
        let login = RateLimitPolicy("login", [.init(1, per: .seconds(60))])
        let general = RateLimitPolicy("general", [.init(1, per: .seconds(60))])
        #expect(limiter.check(login, client: "a").allowed)
        #expect(!limiter.check(login, client: "a").allowed)
        #expect(limiter.check(login, client: "b").allowed)
        #expect(limiter.check(general, client: "a").allowed)
    }

    @Test("memory is bounded: idle keys are evicted first, and the table never passes its capacity")
    func bounded() {
        let limiter = RateLimiter(capacity: 64, shards: 4, now: { [clock] in clock.now })
        let policy = RateLimitPolicy("general", [.init(2, per: .seconds(60))])
        for index in 0..<10_000 { _ = limiter.check(policy, client: "client-\(index)") }
        #expect(limiter.trackedKeys <= 64)
        clock.advance(.seconds(61))
        let tracked = limiter.trackedKeys
        #expect(limiter.evictExpired() == tracked)
        #expect(limiter.trackedKeys == 0)
        // A limited key survives a flood of new keys once the others have expired.
        _ = limiter.check(policy, client: "limited")
        _ = limiter.check(policy, client: "limited")
        for index in 0..<15 { _ = limiter.check(policy, client: "old-\(index)") }
        clock.advance(.seconds(31))
        for index in 0..<1_000 { _ = limiter.check(policy, client: "new-\(index)") ; clock.advance(.milliseconds(1)) }
        #expect(limiter.trackedKeys <= 64)
    }

    @Test("concurrent checks on one key allow exactly the limit")
    func concurrent() async {
        let limiter = self.limiter
        let policy = RateLimitPolicy("general", [.init(100, per: .seconds(3_600))])
        let allowed = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<500).reduce(0) { count, _ in count + (limiter.check(policy, client: "shared").allowed ? 1 : 0) } }
            }
            return await group.reduce(0, +)
        }
        #expect(allowed == 100)
    }

    @Test("policies are configurable from the environment; malformed settings are named")
    func configuration() throws {
        let policies = try RateLimitPolicies.from(environment: ["CEO_EDGE_RATE_LIMIT_ANALYZE": "20/60, 500/3600s"])
        #expect(policies.analyze.headerValue == "\"analyze-1\";q=20;w=60, \"analyze-2\";q=500;w=3600")
        #expect(policies.login == RateLimitPolicies().login)
        for bad in ["10", "0/60", "10/0", "a/b", "1/1,1/1,1/1,1/1"] {
            #expect(throws: EdgeConfigurationError.self, "\(bad)") { try RateLimitPolicies.from(environment: ["CEO_EDGE_RATE_LIMIT_LOGIN": bad]) }
        }
    }
}
