public import Hummingbird
public import HummingbirdWebSocket
public import Logging

/// The context of a WebSocket upgrade request: the edge's ``EdgeRequestContext`` and the
/// reference through which the WebSocket router hands the connection's handler back to
/// the upgrade.
///
/// Only the WebSocket router uses it, so that the API's contexts — built for every
/// request — do not each allocate a handler reference (a locked box) that only an upgrade
/// reads. The edge's middleware runs on it through ``EdgeMiddlewareOnWebSocket``.
public struct EdgeWebSocketRequestContext: RequestContext, WebSocketRequestContext {
    /// The request's edge context: id, client address, authenticated caller.
    public var edge: EdgeRequestContext
    /// Where an upgraded WebSocket's handler is kept.
    public let webSocket: WebSocketHandlerReference<EdgeWebSocketRequestContext>

    public var coreContext: CoreRequestContextStorage {
        get { edge.coreContext }
        set { edge.coreContext = newValue }
    }

    /// The edge context's logger (with the request id).
    public var logger: Logger {
        get { edge.logger }
        set { edge.logger = newValue }
    }

    public init(source: ApplicationRequestContextSource) {
        edge = EdgeRequestContext(source: source)
        webSocket = .init()
    }
}

/// A middleware of the API's context (``EdgeRequestContext``) run on the WebSocket
/// router's (``EdgeWebSocketRequestContext``): the wrapped middleware sees and changes the
/// edge context, and what it changes (the caller, the request id) is what the rest of the
/// upgrade sees.
struct EdgeMiddlewareOnWebSocket<Wrapped: RouterMiddleware>: RouterMiddleware where Wrapped.Context == EdgeRequestContext {
    typealias Context = EdgeWebSocketRequestContext

    let wrapped: Wrapped

    func handle(
        _ request: Request, context: EdgeWebSocketRequestContext, next: (Request, EdgeWebSocketRequestContext) async throws -> Response
    ) async throws -> Response {
        try await wrapped.handle(request, context: context.edge) { request, edge in
            var context = context
            context.edge = edge
            return try await next(request, context)
        }
    }
}
