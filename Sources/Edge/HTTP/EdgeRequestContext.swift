public import Hummingbird
public import Logging
import NIOCore

/// Per-request state of the edge: its id (propagated to RPC metadata and logs), the
/// client's address and the authenticated caller.
public struct EdgeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// `X-Request-ID`: the client's when it sent a well-formed one, else a new one.
    public var requestID = ""
    /// The peer's address (forwarded headers are trusted only from configured proxies).
    public var clientAddress: String
    /// The authenticated caller, set by ``AuthenticationMiddleware`` on `/api/` routes.
    public var caller: Authenticated?
    /// The connection, for closing it outright (a WebSocket client that stopped reading
    /// cannot be sent a close frame).
    let channel: any Channel

    /// The request's logger: Hummingbird's, with `request_id` in its metadata — added when
    /// the logger is read rather than when the request arrives, since most requests (a
    /// cached answer, at a level that drops the access log) never log: setting metadata
    /// copies the logger's handler and its metadata on every request. Hummingbird reads
    /// its logger through this property too (it is `RequestContextSource`'s requirement).
    public var logger: Logger {
        get {
            var logger = requestLogger
            if !requestID.isEmpty { logger[metadataKey: "request_id"] = .string(requestID) }
            return logger
        }
        set { requestLogger = newValue }
    }

    /// Hummingbird's logger of the request, without the request id: what the level is read from.
    private(set) var requestLogger: Logger

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        requestLogger = source.logger
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        channel = source.channel
    }
}
