import Foundation
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// One connection of a client to one endpoint, multiplexing many calls.
///
/// Its `run()` executes in the client's task group for as long as the connection
/// lives; calls wait until it is ready.
final class ClientConnection: Sendable {
    enum Phase {
        case connecting
        case ready
        /// Go-away received: no new calls; ends when the accepted ones have ended.
        case draining
        case closed(RPCError)
    }

    private struct State {
        var phase = Phase.connecting
        var nextCallID: UInt64 = 1
        var calls: [UInt64: ClientCall] = [:]
        var channel: (any Channel)?
        var lastPong = ContinuousClock.now
    }

    let endpoint: RPCEndpoint
    private let configuration: RPCClientConfiguration
    private let tls: RPCChannelTLS
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())
    private let ready = AsyncPromise<Void>()
    /// Every frame the client sends goes through this one ordered queue, written by
    /// one task; it holds at most a few frames per open call.
    private let control: AsyncStream<WireFrame>
    private let controlContinuation: AsyncStream<WireFrame>.Continuation

    init(endpoint: RPCEndpoint, configuration: RPCClientConfiguration, tls: RPCChannelTLS, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.endpoint = endpoint
        self.configuration = configuration
        self.tls = tls
        self.eventLoopGroup = eventLoopGroup
        var logger = logger
        logger[metadataKey: "rpc.endpoint"] = "\(endpoint)"
        self.logger = logger
        (control, controlContinuation) = AsyncStream.makeStream(of: WireFrame.self)
    }

    /// Whether new calls may use this connection.
    var isAcceptingCalls: Bool {
        state.withLock { state in
            switch state.phase {
            case .connecting, .ready: true
            case .draining, .closed: false
            }
        }
    }

    // MARK: Lifecycle

    func run() async {
        let limits = configuration.limits
        let handshake = configuration.handshakeTimeout.timeAmount
        let tls = self.tls
        do {
            let channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(configuration.connectTimeout.timeAmount)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: endpoint.host, port: endpoint.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try RPCChannelPipeline.configure(channel, tls: tls, limits: limits, handshakeTimeout: handshake)
                    }
                }
            do {
                _ = try await channel.peer.get()
            } catch {
                try? await channel.frames.executeThenClose { _, _ in }
                throw error
            }
            try await channel.frames.executeThenClose { inbound, outbound in
                state.withLock { state in
                    state.phase = .ready
                    state.channel = channel.frames.channel
                }
                ready.succeed()
                try await withThrowingDiscardingTaskGroup { group in
                    group.addTask { await self.writeControlFrames(outbound) }
                    group.addTask { await self.keepAlive(channel: channel.frames.channel) }
                    defer { group.cancelAll() }
                    for try await frame in inbound {
                        if self.receive(frame) == .close { return }
                    }
                }
            }
            close(RPCError(.unavailable, "connection to \(endpoint) closed"))
        } catch {
            let wasReady = ready.result != nil
            let failure = RPCError(.unavailable, "connection to \(endpoint) failed: \(Self.describe(error))")
            ready.fail(NotProcessedError(error: failure))
            logger.debug("rpc connection ended", metadata: ["error": "\(error)", "was_ready": "\(wasReady)"])
            close(failure)
        }
    }

    private enum Next { case `continue`, close }

    private func receive(_ frame: WireFrame) -> Next {
        switch frame.kind {
        case .message(let message):
            call(frame.callID)?.deliver([UInt8](message.payload))
        case .end(let end):
            let call = state.withLock { $0.calls.removeValue(forKey: frame.callID) }
            let code = RPCStatusCode(rawValue: end.status.code)
            if code == .ok {
                call?.end(nil)
            } else {
                call?.end(RPCError(wire: end.status, trailers: end.trailers))
            }
            return closeIfDrained()
        case .goAway(let goAway):
            logger.debug("go-away received", metadata: ["reason": "\(goAway.reason)", "last_call_id": "\(goAway.lastCallID)"])
            let refused = state.withLock { state -> [ClientCall] in
                if case .ready = state.phase { state.phase = .draining }
                let refused = state.calls.filter { $0.key > goAway.lastCallID }
                for id in refused.keys { state.calls[id] = nil }
                return Array(refused.values)
            }
            let error = RPCError(.unavailable, "server going away: \(goAway.reason)")
            for call in refused { call.end(NotProcessedError(error: error)) }
            return closeIfDrained()
        case .pong:
            state.withLock { $0.lastPong = .now }
        case .ping(let ping):
            controlContinuation.yield(.pong(ping.payload))
        case .headers, .cancel, .windowUpdate, nil:
            break
        }
        return .continue
    }

    private func closeIfDrained() -> Next {
        state.withLock { state in
            if case .draining = state.phase, state.calls.isEmpty { return .close }
            return .continue
        }
    }

    private func call(_ id: UInt64) -> ClientCall? {
        state.withLock { $0.calls[id] }
    }

    /// Writes queued frames until the connection closes; a failed write closes it.
    private func writeControlFrames(_ outbound: NIOAsyncChannelOutboundWriter<WireFrame>) async {
        for await frame in control {
            do {
                try await outbound.write(frame)
            } catch {
                close(RPCError(.unavailable, "connection to \(endpoint) failed while sending: \(Self.describe(error))"))
                return
            }
        }
    }

    /// Pings every interval; no pong within the timeout closes the connection.
    private func keepAlive(channel: any Channel) async {
        var sequence: UInt64 = 0
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: configuration.keepaliveInterval)
            } catch {
                return
            }
            sequence += 1
            let sentAt = ContinuousClock.now
            controlContinuation.yield(.ping(sequence))
            do {
                try await Task.sleep(for: configuration.keepaliveTimeout)
            } catch {
                return
            }
            if state.withLock({ $0.lastPong < sentAt }) {
                logger.notice("no pong within keepalive timeout; closing connection")
                channel.close(promise: nil)
                return
            }
        }
    }

    /// Fails every open call and refuses new ones.
    func close(_ error: RPCError) {
        let (calls, channel) = state.withLock { state -> ([ClientCall], (any Channel)?) in
            if case .closed = state.phase { return ([], nil) }
            state.phase = .closed(error)
            defer { state.calls = [:] }
            return (Array(state.calls.values), state.channel)
        }
        controlContinuation.finish()
        for call in calls { call.end(error) }
        channel?.close(promise: nil)
    }

    /// Closes the connection for good once its open calls have ended (client shutdown).
    func shutdown() {
        let idle = state.withLock { state -> Bool in
            if case .ready = state.phase { state.phase = .draining }
            return state.calls.isEmpty
        }
        if idle { close(RPCError(.unavailable, "client shut down")) }
    }

    // MARK: Calls

    /// Opens a call: waits for the connection, sends headers and the request.
    ///
    /// The call id is allocated and both frames are queued on the connection's single
    /// writer under one lock, so call ids reach the server in increasing order.
    func open(
        path: String, request: [UInt8], metadata: RPCMetadata, deadline: ContinuousClock.Instant?, window: Int
    ) async throws -> ClientCall {
        try await waitUntilReady(deadline: deadline)
        var headers = WireRequestHeaders()
        headers.method = path
        headers.metadata = metadata.wire
        headers.initialWindow = UInt32(clamping: window)
        var remaining: Duration?
        if let deadline {
            remaining = deadline - .now
            guard remaining! > .zero else {
                throw RPCError(.deadlineExceeded, "deadline exceeded before the call started")
            }
            headers.timeoutMs = UInt64(max(1, remaining!.milliseconds))
        }
        let opened = state.withLock { state -> Result<ClientCall, any Error> in
            switch state.phase {
            case .ready:
                let call = ClientCall(id: state.nextCallID)
                state.nextCallID += 2
                state.calls[call.id] = call
                controlContinuation.yield(.headers(call.id, headers))
                controlContinuation.yield(.message(call.id, request))
                return .success(call)
            case .connecting, .draining:
                return .failure(NotProcessedError(error: RPCError(.unavailable, "connection to \(endpoint) is going away")))
            case .closed(let error):
                return .failure(NotProcessedError(error: error))
            }
        }
        let call = try opened.get()
        call.onConsumerGone { [weak self] in self?.cancel(call, reason: "caller went away") }
        if let remaining { scheduleDeadline(call, after: remaining) }
        return call
    }

    /// Waits for the connection to be ready, at most until `deadline`: a call's deadline
    /// also bounds its wait for a connect and handshake that are slower than it.
    private func waitUntilReady(deadline: ContinuousClock.Instant?) async throws {
        guard let deadline, ready.result == nil else { return try await ready.value() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.ready.value() }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                throw RPCError(.deadlineExceeded, "deadline exceeded while connecting to \(self.endpoint)")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// The consumer took `messages` stream messages: let the server send as many more.
    func grant(_ call: ClientCall, messages: Int) {
        guard !call.isFinished else { return }
        controlContinuation.yield(.windowUpdate(call.id, messages: UInt32(clamping: messages)))
    }

    /// Tells the server the caller gave up on the call.
    func cancel(_ call: ClientCall, reason: String, error: RPCError = RPCError(.cancelled, "call cancelled by the caller")) {
        guard forget(call) else { return }
        call.end(error)
        controlContinuation.yield(.cancel(call.id, reason: reason))
    }

    @discardableResult
    private func forget(_ call: ClientCall) -> Bool {
        let removed = state.withLock { $0.calls.removeValue(forKey: call.id) != nil }
        if removed, closeIfDrained() == .close {
            close(RPCError(.unavailable, "connection drained"))
        }
        return removed
    }

    private func scheduleDeadline(_ call: ClientCall, after remaining: Duration) {
        guard let channel = state.withLock({ $0.channel }) else { return }
        channel.eventLoop.scheduleTask(in: remaining.timeAmount) { [weak self] in
            self?.cancel(call, reason: "deadline exceeded", error: RPCError(.deadlineExceeded, "deadline exceeded"))
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? NotProcessedError { return error.error.message }
        return String(describing: error)
    }
}
