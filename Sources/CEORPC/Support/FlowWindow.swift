import Synchronization

/// Message credit of one server stream: the sender takes one unit per message and
/// waits when none is left; the receiver grants more as it consumes.
///
/// This is what keeps a server stream to a slow reader bounded: the handler's
/// `send` suspends instead of buffering.
final class FlowWindow: Sendable {
    private struct State {
        var credit: Int
        var waiter: CheckedContinuation<Void, any Error>?
        var closed = false
    }

    private let state: Mutex<State>

    init(initialCredit: Int) {
        state = Mutex(State(credit: initialCredit))
    }

    /// Takes one unit of credit, waiting for a grant when there is none.
    func acquire() async throws {
        if state.withLock({ state in
            if state.credit > 0 { state.credit -= 1; return true }
            return false
        }) { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resume: Result<Void, any Error>? = state.withLock { state in
                    if state.closed || Task.isCancelled { return .failure(CancellationError()) }
                    if state.credit > 0 { state.credit -= 1; return .success(()) }
                    state.waiter = continuation
                    return nil
                }
                if let resume { continuation.resume(with: resume) }
            }
        } onCancel: {
            close()
        }
    }

    /// Adds credit, waking a waiting sender.
    func grant(_ messages: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            state.credit += messages
            guard state.credit > 0, let waiter = state.waiter else { return nil }
            state.waiter = nil
            state.credit -= 1
            return waiter
        }
        waiter?.resume()
    }

    /// Fails the waiting sender and any later acquire.
    func close() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(throwing: CancellationError())
    }
}
