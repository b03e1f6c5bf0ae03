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
    /// The call's number on its connection.
    public let callID: UInt64
    /// Logger with `rpc.method`, `rpc.call_id`, `rpc.caller` and, when the caller sent
    /// one, `request_id` metadata.
    public var logger: Logger
    /// The end user the service's ``RPCCallAuthorizer`` resolved before the handler ran;
    /// nil for methods whose ``RequiredScope`` is ``RequiredScope/none``. Services read
    /// it through a typed accessor of their authorizer's module.
    public internal(set) var principal: (any Sendable)?

    init(
        method: String, caller: ServiceIdentity?, metadata: RPCMetadata, deadline: ContinuousClock.Instant?,
        callID: UInt64, logger: Logger, principal: (any Sendable)? = nil
    ) {
        self.method = method
        self.caller = caller
        self.metadata = metadata
        self.deadline = deadline
        self.callID = callID
        self.logger = logger
        self.principal = principal
    }

    /// The context of the call the current task serves, if any. Client calls read it to
    /// propagate the deadline and the request id.
    @TaskLocal public static var current: ServerContext?
}
