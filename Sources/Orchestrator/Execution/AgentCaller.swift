public import CEOAPI
public import CEORPC

/// Runs one agent task somewhere: AgentService over RPC in production.
public protocol AgentCaller: Sendable {
    /// Executes `request`, reporting the agent's progress, within `timeout`.
    func execute(
        _ request: ExecuteTaskRequest, timeout: Duration, progress: @escaping @Sendable (Progress) async throws -> Void
    ) async throws -> AgentResult
}

/// Calls `ExecuteTaskStreaming` on the AgentService replicas behind one client, which
/// balances the calls and skips endpoints it cannot reach.
public struct RPCAgentCaller: AgentCaller {
    let client: RPCClient

    public init(client: RPCClient) { self.client = client }

    public func execute(
        _ request: ExecuteTaskRequest, timeout: Duration, progress: @escaping @Sendable (Progress) async throws -> Void
    ) async throws -> AgentResult {
        try await client.serverStreaming(AgentServiceRPC.executeTaskStreaming, request, options: CallOptions(timeout: timeout)) { updates in
            for try await update in updates {
                switch update.update {
                case .progress(let step): try await progress(step)
                case .result(let result): return result
                case nil: continue
                }
            }
            throw RPCError(.internal, "the agent ended the call without a result")
        }
    }
}
