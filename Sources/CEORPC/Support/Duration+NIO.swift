import NIOCore

/// Conversions between Swift durations and what NIO and the wire take.
extension Duration {
    var timeAmount: TimeAmount { .nanoseconds(wholeNanoseconds) }

    var wholeNanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }

    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
