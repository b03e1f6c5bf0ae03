public import CEORPC
public import ServiceLifecycle

/// What one service process runs: RPC services behind its server, and background
/// services (clients of other services, engines) alongside it.
public struct ServiceComponents: Sendable {
    public var rpcServices: [any RPCService]
    /// Started in order before the server; stopped in reverse order after it drains.
    public var background: [any Service]

    public init(rpcServices: [any RPCService], background: [any Service] = []) {
        self.rpcServices = rpcServices
        self.background = background
    }
}
