import Instrumentation
import Foundation
import Logging
import NIOCore

/// Serves the calls of one accepted connection until it closes.
struct ServerConnection {
    /// Events the server sends to a connection from outside.
    enum ControlEvent: Sendable {
        case drain(grace: Duration)
    }

    let channel: RPCChannel
    let router: RPCRouter
    let configuration: RPCServerConfiguration
    let control: AsyncStream<ControlEvent>
    let logger: Logger

    func run() async {
        let rawChannel = channel.frames.channel
        let peer: PeerInfo
        do {
            peer = try await channel.peer.get()
        } catch {
            logger.debug("connection refused before the first frame", metadata: ["error": "\(error)"])
            try? await channel.frames.executeThenClose { _, _ in }
            return
        }
        var connectionLogger = self.logger
        connectionLogger[metadataKey: "rpc.peer"] = "\(peer.identity?.name ?? "-")@\(peer.remoteAddress?.description ?? "?")"
        let logger = connectionLogger
        let state = ServerConnectionState(maxConcurrentCalls: configuration.limits.maxConcurrentCalls)
        // The calls' messages and ends, written in batches.
        let queue = OutboundFrameQueue()

        try? await channel.frames.executeThenClose { inbound, outbound in
            await withDiscardingTaskGroup { group in
                group.addTask { await queue.run(writingTo: outbound, channel: rawChannel) }
                group.addTask { await watchIdle(state: state, outbound: outbound, channel: rawChannel) }
                group.addTask { await handleControl(state: state, outbound: outbound, channel: rawChannel) }
                group.addTask { await expireAwaitingRequests(state: state, outbound: outbound) }
                do {
                    frames: for try await frame in inbound {
                        switch frame.kind {
                        case .headers(let headers):
                            let verdict = open(frame.callID, headers, peer: peer, state: state)
                            switch verdict {
                            case .accept:
                                break
                            case .refuse(let error):
                                try await outbound.write(.end(frame.callID, error))
                            case .protocolError(let reason):
                                logger.notice("closing connection", metadata: ["reason": "protocol error: \(reason)"])
                                try await goAway(outbound, state: state, code: .internal, reason: "protocol error: \(reason)")
                                break frames
                            }
                        case .message(let message):
                            guard let (pending, active) = state.start(
                                callID: frame.callID, defaultWindow: configuration.defaultStreamWindow
                            ) else { continue }
                            let payload = [UInt8](message.payload)
                            group.addTask {
                                await runCall(
                                    frame.callID, pending: pending, active: active, payload: payload, peer: peer,
                                    state: state, queue: queue, logger: logger
                                )
                            }
                        case .cancel:
                            _ = state.cancel(callID: frame.callID)
                        case .windowUpdate(let update):
                            state.grant(callID: frame.callID, messages: Int(update.messages))
                        case .ping(let ping):
                            try await outbound.write(.pong(ping.payload))
                        case .pong, .goAway:
                            break
                        case .end:
                            try await goAway(outbound, state: state, code: .internal, reason: "protocol error: a client may not end a call")
                            break frames
                        case nil:
                            break
                        }
                    }
                } catch let error as FrameTooLargeError {
                    logger.notice("closing connection", metadata: ["reason": "\(error)"])
                    try? await goAway(outbound, state: state, code: .resourceExhausted, reason: error.description)
                } catch let error as MalformedFrameError {
                    logger.notice("closing connection", metadata: ["reason": "\(error)"])
                    try? await goAway(outbound, state: state, code: .internal, reason: error.description)
                } catch {
                    logger.debug("connection ended", metadata: ["error": "\(error)"])
                }
                state.closeAll()
                group.cancelAll()
            }
        }
    }

    private func open(
        _ callID: UInt64, _ headers: WireRequestHeaders, peer: PeerInfo, state: ServerConnectionState
    ) -> ServerConnectionState.HeadersVerdict {
        let metadataBytes = headers.metadata.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
        var refusal: RPCError?
        var pending: ServerConnectionState.PendingCall?
        if metadataBytes > configuration.limits.maxMetadataBytes {
            refusal = RPCError(.resourceExhausted, "metadata of \(metadataBytes) bytes exceeds the limit of \(configuration.limits.maxMetadataBytes) bytes")
        } else if let handler = router.handlers[headers.method] {
            if handler.admits(peer.identity) {
                let now = ContinuousClock.now
                let timeout = headers.timeoutMs > 0 ? Duration.milliseconds(Int64(clamping: headers.timeoutMs)) : configuration.firstMessageTimeout
                pending = .init(headers: headers, handler: handler, openedAt: now, requestDueBy: now + timeout)
            } else {
                refusal = RPCError(.permissionDenied, "caller '\(peer.identity?.name ?? "unidentified")' may not call \(headers.method)")
            }
        } else {
            refusal = RPCError(.unimplemented, "unknown method '\(headers.method)'")
        }
        return state.open(callID: callID, pending: pending, refusal: refusal)
    }

    private enum Outcome: Sendable {
        case finished(RPCError?)
        case clientCancelled
        case deadlineExceeded
    }

