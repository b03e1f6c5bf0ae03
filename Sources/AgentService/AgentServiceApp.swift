public import CEORPC
public import CEOServiceKit

/// The agents service: the six specialised agents.
///
/// Today it serves `Health` over the internal RPC; its API (see
/// `Protos/ceo/`) is registered here as it is built.
public enum AgentServiceApp {
    public static let descriptor = ServiceDescriptor(
        identity: .agents,
        defaultPort: 7103,
        summary: "the six specialised agents"
    )

    /// The RPC services this process serves besides Health.
    public static func rpcServices() -> [any RPCService] { [] }
}
