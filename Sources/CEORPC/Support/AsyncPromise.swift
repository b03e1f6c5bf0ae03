import Synchronization

/// A value that is set once and awaited by any number of tasks.
///
/// Waiting is cancellation-aware: a cancelled waiter stops waiting and throws
/// `CancellationError` without affecting the promise or other waiters.
public final class AsyncPromise<Value: Sendable>: Sendable {
    private enum State {
        case pending(next: Int, waiters: [Int: CheckedContinuation<Value, any Error>])
        case done(Result<Value, any Error>)
    }

    private let state = Mutex(State.pending(next: 0, waiters: [:]))

    public init() {}

    /// Sets the outcome; later calls are ignored. Returns whether this call set it.
    @discardableResult
    public func complete(_ result: Result<Value, any Error>) -> Bool {
        let waiters: [CheckedContinuation<Value, any Error>]? = state.withLock { state in
            guard case .pending(_, let waiters) = state else { return nil }
            state = .done(result)
            return Array(waiters.values)
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(with: result) }
        return true
    }

    @discardableResult
    public func succeed(_ value: Value) -> Bool { complete(.success(value)) }

    @discardableResult
    public func fail(_ error: any Error) -> Bool { complete(.failure(error)) }

    /// The outcome if it is set.
    public var result: Result<Value, any Error>? {
        state.withLock { if case .done(let result) = $0 { result } else { nil } }
    }

    /// Waits for the outcome.
    public func value() async throws -> Value {
        let id = state.withLock { state -> Int? in
            guard case .pending(let next, let waiters) = state else { return nil }
            state = .pending(next: next + 1, waiters: waiters)
            return next
        }
        guard let id else { return try result!.get() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let resumeNow: Result<Value, any Error>? = state.withLock { state in
                    switch state {
                    case .done(let result):
                        return result
                    case .pending(let next, var waiters):
                        if Task.isCancelled { return .failure(CancellationError()) }
                        waiters[id] = continuation
                        state = .pending(next: next, waiters: waiters)
                        return nil
                    }
                }
                if let resumeNow { continuation.resume(with: resumeNow) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Value, any Error>? in
                guard case .pending(let next, var waiters) = state else { return nil }
                let waiter = waiters.removeValue(forKey: id)
                state = .pending(next: next, waiters: waiters)
                return waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }
}

extension AsyncPromise where Value == Void {
    @discardableResult
    public func succeed() -> Bool { complete(.success(())) }

    /// Waits until the promise is set or the waiting task is cancelled, whichever is first.
    public func wait() async {
        _ = try? await value()
    }
}
