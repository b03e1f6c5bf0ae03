public import CEORPC

extension ServiceSettings {
    /// The client configuration for a service this process calls: mutual TLS with
    /// `tls`, and the process's ``RPCSettings`` (frame limits and keepalive).
    public func clientConfiguration(endpoints: [RPCEndpoint], tls: MutualTLSConfiguration) -> RPCClientConfiguration {
        rpc.client(endpoints: endpoints, security: .mutualTLS(tls))
    }
}
