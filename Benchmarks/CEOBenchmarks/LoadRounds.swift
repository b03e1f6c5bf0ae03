import CEOServiceKit
import Histogram

/// The figures of one unary round.
public struct UnaryRow: Sendable {
    public let concurrency: Int
    public let callsPerSecond: Double
    public let p50Micros: UInt64
    public let p99Micros: UInt64
    public let p999Micros: UInt64
}

/// The measuring loops every RPC benchmark shares, whatever stack makes the call: the
/// product's RPC in `ceo bench rpc`, and the product's beside grpc-swift-2 in the
/// side-by-side benchmark (Benchmarks/SideBySide), so that both are timed the same way.
public enum LoadRounds {
    /// `concurrency` callers loop on `call` until `duration` has passed; each call's
    /// latency goes into an HDR histogram (microseconds, 3 significant digits).
    public static func unary(
        concurrency: Int, duration: Duration, call: @escaping @Sendable () async throws -> Void
    ) async throws -> UnaryRow {
        let start = ContinuousClock.now
        let end = start + duration
        let merged = try await withThrowingTaskGroup(of: Histogram<UInt64>.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
                    while ContinuousClock.now < end {
                        let t0 = ContinuousClock.now
                        try await call()
                        histogram.record(UInt64(max(1, (ContinuousClock.now - t0).microseconds)))
                    }
                    return histogram
                }
            }
            var merged = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
            for try await histogram in group { merged.add(histogram) }
            return merged
        }
        let seconds = (ContinuousClock.now - start).timeInterval
        return UnaryRow(
            concurrency: concurrency,
            callsPerSecond: Double(merged.totalCount) / seconds,
            p50Micros: merged.valueAtPercentile(50),
            p99Micros: merged.valueAtPercentile(99),
            p999Micros: merged.valueAtPercentile(99.9)
        )
    }

    /// Messages per second of one server stream. `receive` reads the stream and stops
    /// once `shouldStop` says the time is up; it returns how many messages it read.
    public static func stream(
        duration: Duration, receive: (_ shouldStop: @Sendable (Int) -> Bool) async throws -> Int
    ) async throws -> Double {
        let start = ContinuousClock.now
        let received = try await receive { count in count % 1024 == 0 && ContinuousClock.now - start >= duration }
        return Double(received) / (ContinuousClock.now - start).timeInterval
    }
}

extension Duration {
    /// Whole microseconds, for the latency histograms.
    fileprivate var microseconds: Int64 { components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000 }
}
