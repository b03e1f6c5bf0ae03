import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes
import Synchronization

/// Refused WebSocket upgrades, so that the client gets the edge's answer — 401 without
/// valid credentials, 403 for a cookie from another origin, 429 when rate limited, each
/// with the JSON error body and the security headers — instead of the WebSocket
/// library's bare `400` with no body.
///
/// The library decides an upgrade by running the WebSocket router and keeps only
/// whether the answer was 200; on a refusal it writes its own empty 400. So the router's
/// refusal is recorded here by ``UpgradeRefusalMiddleware`` under the connection, and
/// ``UpgradeRefusalHandler`` (in the connection's HTTP pipeline) writes it in place of
/// that 400. An entry lives until it is written or its connection closes.
final class UpgradeRefusals: Sendable {
    /// A refusal as it will be written.
    struct Refusal: Sendable {
        var head: HTTPResponse
        var body: ByteBuffer
    }

    private let pending = Mutex<[ObjectIdentifier: Refusal]>([:])
    /// Entries beyond this many are not kept (their connections get the bare 400).
    let capacity: Int

    init(capacity: Int = 4_096) {
        self.capacity = capacity
    }

    /// Keeps `refusal` for the connection `channel` until it is written or the connection closes.
    func record(_ refusal: Refusal, for channel: any Channel) {
        let key = ObjectIdentifier(channel)
        let kept = pending.withLock { pending in
            guard pending.count < capacity else { return false }
            pending[key] = refusal
            return true
        }
        if kept { channel.closeFuture.whenComplete { [self] _ in _ = take(key) } }
    }

    /// The refusal recorded for a connection, removed.
    func take(_ key: ObjectIdentifier) -> Refusal? {
        pending.withLock { $0.removeValue(forKey: key) }
    }

    /// How many refusals wait (for tests).
    var count: Int { pending.withLock { $0.count } }
}

/// Writes a connection's recorded refusal in place of the WebSocket library's bare 400
/// for a failed upgrade. Added to every connection's HTTP pipeline, it leaves the
/// pipeline once the first response's head is flushed: a connection can upgrade only on
/// its first request (`NIOTypedHTTPServerUpgradeHandler` leaves after it too), so later
/// responses on a kept-alive connection need no look.
final class UpgradeRefusalHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let refusals: UpgradeRefusals

    init(refusals: UpgradeRefusals) {
        self.refusals = refusals
    }

    /// The first response's head has been written: the handler leaves at the next flush
    /// (not at once, so that a flush already on its way through this handler arrives).
    private var headWritten = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !headWritten, case .head(let head) = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        headWritten = true
        guard head.status == .badRequest, let refusal = refusals.take(ObjectIdentifier(context.channel)) else {
            context.write(data, promise: promise)
            return
        }
        var replaced = refusal.head
        replaced.headerFields[.contentLength] = "\(refusal.body.readableBytes)"
        replaced.headerFields[.connection] = "close"
        context.write(wrapOutboundOut(.head(replaced)), promise: nil)
        context.write(wrapOutboundOut(.body(refusal.body)), promise: promise)
    }

    func flush(context: ChannelHandlerContext) {
        context.flush()
        if headWritten { context.pipeline.syncOperations.removeHandler(context: context, promise: nil) }
    }
}

/// The outermost middleware of the WebSocket router: an answer other than 200 (a
/// refusal, already shaped by the error and security-header middleware) is recorded for
/// the connection, to be written instead of the library's bare 400.
struct UpgradeRefusalMiddleware: RouterMiddleware {
    typealias Context = EdgeWebSocketRequestContext

    let refusals: UpgradeRefusals

    func handle(
        _ request: Request, context: EdgeWebSocketRequestContext, next: (Request, EdgeWebSocketRequestContext) async throws -> Response
    ) async throws -> Response {
        let response = try await next(request, context)
        guard response.status != .ok else { return response }
        let collector = BodyCollector()
        try await response.body.write(CollectingWriter(collector: collector))
        var head = HTTPResponse(status: response.status)
        head.headerFields = response.headers
        refusals.record(UpgradeRefusals.Refusal(head: head, body: collector.buffer), for: context.edge.channel)
        return response
    }

    private final class BodyCollector {
        var buffer = ByteBuffer()
    }

    private struct CollectingWriter: ResponseBodyWriter {
        let collector: BodyCollector
        mutating func write(_ buffer: ByteBuffer) async throws {
            var buffer = buffer
            collector.buffer.writeBuffer(&buffer)
        }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
