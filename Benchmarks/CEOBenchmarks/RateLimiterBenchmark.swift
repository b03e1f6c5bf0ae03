import Edge
import CEOServiceKit
import Foundation

/// The rate limiter's cost: nanoseconds per check (one thread and two), and resident
/// memory per tracked key.
public struct RateLimiterBenchmark: Sendable {
    public let duration: Duration

    public init(duration: Duration) { self.duration = duration }

    public func run() async throws -> String {
        let policy = RateLimitPolicy("analyze", [.init(10, per: .seconds(60)), .init(100, per: .seconds(3_600))])
        let keys = (0..<10_000).map { "user-\($0)" }
        let limiter = RateLimiter(capacity: 100_000)

        let single = measure(limiter: limiter, policy: policy, keys: keys, offset: 0)
        let two = await withTaskGroup(of: (Int, Double).self) { group in
            for worker in 0..<2 { group.addTask { measure(limiter: limiter, policy: policy, keys: keys, offset: worker * 5_000) } }
            return await group.reduce(into: [(Int, Double)]()) { $0.append($1) }
        }
        let twoChecks = two.reduce(0) { $0 + $1.0 }
        let twoSeconds = two.map(\.1).max() ?? 1

        // Memory: fill a fresh limiter with one million keys and compare resident memory.
        let count = 1_000_000
        let before = Self.residentBytes()
        let large = RateLimiter(capacity: count)
        for index in 0..<count { _ = large.check(policy, client: "user-\(index)") }
        let after = Self.residentBytes()
        let tracked = large.trackedKeys

        return [
            "| rate limiter (2 quotas per policy) | value |", "|---|---:|",
            "| one thread: checks/s (ns per check) | \(Int(Double(single.0) / single.1)) (\(Int(single.1 / Double(single.0) * 1e9)) ns) |",
            "| two threads: checks/s (ns per check per thread) | \(Int(Double(twoChecks) / twoSeconds)) (\(Int(twoSeconds * 2 / Double(twoChecks) * 1e9)) ns) |",
            "| resident memory per tracked key (\(tracked) keys) | \(after > before ? (after - before) / max(tracked, 1) : 0) bytes |",
        ].joined(separator: "\n")
    }

    private func measure(limiter: RateLimiter, policy: RateLimitPolicy, keys: [String], offset: Int) -> (Int, Double) {
        let start = ContinuousClock.now
        let end = start + duration
        var checks = 0
        while ContinuousClock.now < end {
            for index in 0..<1_000 { _ = limiter.check(policy, client: keys[(offset + checks + index) % keys.count]) }
            checks += 1_000
        }
        return (checks, (ContinuousClock.now - start).timeInterval)
    }

    /// Resident set size from /proc/self/statm.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
