public import Logging

/// What a handler knows about the call it serves.
public struct ServerContext: Sendable {
    /// `/package.Service/Method`.
    public let method: String
    /// The caller's service identity from its certificate.
    public let caller: ServiceIdentity?
    /// The caller's metadata.
    public let metadata: RPCMetadata
    /// When the caller stops waiting; downstream calls made by the handler inherit it.
    public let deadline: ContinuousClock.Instant?
    public let callID: UInt64
    /// Logger with `rpc.method`, `rpc.call_id`, `rpc.caller` and, when the caller sent
    /// one, `request_id` metadata.
    public var logger: Logger

    /// The context of the call the current task serves, if any. Client calls read it to
    /// propagate the deadline and the request id.
    @TaskLocal public static var current: ServerContext?
}
