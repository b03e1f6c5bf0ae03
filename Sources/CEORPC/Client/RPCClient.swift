public import Logging
public import NIOCore
public import NIOPosix
public import ServiceLifecycle
import SwiftProtobuf
import Synchronization

/// Settings of a client of one service.
public struct RPCClientConfiguration: Sendable {
    /// The service's endpoints; calls are balanced round-robin across them.
    public var endpoints: [RPCEndpoint]
    public var security: RPCTransportSecurity
    public var limits: FrameLimits
    public var connectTimeout: Duration
    public var handshakeTimeout: Duration
    /// A ping is sent this often; no pong within `keepaliveTimeout` closes the connection.
    public var keepaliveInterval: Duration
    public var keepaliveTimeout: Duration
    /// An unreachable endpoint is ejected for base × 2^(failures−1), at most `backoffMax`.
    public var backoffBase: Duration
    public var backoffMax: Duration
    /// Server-stream messages the server may send ahead of the consumer when a call
    /// opens, and the least it may always send.
    public var streamWindow: Int
    /// Response bytes a server stream may have in flight or waiting for its consumer:
    /// for small messages the window grows past `streamWindow` until, counted at the
    /// largest message seen, it reaches this (at most 65,536 messages). 0 keeps the
    /// window at `streamWindow`.
    public var streamBufferBytes: Int
    /// How host names among `endpoints` become addresses (every address an endpoint of
    /// its own, resolved again periodically and after failures); nil leaves a name to
    /// the connection, which uses its first address.
    public var resolver: EndpointResolver? = EndpointResolver()

    public init(
        endpoints: [RPCEndpoint],
        security: RPCTransportSecurity,
        limits: FrameLimits = FrameLimits(),
        connectTimeout: Duration = .seconds(5),
        handshakeTimeout: Duration = .seconds(10),
        keepaliveInterval: Duration = .seconds(30),
        keepaliveTimeout: Duration = .seconds(10),
        backoffBase: Duration = .milliseconds(100),
        backoffMax: Duration = .seconds(10),
        streamWindow: Int = 64,
        streamBufferBytes: Int = 64 << 10
    ) {
        self.endpoints = endpoints
        self.security = security
        self.limits = limits
        self.connectTimeout = connectTimeout
        self.handshakeTimeout = handshakeTimeout
        self.keepaliveInterval = keepaliveInterval
        self.keepaliveTimeout = keepaliveTimeout
        self.backoffBase = backoffBase
        self.backoffMax = backoffMax
        self.streamWindow = streamWindow
        self.streamBufferBytes = streamBufferBytes
    }
}

/// A client of one service over the internal RPC.
///
/// Run it (`run()`, usually in a `ServiceGroup`) for as long as calls are made: its
/// connections live in that task. Calls go round-robin to healthy endpoints over
/// reused connections; a call that never reached a server (connection refused,
/// go-away) is retried transparently on another endpoint.
public final class RPCClient: Service, Sendable {
    private let configuration: RPCClientConfiguration
    private let logger: Logger
    private let pool: EndpointPool
    private let launches: AsyncStream<ClientConnection>
    private let launcher: AsyncStream<ClientConnection>.Continuation
    /// Wakes the resolution of host names early (a connection failed) or ends it.
    private let resolution = ResolutionSignal()

