import CEOAPI
import CEODomain
public import CEORPC
public import CEOServiceKit
import Foundation
public import Logging

/// The agents service: the specialised agents behind their guard rails.
///
/// Every agent runs behind the same execution path: input rules, domain guard, result
/// cache, budget fitting, plain-text output and progress streaming.
public enum AgentServiceApp {
    public static let descriptor = ServiceDescriptor(
        identity: .agents,
        defaultPort: 7103,
        summary: "the six specialised agents"
    )

    /// The six agents, in the product's order.
    public static func agents(reference: ReferenceData) throws -> [any Agent] {
        [
            try BrandingAgent(reference: reference),
            try LegalAgent(reference: reference),
            try WebDevelopmentAgent(reference: reference),
            try MartechAgent(reference: reference),
            try ContentAgent(reference: reference),
            try CampaignsAgent(reference: reference),
        ]
    }

    /// The running executable's size and modification time: a new build (new playbook code)
    /// is a new identity, while replicas started from one image share it and so share the cache.
    static func buildIdentity() -> String {
        guard let path = Bundle.main.executablePath, let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "unknown-build" }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(size)-\(Int64(modified))"
    }

    /// The RPC services this process serves besides Health: the agents, with the
    /// result cache in `<data>/agents/cache.sqlite` and the model `configuration` selects.
    public static func rpcServices(settings: ServiceSettings, configuration: AgentServiceConfiguration, logger: Logger) throws -> [any RPCService] {
        // Results priced with other figures, or written by another build of the playbooks,
        // are never served.
        let cache = try AgentResultCache(
            path: settings.dataDirectory.appendingPathComponent("agents").appendingPathComponent("cache.sqlite").path,
            configuration: AgentResultCache.Configuration(dataVersion: ReferenceData.fingerprint() + "/" + buildIdentity())
        )
        // Refuse to start on invalid domain data, naming the file and the entry.
        let catalog = try AgentCatalog.bundled()
        _ = try IndustryProfiles.bundled()
        _ = try JurisdictionPacks.bundled()
        _ = try LocationTable.bundled()
        _ = try PlanningRates.bundled()
        _ = try ObjectiveVocabulary.bundled()
        _ = try StandardChecklists.bundled()
        let agents = try agents(reference: ReferenceData.bundled())
        let model = configuration.model(logger: logger)
        logger.info("agents ready", metadata: ["model": "\(model.name)", "agents": "\(agents.map(\.info.name))"])
        return [AgentRPCService(executor: AgentExecutor(agents: agents, model: model, cache: cache, catalog: catalog))]
    }

    /// The model the environment selects (see ``AgentServiceConfiguration``).
    public static func model(environment: [String: String], logger: Logger) throws -> any AgentModel {
        try AgentServiceConfiguration(environment: environment).model(logger: logger)
    }
}
