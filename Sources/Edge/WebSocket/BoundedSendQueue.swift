/// Messages waiting to be written to one client, at most `capacity`. When a client
/// stops reading, its writes stall, the queue fills, and the next message overflows it:
/// the connection is then closed instead of buffering without bound.
struct BoundedSendQueue: Sendable {
    private let stream: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let overflowed = Flag()
    /// Ends when the queue finishes; its one element says the queue overflowed.
    let overflowNotice: AsyncStream<Void>
    private let notice: AsyncStream<Void>.Continuation

    init(capacity: Int) {
        (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingOldest(capacity))
        (overflowNotice, notice) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingOldest(1))
    }

    /// Queues `message`; false (and the queue is closed) when it was full.
    @discardableResult
    func enqueue(_ message: String) -> Bool {
        switch continuation.yield(message) {
        case .enqueued: return true
        case .dropped:
            overflowed.set()
            continuation.finish()
            notice.yield()
            notice.finish()
            return false
        case .terminated: return false
        @unknown default: return false
        }
    }

    /// No more messages: the writer ends once the queue is drained.
    func finish() {
        continuation.finish()
        notice.finish()
    }

    /// Writes messages in order until the queue finishes; then, if it overflowed, calls
    /// `onOverflow` (which closes the connection). Overflow also ends a stalled write:
    /// the caller cancels this task when `isOverflowed` turns true.
    func drain(write: (String) async throws -> Void, onOverflow: () async -> Void) async throws {
        for await message in stream {
            if overflowed.isSet { break }
            try await write(message)
        }
        if overflowed.isSet { await onOverflow() }
    }

    var isOverflowed: Bool { overflowed.isSet }
}
