public import CEOServiceKit
import Foundation
public import Logging

/// AgentService's settings, parsed once at start:
/// - `CEO_MODEL_BASE_URL`: an OpenAI-compatible endpoint; unset, the embedded playbook
///   plans every task. With it, `CEO_MODEL_API_KEY` (or `CEO_MODEL_API_KEY_FILE`) and
///   `CEO_MODEL_NAME` (default `gpt-4o-mini`).
/// - `CEO_AGENTS_PACE_MS` (0): every plan takes at least this long, for demos of the live view.
public struct AgentServiceConfiguration: ServiceConfiguration {
    /// The remote model's endpoint, key and name; nil for the embedded playbook.
    public var remoteModel: OpenAICompatibleModel.Configuration?
    /// The least time a plan takes (demos), or zero.
    public var pace: Duration

    public init(environment: [String: String]) throws {
        pace = .milliseconds(try EnvironmentSettings.integer("CEO_AGENTS_PACE_MS", in: environment, default: 0, range: 0...60_000))
        guard let base = environment["CEO_MODEL_BASE_URL"], !base.isEmpty else { return }
        guard let url = URL(string: base), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw ServiceSettingsError("CEO_MODEL_BASE_URL must be an http(s) URL such as https://api.openai.com/v1")
        }
        guard let key = try EnvironmentSecrets.secret("CEO_MODEL_API_KEY", in: environment).map({ Secret($0.revealed.trimmingCharacters(in: .whitespacesAndNewlines)) }),
              !key.isEmpty else {
            throw ServiceSettingsError("CEO_MODEL_BASE_URL is set: set CEO_MODEL_API_KEY or CEO_MODEL_API_KEY_FILE too")
        }
        let name = environment["CEO_MODEL_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "gpt-4o-mini"
        remoteModel = OpenAICompatibleModel.Configuration(baseURL: url, apiKey: key, model: name)
    }

    /// What production refuses: demo pacing, and a model endpoint without TLS.
    public func review() -> ProfileReview {
        var review = ProfileReview()
        review.require(pace == .zero, "CEO_AGENTS_PACE_MS slows every agent down for demos")
        if let remoteModel {
            review.require(remoteModel.baseURL.scheme == "https", "CEO_MODEL_BASE_URL must be https:// (the API key would travel in clear)")
        }
        return review
    }

    /// The model these settings select: the playbook, or the remote model with the
    /// playbook as its fallback; paced when ``pace`` is set.
    public func model(logger: Logger) -> any AgentModel {
        var model: any AgentModel = remoteModel.map { OpenAICompatibleModel(configuration: $0, logger: logger) } ?? PlaybookModel()
        if pace > .zero { model = PacedModel(model, delay: pace) }
        return model
    }
}
