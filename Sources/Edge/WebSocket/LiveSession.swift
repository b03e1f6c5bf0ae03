import CEOAPI
import CEODomain
import CEORPC
import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import Prometheus
import NIOWebSocket
import Synchronization

/// Limits of one WebSocket connection.
public struct LiveSessionLimits: Sendable {
    /// Largest message accepted from the client.
    public var maximumMessageBytes = 64 << 10
    /// Messages a client may send per `messageWindow` before it is disconnected.
    public var messagesPerWindow = 20
    public var messageWindow: Duration = .seconds(10)
    /// Messages waiting to be written to a client; a client that lets more pile up
    /// (it is not reading) is disconnected instead of growing the edge's memory.
    public var sendQueueCapacity = 256
    /// How long a watch keeps trying to resume while the Orchestrator is unreachable.
    public var watchResumeWindow: Duration = .seconds(60)

    public init() {}
}

/// One browser's WebSocket: starts runs and streams their events, resuming from a seq.
struct LiveSession {
    let backends: EdgeBackends
    let caller: Authenticated
    let requestID: String
    let limits: LiveSessionLimits
    let metrics: EdgeMetrics
    /// Closes the connection without a close handshake.
    let closeConnection: @Sendable () -> Void
    let logger: Logger

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        metrics.webSocketSessions.increment()
        defer { metrics.webSocketSessions.decrement() }
        do {
            try await serve(inbound: inbound, outbound: outbound)
        } catch is ClientNotReading {
        } catch is MessageRateExceeded {
            metrics.recordWebSocketDisconnect(reason: "message_rate")
            logger.notice("WebSocket closed: too many messages")
            try? await outbound.close(.policyViolation, reason: "too many messages")
        }
    }

    private func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let queue = BoundedSendQueue(capacity: limits.sendQueueCapacity)
        /// Queues a message; a full queue means the client is not reading: close.
        let send: @Sendable (LiveEventJSON.Message) -> Void = { message in queue.enqueue(LiveEventJSON.encode(message)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The writer: the only task that writes to the socket.
            group.addTask {
                try await queue.drain(write: { try await outbound.write(.text($0)) }) {
                    try? await outbound.close(.policyViolation, reason: "send queue full: the client is not reading")
                }
            }
            // The watchdog: an overflow drops the connection (a close frame would wait
            // behind the unread data forever), which also fails the stalled write.
            group.addTask {
                for await _ in queue.overflowNotice {
                    metrics.recordWebSocketDisconnect(reason: "slow_consumer")
                    logger.notice("WebSocket dropped: the client is not reading")
                    closeConnection()
                    throw ClientNotReading()
                }
            }
            // The reader: the client's messages, until it closes.
            group.addTask {
                defer { queue.finish() }
                try await read(inbound: inbound, outbound: outbound, queue: queue, send: send)
            }
            try await group.waitForAll()
        }
    }

    private func read(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, queue: BoundedSendQueue,
        send: @escaping @Sendable (LiveEventJSON.Message) -> Void
    ) async throws {
        var watch: Task<Void, Never>?
        defer { watch?.cancel() }
        var window = (start: ContinuousClock.now, count: 0)
        var messages = inbound.messages(maxSize: limits.maximumMessageBytes).makeAsyncIterator()
        while let message = try await messages.next() {
            let now = ContinuousClock.now
            if now - window.start > limits.messageWindow { window = (now, 0) }
            window.count += 1
            guard window.count <= limits.messagesPerWindow else {
                send(LiveEventJSON.error("rate_limited", "more than \(limits.messagesPerWindow) messages in \(limits.messageWindow)"))
                throw MessageRateExceeded()
            }
            guard case .text(let text) = message,
                  let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                  let type = object["type"] as? String else {
                send(LiveEventJSON.error("invalid_message", "send a JSON object with a \"type\""))
                continue
            }
            switch type {
            case "execute_full_orchestration":
                do {
                    let job = try await start(object)
                    watch?.cancel()
                    watch = Task { await stream(job, after: 0, send: send) }
                } catch let error as EdgeError {
                    send(LiveEventJSON.error(error.code.name, error.message, details: error.details))
                } catch let error as RPCError {
                    send(LiveEventJSON.error(EdgeError.Code(error.code).name, error.message))
                }
            case "watch":
                guard let job = object["job_id"] as? String, !job.isEmpty else {
                    send(LiveEventJSON.error("invalid_message", "watch needs a job_id"))
                    continue
                }
                let after = (object["after_seq"] as? NSNumber)?.int64Value ?? 0
                watch?.cancel()
                watch = Task { await stream(job, after: max(0, after), send: send) }
            case "decide_approval":
                // The owner's decision on an approval request, as over REST; the run's
                // watchers then see approval_decided.
                guard let id = object["approval_id"] as? String, !id.isEmpty else {
                    send(LiveEventJSON.error("invalid_message", "decide_approval needs an approval_id"))
                    continue
                }
                do {
                    let decide = try await GovernanceRoutes.decision(id: id, from: object, backends: backends, options: options())
                    let approval = try await GovernanceRoutes.call {
                        try await backends.orchestrator.unary(OrchestratorRPC.decideApproval, decide, options: options())
                    }
                    send(LiveEventJSON.decision(approval))
                } catch let error as EdgeError {
                    send(LiveEventJSON.error(error.code.name, error.message, details: error.details))
                } catch let error as RPCError {
                    send(LiveEventJSON.error(EdgeError.Code(error.code).name, error.message))
                }
            case "ping":
                send(LiveEventJSON.pong)
            default:
                send(LiveEventJSON.error("invalid_message", "unknown type '\(type.prefix(50))'"))
            }
        }
    }

    /// Starts a run from `{company_info: {…analyze shape…}, objectives}`.
    private func start(_ object: [String: Any]) async throws -> String {
        if let planID = object["plan_id"] as? String, !planID.isEmpty {
            // An approved plan version runs as it was approved.
            var request = StartOrchestrationRequest()
            request.planID = planID
            request.idempotencyKey = (object["idempotency_key"] as? String).map { String($0.prefix(200)) } ?? ""
            return try await backends.orchestrator.unary(OrchestratorRPC.startOrchestration, request, options: options()).id
        }
        var body = object["company_info"] as? [String: Any] ?? [:]
        body["objectives"] = object["objectives"] ?? body["objectives"]
        if let reserve = object["reserve_percent"] { body["reserve_percent"] = reserve }
        let analyze = try CFORoutes.analyzeRequest(from: body)
        var request = StartOrchestrationRequest()
        request.company = analyze.company
        request.objectives = analyze.objectives
        if analyze.hasReservePercent { request.reservePercent = analyze.reservePercent }
        request.idempotencyKey = (object["idempotency_key"] as? String).map { String($0.prefix(200)) } ?? ""
        do {
            return try await backends.orchestrator.unary(OrchestratorRPC.startOrchestration, request, options: options()).id
        } catch let error as RPCError where error.code == .invalidArgument {
            throw CFORoutes.renamed(error)
        }
    }

    /// Streams the run's events after `after` until its final event. When the Orchestrator
    /// becomes unreachable (a restart, a deploy), the watch is resumed after the last seq
    /// sent, with back-off, for up to `limits.watchResumeWindow`; the client sees no gap
    /// and no repeat, only a pause.
    private func stream(_ jobID: String, after: Int64, send: @escaping @Sendable (LiveEventJSON.Message) -> Void) async {
        let lastSent = Atomic<Int64>(after)
        var failures = 0
        var unavailableSince: ContinuousClock.Instant?
        while !Task.isCancelled {
            var watch = WatchJobRequest()
            watch.jobID = jobID
            watch.afterSeq = lastSent.load(ordering: .relaxed)
            do {
                var options = options()
                options.timeout = nil
                var finished = false
                try await backends.orchestrator.serverStreaming(OrchestratorRPC.watchJob, watch, options: options) { events in
                    for try await event in events {
                        send(LiveEventJSON.message(event))
                        lastSent.store(event.seq, ordering: .relaxed)
                        failures = 0
                        unavailableSince = nil
                        if event.type.isFinal { finished = true }
                    }
                }
                if finished { return }
                // The stream ended without the run's end: either the run had already ended
                // before `after` (nothing to replay), or the Orchestrator drained. Resume
                // only in the second case.
                var get = GetJobRequest()
                get.jobID = jobID
                let job = try await backends.orchestrator.unary(OrchestratorRPC.getJob, get, options: self.options())
                if job.status.isFinal { return }
            } catch is CancellationError {
                return
            } catch let error as RPCError where error.code == .cancelled {
                return
            } catch let error as RPCError where error.code == .unavailable {
                let since = unavailableSince ?? .now
                unavailableSince = since
                guard ContinuousClock.now - since < limits.watchResumeWindow else {
                    send(LiveEventJSON.error(EdgeError.Code(error.code).name, error.message))
                    return
                }
            } catch let error as RPCError {
                send(LiveEventJSON.error(EdgeError.Code(error.code).name, error.message))
                return
            } catch {
                logger.warning("watch failed", metadata: ["job": "\(jobID)", "error": "\(error)"])
                return
            }
            failures += 1
            do { try await Task.sleep(for: .milliseconds(min(4_000, 250 << min(failures, 4)))) } catch { return }
        }
    }

    private func options() -> CallOptions {
        .onBehalf(of: caller.accessToken, requestID: requestID, timeout: .seconds(30))
    }
}

/// A flag any task may raise.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .relaxed) }
    var isSet: Bool { value.load(ordering: .relaxed) }
}

/// The client stopped reading and its send queue overflowed.
struct ClientNotReading: Error {}

/// The client sent more messages than its window allows.
struct MessageRateExceeded: Error {}
