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
