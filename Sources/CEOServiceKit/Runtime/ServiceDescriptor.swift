public import CEORPC

/// What the runtime needs to know about one of the product's services.
public struct ServiceDescriptor: Sendable {
    /// The identity its certificate carries; also its name in logs and health.
    public let identity: ServiceIdentity
    /// The RPC port it listens on unless configured otherwise.
    public let defaultPort: Int
    /// One line for `--help` and logs.
    public let summary: String

    public init(identity: ServiceIdentity, defaultPort: Int, summary: String) {
        self.identity = identity
        self.defaultPort = defaultPort
        self.summary = summary
    }
}
