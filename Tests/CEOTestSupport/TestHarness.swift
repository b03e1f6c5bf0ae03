import Foundation
public import CEOAPI
public import CEORPC
public import Logging
import NIOCore

/// Helpers that run real servers and clients on ephemeral loopback ports.
public enum TestHarness {
    public static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = ProcessInfo.processInfo.environment["CEO_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }

    /// Runs a mutual-TLS server with `services` for the duration of `body`.
    public static func withServer<Result: Sendable>(
        pki: TestPKI,
        identity: String = "server",
        services: [any RPCService],
        configure: (inout RPCServerConfiguration) -> Void = { _ in },
        body: (Int) async throws -> Result
    ) async throws -> Result {
        let server = try makeServer(pki: pki, identity: identity, services: services, configure: configure)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            defer { group.cancelAll() }
            let port = try await server.boundAddress().port!
            return try await body(port)
        }
    }

    /// A mutual-TLS server on an ephemeral port, not yet running.
    public static func makeServer(
        pki: TestPKI,
        identity: String = "server",
        services: [any RPCService],
        configure: (inout RPCServerConfiguration) -> Void = { _ in }
    ) throws -> RPCServer {
        var configuration = RPCServerConfiguration(port: 0, security: .mutualTLS(try pki.tls(identity)))
        configure(&configuration)
        return RPCServer(configuration: configuration, router: RPCRouter(services: services), logger: logger)
    }

    /// Runs a client presenting `identity`'s certificate, for the duration of `body`.
    public static func withClient<Result: Sendable>(
        pki: TestPKI,
        identity: String? = "edge",
        ports: [Int],
        security: RPCTransportSecurity? = nil,
        configure: (inout RPCClientConfiguration) -> Void = { _ in },
        body: (RPCClient) async throws -> Result
    ) async throws -> Result {
        var configuration = RPCClientConfiguration(
            endpoints: ports.map { RPCEndpoint(host: "127.0.0.1", port: $0) },
            security: try security ?? .mutualTLS(pki.tls(identity)),
            // Generous, so that a machine running the whole suite on two cores cannot time a
            // healthy handshake out; tests of timeouts set their own.
            connectTimeout: .seconds(10),
            handshakeTimeout: .seconds(30),
            backoffBase: .milliseconds(50),
            backoffMax: .milliseconds(500)
        )
        configure(&configuration)
        return try await RPCClient.withRunning(configuration, logger: logger, body: body)
    }
}

/// A service whose handlers are closures, for tests.
public struct ClosureRPCService: RPCService {
    let register: @Sendable (inout RPCRouter) -> Void

    public init(register: @escaping @Sendable (inout RPCRouter) -> Void) { self.register = register }

    public func registerMethods(with router: inout RPCRouter) { register(&router) }
}

public func echo(_ text: String, delayMs: UInt32 = 0) -> BenchEchoRequest {
    var request = BenchEchoRequest()
    request.payload = Data(text.utf8)
    request.delayMs = delayMs
    return request
}

/// Waits for `condition` to become true, polling, up to `timeout`.
public func eventually(timeout: Duration = .seconds(5), _ condition: () async throws -> Bool) async throws -> Bool {
    let end = ContinuousClock.now + timeout
    while ContinuousClock.now < end {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// Runs `operation`, failing with a clear error when it takes longer than `timeout`
/// (so a broken promise fails the test instead of hanging it).
public func within<T: Sendable>(_ timeout: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let value = try await group.next()! else {
            throw TimedOut(what: what, timeout: timeout)
        }
        return value
    }
}

public struct TimedOut: Error, CustomStringConvertible {
    public let what: String
    public let timeout: Duration
    public var description: String { "\(what) did not happen within \(timeout)" }
}
