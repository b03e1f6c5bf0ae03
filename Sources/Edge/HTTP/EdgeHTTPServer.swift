import HTTPTypes
import HummingbirdCore
public import Hummingbird
import HummingbirdTLS
import HummingbirdWebSocket
public import Logging
import NIOCore
import Prometheus

/// The public HTTPS listener: the JSON API, health, and (later) the web app.
public enum EdgeHTTPServer {
    /// The middleware every request meets (``EdgeEntryMiddleware``), in order: metrics,
    /// the trace context, the client's address, the request id, the access log, security
    /// headers, JSON errors, the burst guard, (the web app's files, the 405 for known
    /// routes). Authentication and a route's own rate limit are declared with the route
    /// (``RouteGuards``).
    static func entryMiddleware(
        configuration: EdgeHTTPConfiguration, limiter: RateLimiter, metrics: EdgeMetrics,
        files: StaticFiles? = nil, methods: MethodNotAllowedMiddleware? = nil
    ) -> EdgeEntryMiddleware {
        EdgeEntryMiddleware(
            metrics: MetricsMiddleware(metrics: metrics), trustedProxies: configuration.trustedProxies,
            securityHeaders: SecurityHeadersMiddleware(reportOnly: configuration.cspReportOnly, https: configuration.tls != nil),
            burstGuard: RateLimitMiddleware(limiter: limiter, policy: configuration.rateLimits.burstGuard, metrics: metrics),
            files: files, methods: methods
        )
    }

    /// How the routes are guarded: authentication and rate limits, for routes to declare.
    static func guards(configuration: EdgeHTTPConfiguration, authenticator: EdgeAuthenticator, limiter: RateLimiter, metrics: EdgeMetrics) -> RouteGuards {
        RouteGuards(
            authentication: AuthenticationMiddleware(authenticator: authenticator, allowedOrigins: configuration.allowedOrigins, secureCookies: configuration.tls != nil),
            limiter: limiter, policies: configuration.rateLimits, metrics: metrics
        )
    }

