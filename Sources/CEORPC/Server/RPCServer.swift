public import Logging
public import NIOCore
public import NIOPosix
public import ServiceLifecycle
import Synchronization

/// Settings of an RPC server.
public struct RPCServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port; read it back with ``RPCServer/boundAddress()``.
    public var port: Int
    public var security: RPCTransportSecurity
    public var limits: FrameLimits
    /// A connection whose TLS handshake takes longer is closed.
    public var handshakeTimeout: Duration
    /// A connection with no open call for this long is closed (go-away "idle timeout").
    public var idleTimeout: Duration
    /// A call without a deadline whose request message has not arrived this long after its
    /// headers ends DEADLINE_EXCEEDED and frees its slot (a call with a deadline ends at it).
    public var firstMessageTimeout: Duration
    /// On shutdown, calls in flight get this long to finish before connections close.
    public var drainGracePeriod: Duration
    /// Messages a server stream may send before the client grants more, unless the
    /// client asks for another window.
    public var defaultStreamWindow: Int

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        security: RPCTransportSecurity,
        limits: FrameLimits = FrameLimits(),
        handshakeTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(300),
        drainGracePeriod: Duration = .seconds(10),
        defaultStreamWindow: Int = 64,
        firstMessageTimeout: Duration = .seconds(30)
    ) {
        self.firstMessageTimeout = firstMessageTimeout
        self.host = host
        self.port = port
        self.security = security
        self.limits = limits
        self.handshakeTimeout = handshakeTimeout
        self.idleTimeout = idleTimeout
        self.drainGracePeriod = drainGracePeriod
        self.defaultStreamWindow = defaultStreamWindow
    }
}

/// A server of the internal RPC: services (a router) plus a transport (mutual TLS).
///
/// Run it in a `ServiceGroup`: on graceful shutdown it stops accepting, sends go-away
/// on every connection, lets calls in flight finish within the grace period, then
/// closes.
public final class RPCServer: Service, Sendable {
    private let configuration: RPCServerConfiguration
    private let router: RPCRouter
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup
    private let bound = AsyncPromise<SocketAddress>()
    private let connections = Mutex(ConnectionRegistry())

    private struct ConnectionRegistry {
        var next = 0
        var draining: Duration?
        var controls: [Int: AsyncStream<ServerConnection.ControlEvent>.Continuation] = [:]
    }

    public init(
        configuration: RPCServerConfiguration,
        router: RPCRouter,
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        self.router = router
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
    }

    /// The address the server listens on, once it does.
    public func boundAddress() async throws -> SocketAddress {
        try await bound.value()
    }

    public func run() async throws {
        let tls: RPCChannelTLS
        switch configuration.security {
        case .mutualTLS(let material): tls = .server(try material.makeServerContext())
        case .plaintext: tls = .none
        }
        let limits = configuration.limits
        let handshakeTimeout = configuration.handshakeTimeout.timeAmount
        let listener: NIOAsyncChannel<AcceptedChannel, Never>
        do {
            listener = try await ServerBootstrap(group: eventLoopGroup)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try RPCChannelPipeline.configureAccepted(channel, tls: tls, limits: limits, handshakeTimeout: handshakeTimeout)
                    }
                }
        } catch {
            bound.fail(error)
            throw error
        }
        let address = listener.channel.localAddress!
        bound.succeed(address)
        logger.info("rpc server listening", metadata: ["address": "\(address)", "methods": "\(router.methodPaths.count)"])

        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await listener.executeThenClose { inbound in
                    for try await accepted in inbound {
                        let (control, token) = register()
                        group.addTask {
                            defer { self.unregister(token) }
                            guard let connection = try? await accepted.activate() else {
                                accepted.channel.close(promise: nil)
                                return
                            }
                            await ServerConnection(
                                channel: connection, router: self.router, configuration: self.configuration,
                                control: control, logger: self.logger
                            ).run()
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            self.logger.info("rpc server draining", metadata: ["grace": "\(self.configuration.drainGracePeriod)"])
            listener.channel.close(promise: nil)
            self.drainAll(grace: self.configuration.drainGracePeriod)
        }
        logger.info("rpc server stopped")
    }

    private func register() -> (AsyncStream<ServerConnection.ControlEvent>, Int) {
        let (stream, continuation) = AsyncStream.makeStream(of: ServerConnection.ControlEvent.self)
        let token = connections.withLock { registry in
            registry.next += 1
            registry.controls[registry.next] = continuation
            return (registry.next, registry.draining)
        }
        if let grace = token.1 { continuation.yield(.drain(grace: grace)) }
        return (stream, token.0)
    }

    private func unregister(_ token: Int) {
        connections.withLock { $0.controls.removeValue(forKey: token) }?.finish()
    }

    private func drainAll(grace: Duration) {
        let controls = connections.withLock { registry in
            registry.draining = grace
            return Array(registry.controls.values)
        }
        for control in controls { control.yield(.drain(grace: grace)) }
    }
}
