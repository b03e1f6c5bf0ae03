/// A secret value: a password, an API key, a signing key. It never shows its value —
/// not in `description`, string interpolation, `dump`, debug output or logs — so a
/// configuration that holds one can be printed safely. The value is only reachable
/// through ``revealed``, a name that stands out in review.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// The value itself, for the one place that must use it (a header, a hash).
    public var revealed: String { value }

    public var isEmpty: Bool { value.isEmpty }

    public var description: String { "<secret>" }
    public var debugDescription: String { "<secret>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
