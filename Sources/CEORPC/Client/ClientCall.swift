import Synchronization

/// The client's half of one call: response payloads arrive here until the end frame.
final class ClientCall: Sendable {
    let id: UInt64
    let responses: AsyncThrowingStream<[UInt8], any Error>
    private let continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation
    private let finished = Mutex(false)

    init(id: UInt64) {
        self.id = id
        (responses, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self, throwing: (any Error).self)
    }

    func deliver(_ payload: [UInt8]) {
        continuation.yield(payload)
    }

    /// Ends the call with OK (nil) or an error. Only the first end counts.
    func end(_ error: (any Error)?) {
        guard finished.withLock({ done in defer { done = true }; return !done }) else { return }
        if let error { continuation.finish(throwing: error) } else { continuation.finish() }
    }

    var isFinished: Bool { finished.withLock { $0 } }

    /// Called once when the consumer goes away (stopped iterating, cancelled).
    func onConsumerGone(_ action: @escaping @Sendable () -> Void) {
        continuation.onTermination = { termination in
            if case .cancelled = termination { action() }
        }
    }
}

/// An error that guarantees the server never started the call: safe to retry elsewhere.
struct NotProcessedError: Error {
    let error: RPCError
}
