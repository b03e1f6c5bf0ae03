import Instrumentation
import Foundation

/// Per-call settings.
public struct CallOptions: Sendable {
    /// How long the caller waits. The effective deadline is the earlier of this and
    /// the deadline of the call being served by the current task (propagation).
    public var timeout: Duration?
    /// Metadata sent with the request. A `request-id` of the call being served is
    /// propagated unless set here.
    public var metadata: RPCMetadata
    /// Server-stream messages the server may send ahead of the consumer when the call
    /// opens; the client's ``RPCClientConfiguration/streamWindow`` when nil.
    public var streamWindow: Int?
    /// The server stream's byte budget, the client's
    /// ``RPCClientConfiguration/streamBufferBytes`` when nil; 0 keeps the window fixed.
    public var streamBufferBytes: Int?

    public init(
        timeout: Duration? = nil,
        metadata: RPCMetadata = RPCMetadata(),
        streamWindow: Int? = nil,
        streamBufferBytes: Int? = nil
    ) {
        self.timeout = timeout
        self.metadata = metadata
        self.streamWindow = streamWindow
        self.streamBufferBytes = streamBufferBytes
    }

    /// The absolute deadline: the earlier of `timeout` from now and the inherited one.
    func effectiveDeadline(now: ContinuousClock.Instant = .now) -> ContinuousClock.Instant? {
        let own = timeout.map { now + $0 }
        let inherited = ServerContext.current?.deadline
        switch (own, inherited) {
        case (let a?, let b?): return min(a, b)
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (nil, nil): return nil
        }
    }

    /// The metadata to send, with the served call's request id and the current trace
    /// context (W3C `traceparent`, by the bootstrapped instrument) propagated.
    func effectiveMetadata() -> RPCMetadata {
        var metadata = self.metadata
        if metadata["request-id"] == nil, let inherited = ServerContext.current?.metadata["request-id"] {
            metadata["request-id"] = inherited
        }
        if let context = InstrumentationContext.current {
            InstrumentationSystem.instrument.inject(context, into: &metadata, using: RPCMetadataInjector())
        }
        return metadata
    }
}

/// An endpoint of a service: where to connect and the name its certificate must carry.
public struct RPCEndpoint: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// The name the server's certificate is verified against; `host` when nil.
    public var serverName: String?

    public init(host: String, port: Int, serverName: String? = nil) {
        self.host = host
        self.port = port
        self.serverName = serverName
    }

    /// Parses `host:port`.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (1...65_535).contains(port) else { return nil }
        let host = String(text[..<colon])
        guard !host.isEmpty else { return nil }
        self.init(host: host.trimmingCharacters(in: ["[", "]"]), port: port)
    }

    public var description: String { "\(host):\(port)" }
}
