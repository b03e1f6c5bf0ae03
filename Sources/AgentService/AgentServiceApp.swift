import CEOAPI
import CEODomain
public import CEORPC
public import CEOServiceKit
public import Foundation
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

    /// The RPC services this process serves besides Health: the agents, with the
    /// result cache in `<data>/agents/cache.sqlite`.
    ///
    /// The model is the embedded playbook unless `CEO_MODEL_BASE_URL` names an
    /// OpenAI-compatible endpoint; then `CEO_MODEL_API_KEY` (or `CEO_MODEL_API_KEY_FILE`)
    /// and `CEO_MODEL_NAME` (default `gpt-4o-mini`) configure it. `CEO_AGENTS_PACE_MS`
    /// (0) makes every plan take at least that long, for demos of the live view.
    public static func rpcServices(
        settings: ServiceSettings, environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger
    ) throws -> [any RPCService] {
        let cache = try AgentResultCache(
            path: settings.dataDirectory.appendingPathComponent("agents").appendingPathComponent("cache.sqlite").path
        )
        // Refuse to start on invalid domain data, naming the file and the entry.
        let catalog = try AgentCatalog.bundled()
        _ = try IndustryProfiles.bundled()
        let agents = try agents(reference: ReferenceData.bundled())
        var model = try model(environment: environment, logger: logger)
        let pace = try EnvironmentSettings.integer("CEO_AGENTS_PACE_MS", in: environment, default: 0, range: 0...60_000)
        if pace > 0 { model = PacedModel(model, delay: .milliseconds(pace)) }
        logger.info("agents ready", metadata: ["model": "\(model.name)", "agents": "\(agents.map(\.info.name))"])
        return [AgentRPCService(executor: AgentExecutor(agents: agents, model: model, cache: cache, catalog: catalog))]
    }

    /// What production refuses: demo pacing, and a model endpoint without TLS.
    public static func review(environment: [String: String]) -> ProfileReview {
        var review = ProfileReview()
        review.require((environment["CEO_AGENTS_PACE_MS"] ?? "0").trimmingCharacters(in: .whitespaces) == "0" || environment["CEO_AGENTS_PACE_MS"] == "",
                       "CEO_AGENTS_PACE_MS slows every agent down for demos")
        if let base = environment["CEO_MODEL_BASE_URL"], !base.isEmpty {
            review.require(base.lowercased().hasPrefix("https://"), "CEO_MODEL_BASE_URL must be https:// (the API key would travel in clear)")
        }
        return review
    }

    /// The model the environment selects (see ``rpcServices(settings:environment:logger:)``).
    public static func model(environment: [String: String], logger: Logger) throws -> any AgentModel {
        guard let base = environment["CEO_MODEL_BASE_URL"], !base.isEmpty else { return PlaybookModel() }
        guard let url = URL(string: base), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw ServiceSettingsError("CEO_MODEL_BASE_URL must be an http(s) URL such as https://api.openai.com/v1")
        }
        guard let key = try EnvironmentSecrets.secret("CEO_MODEL_API_KEY", in: environment).map({ Secret($0.revealed.trimmingCharacters(in: .whitespacesAndNewlines)) }),
              !key.isEmpty else {
            throw ServiceSettingsError("CEO_MODEL_BASE_URL is set: set CEO_MODEL_API_KEY or CEO_MODEL_API_KEY_FILE too")
        }
        let name = environment["CEO_MODEL_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "gpt-4o-mini"
        return OpenAICompatibleModel(configuration: .init(baseURL: url, apiKey: key, model: name), logger: logger)
    }
}
