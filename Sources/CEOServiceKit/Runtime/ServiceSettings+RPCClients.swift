public import CEORPC

extension ServiceSettings {
    /// The client configuration for a service this process calls: mutual TLS with
    /// `tls`, and the keepalive from `CEO_RPC_KEEPALIVE_SECONDS` (30) and
    /// `CEO_RPC_KEEPALIVE_TIMEOUT_SECONDS` (10). A connection that goes silent (no reset,
    /// nothing answered) is closed within their sum; its calls then end UNAVAILABLE,
    /// which callers such as the Orchestrator retry. Keep the sum below the deadlines of
    /// the calls it should rescue.
    public func clientConfiguration(endpoints: [RPCEndpoint], tls: MutualTLSConfiguration) throws -> RPCClientConfiguration {
        let interval = try EnvironmentSettings.integer("CEO_RPC_KEEPALIVE_SECONDS", in: environment, default: 30, range: 1...3_600)
        let timeout = try EnvironmentSettings.integer("CEO_RPC_KEEPALIVE_TIMEOUT_SECONDS", in: environment, default: 10, range: 1...600)
        return RPCClientConfiguration(
            endpoints: endpoints, security: .mutualTLS(tls), keepaliveInterval: .seconds(interval), keepaliveTimeout: .seconds(timeout)
        )
    }
}
