public import CEORPC

/// The internal RPC's settings: one block from which every server and client of a
/// process is built — the services, `ceo health`, the stack's readiness probe and the
/// benchmarks. Parsed once from the settings (the environment over the settings file);
/// an error names the variable.
public struct RPCSettings: Sendable, Hashable {
    /// The largest frame, the calls open at once per connection and the metadata bound,
    /// for servers and clients alike.
    public var limits: FrameLimits
    /// A client pings this often; no pong within ``keepaliveTimeout`` closes the
    /// connection, and its calls end UNAVAILABLE (which callers such as the Orchestrator
    /// retry). Keep the sum below the deadlines of the calls it should rescue.
    public var keepaliveInterval: Duration
    public var keepaliveTimeout: Duration

    public init(limits: FrameLimits = FrameLimits(), keepaliveInterval: Duration = .seconds(30), keepaliveTimeout: Duration = .seconds(10)) {
        self.limits = limits
        self.keepaliveInterval = keepaliveInterval
        self.keepaliveTimeout = keepaliveTimeout
    }

    /// The defaults: 4 MiB frames, 1,024 calls per connection, keepalive 30 s + 10 s.
    public static let defaults = RPCSettings()

    /// `CEO_RPC_MAX_FRAME_BYTES` (4 MiB, 64 KiB–64 MiB), `CEO_RPC_MAX_CONCURRENT_CALLS`
    /// (1,024, 1–65,536), `CEO_RPC_KEEPALIVE_SECONDS` (30, 1–3,600) and
    /// `CEO_RPC_KEEPALIVE_TIMEOUT_SECONDS` (10, 1–600).
    public init(environment: [String: String]) throws {
        let defaults = Self.defaults
        var limits = defaults.limits
        limits.maxFrameBytes = try EnvironmentSettings.integer(
            "CEO_RPC_MAX_FRAME_BYTES", in: environment, default: defaults.limits.maxFrameBytes, range: (64 << 10)...(64 << 20)
        )
        limits.maxConcurrentCalls = try EnvironmentSettings.integer(
            "CEO_RPC_MAX_CONCURRENT_CALLS", in: environment, default: defaults.limits.maxConcurrentCalls, range: 1...65_536
        )
        self.init(
            limits: limits,
            keepaliveInterval: .seconds(try EnvironmentSettings.integer("CEO_RPC_KEEPALIVE_SECONDS", in: environment, default: 30, range: 1...3_600)),
            keepaliveTimeout: .seconds(try EnvironmentSettings.integer("CEO_RPC_KEEPALIVE_TIMEOUT_SECONDS", in: environment, default: 10, range: 1...600))
        )
    }

    /// A server's configuration with these settings.
    public func server(host: String = "127.0.0.1", port: Int = 0, security: RPCTransportSecurity, drainGracePeriod: Duration = .seconds(10)) -> RPCServerConfiguration {
        RPCServerConfiguration(host: host, port: port, security: security, limits: limits, drainGracePeriod: drainGracePeriod)
    }

    /// A client's configuration with these settings.
    public func client(endpoints: [RPCEndpoint], security: RPCTransportSecurity) -> RPCClientConfiguration {
        RPCClientConfiguration(
            endpoints: endpoints, security: security, limits: limits, keepaliveInterval: keepaliveInterval, keepaliveTimeout: keepaliveTimeout
        )
    }
}
