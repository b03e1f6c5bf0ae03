/// The client's side of a server stream's flow control: how much credit to grant as
/// the consumer takes messages.
///
/// The window starts at the call's `streamWindow` messages. For small messages it
/// grows until the window, counted at the largest message seen so far, reaches the
/// byte budget — 64-byte messages under the default 64 KiB budget (HTTP/2's default
/// window) get a window of about a thousand, so the server is rarely held waiting for
/// a grant — and it shrinks back when larger messages arrive. It never falls below the
/// starting window, so large messages are bounded exactly as with a fixed window, and
/// never exceeds the protocol's 65,536. A budget of 0 keeps the window fixed.
///
/// Credit goes out when the consumer has taken half the current window, in one
/// `window_update`.
struct StreamReceiveWindow: Sendable {
    /// The most messages a window may hold (the protocol's cap on `initial_window`).
    static let maximumMessages = 65_536

    /// The window the call opened with, and the least it holds.
    let initial: Int
    /// Response bytes the window may stand for; 0 keeps it at `initial`.
    let budgetBytes: Int
    /// Messages the server may send beyond those consumed before the last grant.
    private(set) var window: Int
    /// Messages consumed since the last grant.
    private var consumed = 0
    /// The largest message payload seen, in bytes.
    private var largestBytes = 1

    /// The window a call asking for `asked` messages opens with (what its headers send).
    static func initialMessages(_ asked: Int) -> Int {
        Swift.min(Swift.max(1, asked), maximumMessages)
    }

    init(initial: Int, budgetBytes: Int) {
        self.initial = Self.initialMessages(initial)
        self.budgetBytes = Swift.max(0, budgetBytes)
        window = self.initial
    }

    /// The window the budget allows for the messages seen so far.
    var target: Int {
        guard budgetBytes > 0 else { return initial }
        return Swift.min(Self.maximumMessages, Swift.max(initial, budgetBytes / largestBytes))
    }

    /// Records one consumed message of `bytes` payload bytes; returns the credit to grant
    /// now, or nil when no grant is due.
    mutating func consume(bytes: Int) -> Int? {
        consumed += 1
        largestBytes = Swift.max(largestBytes, bytes)
        guard consumed >= Swift.max(1, window / 2) else { return nil }
        // The server still holds `window - consumed` credit; top it up to the target.
        let outstanding = window - consumed
        let grant = Swift.max(0, target - outstanding)
        window = outstanding + grant
        consumed = 0
        return grant > 0 ? grant : nil
    }
}
