public import Hummingbird
public import HummingbirdWebSocket
import NIOCore

/// Per-request state of the edge: its id (propagated to RPC metadata and logs), the
/// client's address and the authenticated caller.
public struct EdgeRequestContext: RequestContext, WebSocketRequestContext {
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
    /// Where an upgraded WebSocket's handler is kept.
    public let webSocket: WebSocketHandlerReference<EdgeRequestContext>

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        channel = source.channel
        webSocket = .init()
    }
}
