import Synchronization

/// The calls of one server connection and whether it is draining, behind a lock.
/// Transitions return what the connection must do next.
final class ServerConnectionState: Sendable {
    struct PendingCall: Sendable {
        let headers: WireRequestHeaders
        let handler: RPCRouter.Handler
        /// When the headers arrived: the call's deadline counts from here.
        var openedAt = ContinuousClock.now
        /// When the call ends DEADLINE_EXCEEDED if its request message has not arrived:
        /// its deadline, or the server's first-message timeout when it has none.
        var requestDueBy: ContinuousClock.Instant = .now
    }

    struct ActiveCall: Sendable {
        let cancellation: AsyncPromise<Void>
        let window: FlowWindow
    }

    enum Slot {
        case awaitingRequest(PendingCall)
        case running(ActiveCall)
    }

    struct State {
        var lastCallID: UInt64 = 0
        var calls: [UInt64: Slot] = [:]
        var draining = false
        var closed = false
        var lastActivity = ContinuousClock.now
    }

    enum HeadersVerdict {
        case accept
        case refuse(RPCError)
        case protocolError(String)
    }

    private let state = Mutex(State())
    private let maxConcurrentCalls: Int

    init(maxConcurrentCalls: Int) {
        self.maxConcurrentCalls = maxConcurrentCalls
    }

    /// Admits or refuses a new call id. Ids must be odd and strictly increasing.
    func open(callID: UInt64, pending: PendingCall?, refusal: RPCError?) -> HeadersVerdict {
        state.withLock { state in
            guard callID % 2 == 1, callID > state.lastCallID else {
                return .protocolError("call id \(callID) is not odd and above \(state.lastCallID)")
            }
            state.lastCallID = callID
            state.lastActivity = .now
            if state.draining {
                return .refuse(RPCError(.unavailable, "server is draining; retry on another connection"))
            }
            if let refusal { return .refuse(refusal) }
            if state.calls.count >= maxConcurrentCalls {
                return .refuse(RPCError(.resourceExhausted, "too many concurrent calls on this connection (limit \(maxConcurrentCalls))"))
            }
            state.calls[callID] = .awaitingRequest(pending!)
            return .accept
        }
    }

    /// The request message arrived: the call starts running.
    /// The window is the caller's `initial_window`, or `defaultWindow` when it asked for none.
    func start(callID: UInt64, defaultWindow: Int) -> (PendingCall, ActiveCall)? {
        state.withLock { state in
            guard case .awaitingRequest(let pending) = state.calls[callID] else { return nil }
            let asked = Int(pending.headers.initialWindow)
            let window = FlowWindow(initialCredit: asked > 0 ? min(asked, 65_536) : defaultWindow)
            let active = ActiveCall(cancellation: AsyncPromise(), window: window)
            state.calls[callID] = .running(active)
            return (pending, active)
        }
    }

    /// The calls still waiting for their request message past their due time, removed
    /// (their slots freed) and returned so that the connection ends them.
    func expireAwaitingRequests(now: ContinuousClock.Instant = .now) -> [UInt64] {
        state.withLock { state in
            let expired = state.calls.compactMap { id, slot -> UInt64? in
                if case .awaitingRequest(let pending) = slot, pending.requestDueBy <= now { return id }
                return nil
            }
            for id in expired { state.calls[id] = nil }
            return expired.sorted()
        }
    }

    /// The client cancelled: the running call's handler is told, a pending one dropped.
    func cancel(callID: UInt64) -> Bool {
        let action = state.withLock { state -> ActiveCall? in
            switch state.calls[callID] {
            case .running(let active): return active
            case .awaitingRequest: state.calls[callID] = nil; return nil
            case nil: return nil
            }
        }
        guard let action else { return false }
        action.cancellation.succeed()
        return true
    }

    func grant(callID: UInt64, messages: Int) {
        let window = state.withLock { state -> FlowWindow? in
            if case .running(let active) = state.calls[callID] { return active.window }
            return nil
        }
        window?.grant(messages)
    }

    /// A call ended; returns true when the connection is draining and now idle.
    func finish(callID: UInt64) -> Bool {
        state.withLock { state in
            state.calls[callID] = nil
            state.lastActivity = .now
            return state.draining && state.calls.isEmpty
        }
    }

    /// Starts draining; returns the last accepted call id and whether no call is open.
    func beginDrain() -> (lastCallID: UInt64, idle: Bool)? {
        state.withLock { state in
            guard !state.draining else { return nil }
            state.draining = true
            return (state.lastCallID, state.calls.isEmpty)
        }
    }

    /// Whether the connection has had no open call for at least `timeout`.
    func isIdle(for timeout: Duration) -> (idle: Bool, lastCallID: UInt64) {
        state.withLock { state in
            (state.calls.isEmpty && ContinuousClock.now - state.lastActivity >= timeout, state.lastCallID)
        }
    }

    /// Closes every running call's flow window (the connection is gone).
    func closeAll() {
        let windows = state.withLock { state in
            state.calls.values.compactMap { slot -> FlowWindow? in
                if case .running(let active) = slot { return active.window }
                return nil
            }
        }
        for window in windows { window.close() }
    }
}