    /// The router of the API: the entry middleware, the web app's files, then the routes,
    /// each declaring who may call it and the rate limit it counts against.
    static func router(
        configuration: EdgeHTTPConfiguration, backends: EdgeBackends, authenticator: EdgeAuthenticator, limiter: RateLimiter, metrics: EdgeMetrics
    ) -> Router<EdgeRequestContext> {
        let router = Router(context: EdgeRequestContext.self)
        let secure = configuration.tls != nil
        let guards = guards(configuration: configuration, authenticator: authenticator, limiter: limiter, metrics: metrics)
        let openAPI = OpenAPIRoute(catalog: configuration.catalog)
        router.add(middleware: entryMiddleware(
            configuration: configuration, limiter: limiter, metrics: metrics,
            files: (configuration.webRoot ?? StaticFiles.bundledRoot).map(StaticFiles.init(root:)),
            methods: MethodNotAllowedMiddleware(known: openAPI.knownRoutes)
        ))
        HealthRoutes(backends: backends).register(on: router)
        openAPI.register(on: guards.routes(on: router, .anyone, rateLimit: \.general))
        CatalogRoutes(catalog: configuration.catalog).register(on: guards.routes(on: router, .anyone, rateLimit: nil))
        AuthRoutes(backends: backends, authenticator: authenticator, limiter: limiter, policies: configuration.rateLimits, maximumBodyBytes: configuration.maximumBodyBytes, secureCookies: secure, metrics: metrics,
                   sameOrigin: SameOriginCheck(allowedOrigins: configuration.allowedOrigins, secure: secure))
            .register(on: router, guards: guards)
        CFORoutes(backends: backends, maximumBodyBytes: configuration.maximumBodyBytes).register(on: router, guards: guards)
        OrchestrationRoutes(backends: backends, maximumBodyBytes: configuration.maximumBodyBytes, catalog: configuration.catalog).register(on: router, guards: guards)
        AgentsRoutes(backends: backends, cache: AgentListCache(), catalog: configuration.catalog).register(on: guards.routes(on: router, .signedIn, rateLimit: \.general))
        APIKeyRoutes(backends: backends, authenticator: authenticator, maximumBodyBytes: configuration.maximumBodyBytes).register(on: router, guards: guards)
        AdminRoutes(backends: backends, authenticator: authenticator, maximumBodyBytes: configuration.maximumBodyBytes).register(on: router, guards: guards)
        GovernanceRoutes(backends: backends, maximumBodyBytes: configuration.maximumBodyBytes).register(on: router, guards: guards)
        WebhookRoutes(backends: backends, maximumBodyBytes: configuration.maximumBodyBytes).register(on: router, guards: guards)
        CSPReportRoutes(metrics: metrics).register(on: router, guards: guards)
        // A plain request for the WebSocket's path meets the same guard as its upgrade (401
        // without credentials, 403 for a cookie from another origin), then finds nothing.
        guards.routes(on: router, .signedIn, rateLimit: nil).get("/ws") { _, _ -> Response in throw HTTPError(.notFound) }
        // Any other path under /api/ is 404 to a signed-in caller and 401 to anyone else:
        // which routes exist is not told to strangers.
        let unknown = guards.routes(on: router, .signedIn, rateLimit: \.general)
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            unknown.on("/api/**", method: method) { _, _ -> Response in throw HTTPError(.notFound) }
        }
        return router
    }

    /// The router of WebSocket upgrades: `/ws`, authenticated at upgrade (cookie, bearer
    /// or API key), Origin-checked, then one ``LiveSession`` per connection. A refusal
    /// (401, 403, 429) is the API's JSON error with the security headers, recorded in
    /// `refusals` to replace the WebSocket library's bare 400. Its context is the API's
    /// with the upgrade's handler reference (``EdgeWebSocketRequestContext``); the entry
    /// middleware and the guard are the API's, run on the edge context inside it.
    static func webSocketRouter(
        configuration: EdgeHTTPConfiguration, backends: EdgeBackends, authenticator: EdgeAuthenticator, limiter: RateLimiter, metrics: EdgeMetrics,
        refusals: UpgradeRefusals
    ) -> Router<EdgeWebSocketRequestContext> {
        let router = Router(context: EdgeWebSocketRequestContext.self)
        router.add(middleware: UpgradeRefusalMiddleware(refusals: refusals))
        router.add(middleware: EdgeMiddlewareOnWebSocket(wrapped: entryMiddleware(configuration: configuration, limiter: limiter, metrics: metrics)))
        let limits = configuration.webSocketLimits
        let signedIn = guards(configuration: configuration, authenticator: authenticator, limiter: limiter, metrics: metrics).webSocketRoutes(on: router)
        signedIn.ws("/ws", shouldUpgrade: { _, context in
            guard context.edge.caller != nil else { throw EdgeError(.unauthenticated, "sign in first") }
            return .upgrade([:])
        }) { inbound, outbound, context in
            guard let caller = context.requestContext.edge.caller else { return }
            let channel = context.requestContext.edge.channel
            let session = LiveSession(
                backends: backends, caller: caller, requestID: context.requestContext.edge.requestID, limits: limits, metrics: metrics,
                closeConnection: { channel.close(promise: nil) }, logger: context.logger
            )
            try await session.run(inbound: inbound, outbound: outbound)
        }
        return router
    }

    /// The application, ready to run as a `Service`. `onListening` receives the bound
    /// port (useful with port 0).
    public static func application(
        configuration: EdgeHTTPConfiguration, backends: EdgeBackends, authenticator: EdgeAuthenticator, metrics: EdgeMetrics = EdgeMetrics(),
        logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        guard configuration.tls != nil || configuration.allowPlainHTTP else {
            throw EdgeConfigurationError("the edge needs an HTTPS certificate and key; plain HTTP must be enabled explicitly (development behind a proxy)")
        }
        let limiter = RateLimiter(capacity: configuration.rateLimiterCapacity, now: configuration.rateLimiterClock)
        let refusals = UpgradeRefusals()
        let webSocketResponder = webSocketRouter(
            configuration: configuration, backends: backends, authenticator: authenticator, limiter: limiter, metrics: metrics, refusals: refusals
        ).buildResponder()
        let channelConfiguration = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: HTTP1Channel.Configuration(
                additionalChannelHandlers: [UpgradeRefusalHandler(refusals: refusals)], idleTimeout: TimeAmount(configuration.idleTimeout)
            ),
            ws: WebSocketServerConfiguration(maxFrameSize: configuration.webSocketLimits.maximumMessageBytes, autoPing: .enabled(timePeriod: .seconds(20)))
        )
        let guards = ConnectionGuards(
            requestHeadTimeout: TimeAmount(configuration.requestHeadTimeout), sendBufferBytes: configuration.socketSendBufferBytes,
            onHeadTimeout: { metrics.headerTimeouts.increment() }
        )
        let tls = configuration.tls
        // HTTP/1.1 with the WebSocket upgrade, behind the connection guards, behind TLS.
        let server = HTTPServerBuilder { responder in
            let http = GuardedConnectionChannel(
                base: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: webSocketResponder, configuration: channelConfiguration),
                guards: guards
            )
            guard let tls else { return http }
            return try TLSChannel(http, tlsConfiguration: tls)
        }
        return Application(
            router: router(configuration: configuration, backends: backends, authenticator: authenticator, limiter: limiter, metrics: metrics),
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil,
                availableConnectionsDelegate: ConnectionLimit(maximum: configuration.maximumConnections, openConnections: metrics.openConnections)
            ),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }
}

/// The edge's settings are invalid; the message names the setting.
public struct EdgeConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
