import CEOAPI
public import CEORPC

/// `ceo.agents.v1.AgentService` over the internal RPC. Callers are limited by the
/// proto's `allowed_callers` (the orchestrator; the edge may list agents).
public struct AgentRPCService: RPCService {
    private let executor: AgentExecutor

    public init(executor: AgentExecutor) { self.executor = executor }

    public func registerMethods(with router: inout RPCRouter) {
        router.register(AgentServiceRPC.listAgents) { [executor] _, _ in
            var response = ListAgentsResponse()
            response.agents = executor.infos
            return response
        }
        router.register(AgentServiceRPC.executeTask) { [executor] request, _ in
            var response = ExecuteTaskResponse()
            response.result = try await executor.execute(request)
            return response
        }
        router.register(AgentServiceRPC.executeTaskStreaming) { [executor] request, writer, _ in
            let result = try await executor.execute(request) { percent, message in
                var update = ExecutionUpdate()
                update.progress.percent = percent
                update.progress.message = message
                try await writer.send(update)
            }
            var final = ExecutionUpdate()
            final.result = result
            try await writer.send(final)
        }
    }
}
