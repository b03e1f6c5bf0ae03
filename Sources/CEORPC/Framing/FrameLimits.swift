/// Limits a peer cannot get past on one connection.
public struct FrameLimits: Sendable, Hashable {
    /// The largest frame accepted, in bytes (the 4-byte length prefix excluded).
    /// A larger declared length closes the connection before anything is buffered.
    public var maxFrameBytes: Int
    /// The most calls open at once on one connection; more are refused with
    /// RESOURCE_EXHAUSTED.
    public var maxConcurrentCalls: Int
    /// The most bytes of metadata (keys plus values) a call may carry.
    public var maxMetadataBytes: Int

    public init(maxFrameBytes: Int = 4 << 20, maxConcurrentCalls: Int = 1024, maxMetadataBytes: Int = 16 << 10) {
        self.maxFrameBytes = maxFrameBytes
        self.maxConcurrentCalls = maxConcurrentCalls
        self.maxMetadataBytes = maxMetadataBytes
    }
}
