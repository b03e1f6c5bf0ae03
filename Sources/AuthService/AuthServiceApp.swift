public import CEORPC
public import CEOServiceKit

/// The auth service: users, sessions, tokens, API keys and roles.
///
/// Today it serves `Health` over the internal RPC; its API (see
/// `Protos/ceo/`) is registered here as it is built.
public enum AuthServiceApp {
    public static let descriptor = ServiceDescriptor(
        identity: .auth,
        defaultPort: 7101,
        summary: "users, sessions, tokens, API keys and roles"
    )

    /// The RPC services this process serves besides Health.
    public static func rpcServices() -> [any RPCService] { [] }
}
