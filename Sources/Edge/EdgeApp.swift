public import CEORPC
public import CEOServiceKit

/// The edge service: the public HTTPS and WebSocket door.
///
/// Today it serves `Health` over the internal RPC; its API (see
/// `Protos/ceo/`) is registered here as it is built.
public enum EdgeApp {
    public static let descriptor = ServiceDescriptor(
        identity: .edge,
        defaultPort: 7104,
        summary: "the public HTTPS and WebSocket door"
    )

    /// The RPC services this process serves besides Health.
    public static func rpcServices() -> [any RPCService] { [] }
}
