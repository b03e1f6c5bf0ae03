public import Foundation

/// Wall-clock time for the auth rules (token lifetimes, lockouts, key rotation);
/// injectable so tests move time instead of waiting.
public struct AuthClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    /// The system clock.
    public static let system = AuthClock { Date() }

    public func now() -> Date { read() }
}

extension Date {
    /// Milliseconds since 1970, as stored and sent on the wire.
    var unixMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    init(unixMilliseconds: Int64) { self.init(timeIntervalSince1970: Double(unixMilliseconds) / 1000) }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