    private func runCall(
        _ callID: UInt64,
        pending: ServerConnectionState.PendingCall,
        active: ServerConnectionState.ActiveCall,
        payload: [UInt8],
        peer: PeerInfo,
        state: ServerConnectionState,
        queue: OutboundFrameQueue,
        logger: Logger
    ) async {
        let headers = pending.headers
        let timeout = headers.timeoutMs > 0 ? Duration.milliseconds(Int64(clamping: headers.timeoutMs)) : nil
        // The deadline counts from the headers, not from the request message.
        let deadline = timeout.map { pending.openedAt + $0 }
        var callLogger = logger
        callLogger[metadataKey: "rpc.method"] = "\(headers.method)"
        callLogger[metadataKey: "rpc.call_id"] = "\(callID)"
        let metadata = RPCMetadata(wire: headers.metadata)
        if let requestID = metadata["request-id"] { callLogger[metadataKey: "request_id"] = "\(requestID)" }
        let handlerLogger = callLogger
        let context = ServerContext(
            method: headers.method, caller: peer.identity, metadata: metadata,
            deadline: deadline, callID: callID, logger: handlerLogger
        )
        let streaming = pending.handler.kind == .serverStreaming
        let window = active.window
        let send: @Sendable ([UInt8]) async throws -> Void = { bytes in
            if streaming { try await window.acquire() }
            try Task.checkCancellation()
            try await queue.send(.message(callID, bytes))
        }
        let handler = pending.handler
        let started = ContinuousClock.now
        // The caller's trace context (W3C `traceparent`), for the handler, its logs and
        // the calls it makes in turn.
        var traceContext = InstrumentationContext.current ?? .topLevel
        InstrumentationSystem.instrument.extract(metadata, into: &traceContext, using: RPCMetadataExtractor())

        let outcome = await InstrumentationContext.withValue(traceContext) { await withTaskGroup(of: Outcome.self) { race in
            race.addTask {
                do {
                    try await ServerContext.$current.withValue(context) {
                        try await handler.run(payload, context, send)
                    }
                    return .finished(nil)
                } catch let error as RPCError {
                    return .finished(error)
                } catch let error as any RPCErrorConvertible {
                    return .finished(error.rpcError)
                } catch is CancellationError {
                    return .finished(RPCError(.cancelled, "call cancelled"))
                } catch {
                    handlerLogger.error("handler failed", metadata: ["error": "\(error)"])
                    return .finished(RPCError(.internal, "internal error"))
                }
            }
            race.addTask {
                await active.cancellation.wait()
                return .clientCancelled
            }
            if let deadline {
                race.addTask {
                    try? await Task.sleep(until: deadline, clock: .continuous)
                    return .deadlineExceeded
                }
            }
            let first = await race.next()!
            race.cancelAll()
            return first
        } }
        let status: RPCError? = switch outcome {
        case .finished(let error): error
        case .clientCancelled: RPCError(.cancelled, "cancelled by the client")
        case .deadlineExceeded: RPCError(.deadlineExceeded, "deadline of \(timeout!) exceeded")
        }
        window.close()
        let elapsed = ContinuousClock.now - started
        RPCServerMetrics.record(method: headers.method, code: status?.code ?? .ok, duration: elapsed)
        InstrumentationContext.withValue(traceContext) {
            callLogger.debug("call finished", metadata: ["rpc.code": "\(status?.code ?? .ok)", "duration": "\(elapsed)"])
        }
        try? await queue.send(.end(callID, status))
        if state.finish(callID: callID) {
            queue.closeChannelWhenWritten()
        }
    }

    private func goAway(
        _ outbound: NIOAsyncChannelOutboundWriter<WireFrame>, state: ServerConnectionState, code: RPCStatusCode, reason: String
    ) async throws {
        let last = state.beginDrain()?.lastCallID ?? 0
        try await outbound.write(.goAway(lastCallID: last, code: code, reason: reason))
    }

    /// Ends the calls whose request message has not come by their deadline (or the
    /// first-message timeout), freeing their slots; checked every 100 ms.
    private func expireAwaitingRequests(state: ServerConnectionState, outbound: NIOAsyncChannelOutboundWriter<WireFrame>) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
            for callID in state.expireAwaitingRequests() {
                try? await outbound.write(.end(callID, RPCError(.deadlineExceeded, "the request message did not arrive before the call's deadline")))
            }
        }
    }

    private func watchIdle(state: ServerConnectionState, outbound: NIOAsyncChannelOutboundWriter<WireFrame>, channel: any Channel) async {
        let timeout = configuration.idleTimeout
        while !Task.isCancelled {
            try? await Task.sleep(for: min(timeout / 4, .seconds(5)))
            let (idle, lastCallID) = state.isIdle(for: timeout)
            if idle, !Task.isCancelled {
                _ = state.beginDrain()
                try? await outbound.write(.goAway(lastCallID: lastCallID, code: .unavailable, reason: "idle timeout"))
                channel.close(promise: nil)
                return
            }
        }
    }

    private func handleControl(state: ServerConnectionState, outbound: NIOAsyncChannelOutboundWriter<WireFrame>, channel: any Channel) async {
        for await event in control {
            switch event {
            case .drain(let grace):
                guard let (lastCallID, idle) = state.beginDrain() else { continue }
                try? await outbound.write(.goAway(lastCallID: lastCallID, code: .unavailable, reason: "server shutting down"))
                if idle {
                    channel.close(promise: nil)
                    return
                }
                try? await Task.sleep(for: grace)
                if !Task.isCancelled {
                    logger.notice("grace period over; closing connection with calls in flight")
                    channel.close(promise: nil)
                }
                return
            }
        }
    }
}
