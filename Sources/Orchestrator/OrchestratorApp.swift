public import CEORPC
public import CEOServiceKit

/// The orchestrator service: plans, durable runs, the budget ledger and event streams.
///
/// Today it serves `Health` over the internal RPC; its API (see
/// `Protos/ceo/`) is registered here as it is built.
public enum OrchestratorApp {
    public static let descriptor = ServiceDescriptor(
        identity: .orchestrator,
        defaultPort: 7102,
        summary: "plans, durable runs, the budget ledger and event streams"
    )

    /// The RPC services this process serves besides Health.
    public static func rpcServices() -> [any RPCService] { [] }
}
