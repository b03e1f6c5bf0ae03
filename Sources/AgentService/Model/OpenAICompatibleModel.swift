import CEOAPI
import CEODomain
public import CEOServiceKit
public import Foundation
public import Logging

/// An OpenAI-compatible chat-completions model: asks for the deliverables as JSON,
/// validates them against the schema, charges the tokens to the task budget, and
/// falls back to the playbook — saying so in the result's notes — when the service
/// fails, times out after its retries, or answers outside the schema.
public struct OpenAICompatibleModel: AgentModel {
    public struct Configuration: Sendable {
        /// For example `https://api.openai.com/v1`; `/chat/completions` is appended.
        public var baseURL: URL
        /// Sent as a bearer token; never logged.
        public var apiKey: Secret
        public var model: String
        public var timeout: Duration
        /// Retries after a 429, a 5xx or a transport error.
        public var maxRetries: Int
        public var backoffBase: Duration
        public var backoffMax: Duration
        /// Prices in cents per million tokens, to charge usage to the task.
        public var inputCentsPerMillionTokens: Int64
        public var outputCentsPerMillionTokens: Int64

        public init(
            baseURL: URL, apiKey: Secret, model: String, timeout: Duration = .seconds(30), maxRetries: Int = 3,
            backoffBase: Duration = .milliseconds(500), backoffMax: Duration = .seconds(8),
            inputCentsPerMillionTokens: Int64 = 15, outputCentsPerMillionTokens: Int64 = 60
        ) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.model = model
            self.timeout = timeout
            self.maxRetries = maxRetries
            self.backoffBase = backoffBase
            self.backoffMax = backoffMax
            self.inputCentsPerMillionTokens = inputCentsPerMillionTokens
            self.outputCentsPerMillionTokens = outputCentsPerMillionTokens
        }
    }

    private let configuration: Configuration
    private let transport: any ChatCompletionsTransport
    private let fallback = PlaybookModel()
    private let logger: Logger

    public init(configuration: Configuration, transport: any ChatCompletionsTransport = URLSessionTransport(), logger: Logger) {
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
    }

    public var name: String { "openai:\(configuration.model)" }

    public func plan(_ agent: any Agent, for brief: AgentBrief) async throws -> ModelPlan {
        do {
            return try await remotePlan(agent, for: brief)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            logger.warning("remote model failed; using the playbook", metadata: ["model": "\(configuration.model)", "error": "\(error)"])
            var plan = try await fallback.plan(agent, for: brief)
            plan.notes.append("The model \(configuration.model) could not produce this plan (\(error)); the embedded playbook did.")
            plan.producedBy = fallback.name
            plan.cacheable = false
            return plan
        }
    }

    private func remotePlan(_ agent: any Agent, for brief: AgentBrief) async throws -> ModelPlan {
        let exchange = try await postWithRetries(body: try requestBody(agent, brief))
        guard exchange.status == 200 else { throw ModelReplyError("the service answered HTTP \(exchange.status)") }
        struct Completion: Decodable {
            struct Choice: Decodable {
                struct Message: Decodable { var content: String? }
                var message: Message
            }
            struct Usage: Decodable {
                var promptTokens: Int64
                var completionTokens: Int64
                enum CodingKeys: String, CodingKey { case promptTokens = "prompt_tokens", completionTokens = "completion_tokens" }
            }
            var choices: [Choice]
            var usage: Usage?
        }
        let completion: Completion
        do {
            completion = try JSONDecoder().decode(Completion.self, from: exchange.body)
        } catch {
            throw ModelReplyError("the response is not a chat completion: \(error)")
        }
        guard let content = completion.choices.first?.message.content else { throw ModelReplyError("the completion has no content") }
        var deliverables = try ModelReply.planned(from: content)
        if let usage = completion.usage {
            deliverables.insert(usageDeliverable(usage.promptTokens, usage.completionTokens), at: 0)
        }
        return ModelPlan(deliverables: deliverables)
    }

    /// The tokens as an essential priced item: model use is charged to the task like any work.
    private func usageDeliverable(_ prompt: Int64, _ completion: Int64) -> PlannedDeliverable {
        let microCents = prompt * configuration.inputCentsPerMillionTokens + completion * configuration.outputCentsPerMillionTokens
        var item = LineItem()
        item.description_p = "\(prompt) prompt + \(completion) completion tokens of \(configuration.model)"
        item.category = "model_usage"
        item.quantity = 1
        item.unitCostCents = (microCents + 999_999) / 1_000_000
        item.totalCents = item.unitCostCents
        item.billing = "one_time"
        item.source = "configured price of \(configuration.model): \(configuration.inputCentsPerMillionTokens)¢ / \(configuration.outputCentsPerMillionTokens)¢ per million input / output tokens"
        var deliverable = Deliverable()
        deliverable.kind = "model_usage"
        deliverable.title = "Model usage"
        deliverable.bodyMarkdown = "Tokens used to draft this plan with \(configuration.model)."
        deliverable.lineItems = [item]
        return PlannedDeliverable(priority: .essential, deliverable: deliverable)
    }

    private func requestBody(_ agent: any Agent, _ brief: AgentBrief) throws -> Data {
        let info = agent.info
        let system = """
            You are the \(info.name) agent of a launch team: \(info.description_p) \
            Answer only with JSON of this shape: \(ModelReply.schema) \
            Prices are in US cents and must be realistic and sourced. The task budget is \(brief.budgetCents) cents: \
            mark what is indispensable as essential. Plain Markdown only, no HTML.
            """
        let company = brief.company
        let user = """
            Company: \(company.name); industry: \(company.industry); location: \(company.location); \
            total budget: \(company.budgetCents) cents; timeline: \(company.timelineDays) days.
            Task: \(brief.task.title). \(brief.task.description_p)
            Days \(brief.task.startDay)–\(brief.task.endDay). Objectives: \(brief.task.objectives.joined(separator: "; ")).
            """
        let body: [String: any Sendable] = [
            "model": configuration.model,
            "temperature": 0,
            "response_format": ["type": "json_object"],
            "messages": [["role": "system", "content": system], ["role": "user", "content": user]],
        ]
        return try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
    }

    /// POSTs, retrying 429s, 5xx and transport errors with capped exponential backoff
    /// (or the server's `retry-after`, when it is shorter than the cap).
    private func postWithRetries(body: Data) async throws -> HTTPExchange {
        let url = configuration.baseURL.appendingPathComponent("chat/completions")
        let headers = ["authorization": "Bearer \(configuration.apiKey.revealed)", "content-type": "application/json"]
        var attempt = 0
        while true {
            let outcome: Result<HTTPExchange, any Error>
            let started = ContinuousClock.now
            do {
                outcome = .success(try await transport.post(url, headers: headers, body: body, timeout: configuration.timeout))
            } catch {
                outcome = .failure(error)
            }
            let status = switch outcome {
            case .success(let exchange): String(exchange.status)
            case .failure(let error): error is CancellationError ? "cancelled" : "transport_error"
            }
            AgentMetrics.modelCall(model: configuration.model, status: status, duration: .now - started)
            let retryable: Bool
            var retryAfter: Duration?
            switch outcome {
            case .success(let exchange):
                retryable = exchange.status == 429 || (500...599).contains(exchange.status)
                retryAfter = exchange.headers["retry-after"].flatMap(Int.init).map { .seconds($0) }
                if !retryable { return exchange }
            case .failure(let error):
                if error is CancellationError { throw error }
                retryable = true
            }
            guard attempt < configuration.maxRetries else {
                switch outcome {
                case .success(let exchange): throw ModelReplyError("HTTP \(exchange.status) after \(attempt + 1) attempts")
                case .failure(let error): throw error
                }
            }
            let backoff = min(configuration.backoffBase * Int(1 << min(attempt, 16)), configuration.backoffMax)
            try await Task.sleep(for: min(retryAfter ?? backoff, configuration.backoffMax))
            attempt += 1
        }
    }
}
