public import CEORPC
public import CEOServiceKit
import Foundation

/// The agents service: the specialised agents behind their guard rails.
///
/// The execution path (input rules, domain guard, result cache, budget fitting,
/// plain-text output, progress streaming) is in place; the six agents' playbooks are
/// added to ``agents`` as they are built.
public enum AgentServiceApp {
    public static let descriptor = ServiceDescriptor(
        identity: .agents,
        defaultPort: 7103,
        summary: "the six specialised agents"
    )

    /// The agents this version serves (the other playbooks are still to come).
    public static func agents(reference: ReferenceData) throws -> [any Agent] {
        [try BrandingAgent(reference: reference)]
    }

    /// The RPC services this process serves besides Health: the agents, with the
    /// result cache in `<data>/agents/cache.sqlite`.
    public static func rpcServices(settings: ServiceSettings) throws -> [any RPCService] {
        let cache = try AgentResultCache(
            path: settings.dataDirectory.appendingPathComponent("agents").appendingPathComponent("cache.sqlite").path
        )
        let agents = try agents(reference: ReferenceData.bundled())
        return [AgentRPCService(executor: AgentExecutor(agents: agents, cache: cache))]
    }
}