    public init(
        configuration: RPCClientConfiguration,
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws {
        self.configuration = configuration
        self.logger = logger
        let tls: RPCChannelTLS
        switch configuration.security {
        case .mutualTLS(let material): tls = .client(try material.makeClientContext(), serverHostname: nil)
        case .plaintext: tls = .none
        }
        let (launches, launcher) = AsyncStream.makeStream(of: ClientConnection.self)
        self.launches = launches
        self.launcher = launcher
        pool = EndpointPool(
            endpoints: configuration.endpoints,
            backoffBase: configuration.backoffBase,
            backoffMax: configuration.backoffMax
        ) { endpoint in
            let endpointTLS: RPCChannelTLS = switch tls {
            case .client(let context, _): .client(context, serverHostname: endpoint.serverName ?? endpoint.host)
            default: tls
            }
            let connection = ClientConnection(
                endpoint: endpoint, configuration: configuration, tls: endpointTLS,
                eventLoopGroup: eventLoopGroup, logger: logger
            )
            if case .terminated = launcher.yield(connection) { return nil }
            return connection
        }
    }

    /// Runs the client's connections until cancelled or gracefully shut down (then
    /// open calls finish first).
    public func run() async throws {
        await withGracefulShutdownHandler {
            // After a graceful shutdown the launches end; the group then waits for the
            // connections, which close once their open calls have ended.
            await withDiscardingTaskGroup { group in
                group.addTask { await self.resolveNames() }
                for await connection in launches {
                    group.addTask { await connection.run() }
                }
            }
        } onGracefulShutdown: {
            self.shutdown()
        }
    }

    /// Stops new calls; connections close once their calls have ended, then `run()` returns.
    public func shutdown() {
        resolution.stop()
        launcher.finish()
        for connection in pool.shutdown() { connection.shutdown() }
    }

    /// Calls a unary method.
    public func unary<Request, Response>(
        _ method: RPCMethodDescriptor<Request, Response>,
        _ request: Request,
        options: CallOptions = CallOptions()
    ) async throws -> Response {
        precondition(method.kind == .unary, "\(method.path) is not unary")
        return try await withCall(method.path, request, options: options) { call, _ in
            var response: [UInt8]?
            for try await payload in call.responses {
                guard response == nil else { throw RPCError(.internal, "server sent more than one response to a unary call") }
                response = payload
            }
            guard let response else {
                if Task.isCancelled { throw RPCError(.cancelled, "call cancelled by the caller") }
                throw RPCError(.internal, "server ended a unary call without a response")
            }
            return try Self.decode(Response.self, response)
        }
    }

    /// Calls a server-streaming method and hands the responses to `body`. When `body`
    /// returns before the stream has ended, the call is cancelled.
    public func serverStreaming<Request, Response, Result: Sendable>(
        _ method: RPCMethodDescriptor<Request, Response>,
        _ request: Request,
        options: CallOptions = CallOptions(),
        body: (RPCResponseStream<Response>) async throws -> Result
    ) async throws -> Result {
        precondition(method.kind == .serverStreaming, "\(method.path) is not server streaming")
        return try await withCall(method.path, request, options: options) { call, connection in
            let window = StreamReceiveWindow(
                initial: options.streamWindow ?? configuration.streamWindow,
                budgetBytes: options.streamBufferBytes ?? configuration.streamBufferBytes
            )
            let stream = RPCResponseStream<Response>(call: call, connection: connection, window: window)
            defer { connection.cancel(call, reason: "caller finished reading") }
            return try await body(stream)
        }
    }

    private func withCall<Request: SwiftProtobuf.Message, Result>(
        _ path: String,
        _ request: Request,
        options: CallOptions,
        body: (ClientCall, ClientConnection) async throws -> Result
    ) async throws -> Result {
        let bytes: [UInt8] = try request.serializedBytes()
        let deadline = options.effectiveDeadline()
        let metadata = options.effectiveMetadata()
        let window = StreamReceiveWindow.initialMessages(options.streamWindow ?? configuration.streamWindow)
        var tried = Set<RPCEndpoint>()
        var lastError = RPCError(.unavailable, "no endpoint configured")
        // Every endpoint once, plus one more round for a replaced connection.
        for _ in 0..<(pool.endpointCount * 2) {
            try Task.checkCancellation()
            guard let connection = pool.next(excluding: tried) ?? pool.next() else {
                throw RPCError(.unavailable, "client is shut down")
            }
            do {
                let call = try await connection.open(path: path, request: bytes, metadata: metadata, deadline: deadline, window: window)
                pool.reportSuccess(connection.endpoint)
                do {
                    return try await body(call, connection)
                } catch let error as NotProcessedError {
                    // Refused by a go-away before the server started it: try elsewhere.
                    lastError = error.error
                    tried.insert(connection.endpoint)
                    continue
                }
            } catch let error as NotProcessedError {
                lastError = error.error
                pool.reportFailure(connection.endpoint)
                // The name may point elsewhere by now: look it up again.
                if pool.origin(of: connection.endpoint).map({ !EndpointResolver.isAddress($0.host) }) == true { resolution.wake() }
                tried.insert(connection.endpoint)
                if let deadline, deadline <= .now { throw RPCError(.deadlineExceeded, "deadline exceeded: \(lastError.message)") }
                continue
            } catch is CancellationError {
                throw RPCError(.cancelled, "call cancelled by the caller")
            }
        }
        throw lastError
    }

    /// Resolves the host names among the endpoints: at start, every resolver interval,
    /// and when woken by a failure; ends when the client shuts down. A failed lookup keeps
    /// the addresses the name had.
    private func resolveNames() async {
        guard let resolver = configuration.resolver else { return }
        let names = configuration.endpoints.filter { !EndpointResolver.isAddress($0.host) }
        guard !names.isEmpty else { return }
        while !resolution.isStopped {
            for origin in names {
                do {
                    let addresses = try await resolver.resolve(origin.host)
                    for connection in pool.replace(origin, with: addresses) { connection.shutdown() }
                } catch {
                    logger.warning("cannot resolve an endpoint; keeping its addresses", metadata: ["endpoint": "\(origin)", "error": "\(error)"])
                }
            }
            await resolution.wait(upTo: resolver.interval)
        }
    }

    /// The endpoints calls go to now: every address of each name, and the addresses configured.
    public var currentEndpoints: [RPCEndpoint] { pool.endpoints }

    static func decode<Response: SwiftProtobuf.Message>(_ type: Response.Type, _ bytes: [UInt8]) throws -> Response {
        do {
            return try Response(serializedBytes: bytes)
        } catch {
            throw RPCError(.internal, "response is not a valid \(Response.protoMessageName) message")
        }
    }
}

extension RPCClient {
    /// Runs a client for the duration of `body`, then shuts it down and waits for its
    /// connections to close.
    public static func withRunning<Result: Sendable>(
        _ configuration: RPCClientConfiguration,
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        body: (RPCClient) async throws -> Result
    ) async throws -> Result {
        let client = try RPCClient(configuration: configuration, logger: logger, eventLoopGroup: eventLoopGroup)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { client.shutdown() }
            return try await body(client)
        }
    }
}

/// Wakes a waiting resolution early, or stops it for good.
final class ResolutionSignal: Sendable {
    private struct State {
        var waiting: AsyncStream<Void>.Continuation?
        var pending = false
        var stopped = false
    }
    private let state = Mutex(State())

    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Returns after `timeout`, or sooner when woken or stopped.
    func wait(upTo timeout: Duration) async {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        let ready = state.withLock { state -> Bool in
            if state.stopped || state.pending {
                state.pending = false
                return true
            }
            state.waiting = continuation
            return false
        }
        if ready { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await _ in stream { return } }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        state.withLock { $0.waiting = nil }
    }

    func wake() {
        let waiting = state.withLock { state -> AsyncStream<Void>.Continuation? in
            if state.waiting == nil { state.pending = true }
            return state.waiting
        }
        waiting?.yield()
        waiting?.finish()
    }

    func stop() {
        let waiting = state.withLock { state -> AsyncStream<Void>.Continuation? in
            state.stopped = true
            return state.waiting
        }
        waiting?.finish()
    }
}
