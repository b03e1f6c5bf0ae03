public import CEORPC

/// The internal services behind the edge, each an RPC client over mutual TLS that
/// balances its endpoints.
public struct EdgeBackends: Sendable {
    public var auth: RPCClient
    public var orchestrator: RPCClient
    public var agents: RPCClient

    public init(auth: RPCClient, orchestrator: RPCClient, agents: RPCClient) {
        self.auth = auth
        self.orchestrator = orchestrator
        self.agents = agents
    }

    /// Name and client of each, for readiness.
    var all: [(name: String, client: RPCClient)] { [("auth", auth), ("orchestrator", orchestrator), ("agents", agents)] }
}
