import CEOAPI
import CEODomain
public import CEOServiceKit
public import Foundation
public import Logging

/// An OpenAI-compatible chat-completions model that writes the prose of the playbook's
/// plan: the prompt carries the company, where it is, the task and the plan with its
/// priced line items and their sources; the reply is schema-checked, every amount in it
/// is checked against the plan's figures, and the tokens are charged to the task. It
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

    /// The playbook plans and prices the work; the model rewrites its prose for the company.
    /// A text naming an amount that is not a figure of the plan keeps the playbook's text.
    private func remotePlan(_ agent: any Agent, for brief: AgentBrief) async throws -> ModelPlan {
        let base = try agent.plan(for: brief)
        let exchange = try await postWithRetries(body: try requestBody(agent, brief, plan: base))
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
        let texts = try ModelReply.prose(from: content, for: base)
        let figures = ProseFigures(allowed: Self.figures(of: base, brief: brief))
        var notes: [String] = []
        var deliverables = base.map { planned -> PlannedDeliverable in
            guard let text = texts[planned.deliverable.kind] else { return planned }
            let unknown = figures.unknown(in: text)
            guard unknown.isEmpty else {
                notes.append("The model's text for “\(planned.deliverable.title)” named \(unknown.joined(separator: ", ")), not a figure of this plan; the playbook's text is kept.")
                return planned
            }
            var rewritten = planned
            rewritten.deliverable.bodyMarkdown = text
            return rewritten
        }
        if let usage = completion.usage {
            deliverables.insert(usageDeliverable(usage.promptTokens, usage.completionTokens), at: 0)
        }
        return ModelPlan(deliverables: deliverables, notes: notes)
    }

    /// Every amount the plan states: line items' prices and totals, each deliverable's sum,
    /// the task's and the company's budgets, and the amounts in the playbook's own text.
    static func figures(of plan: [PlannedDeliverable], brief: AgentBrief) -> [Int64] {
        var figures = [brief.budgetCents, brief.company.budgetCents]
        for planned in plan {
            let items = planned.deliverable.lineItems
            figures += items.flatMap { [$0.unitCostCents, $0.totalCents] }
            figures.append(items.reduce(0) { $0 + $1.totalCents })
            figures += ProseFigures.amounts(in: planned.deliverable.bodyMarkdown).map(\.cents)
        }
        return figures
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

    /// The prompt: the company and where it is, the task, and the playbook's plan — each
    /// deliverable's draft and its line items with the sources they were priced from.
    private func requestBody(_ agent: any Agent, _ brief: AgentBrief, plan: [PlannedDeliverable]) throws -> Data {
        let info = agent.info
        let company = brief.company
        let currency = company.moneyCurrency
        let system = """
            You are the \(info.name) agent of a launch team: \(info.description_p) \
            The work and its prices are fixed: rewrite the text of each deliverable of the plan below for this company, \
            specific to its industry, place and objectives. Answer only with JSON of this shape: \(ModelReply.schema) \
            Every amount of money you write must be one of the plan's figures, in \(currency) as the plan writes it; \
            never add a price, a fee or an estimate. Plain Markdown only, no HTML.
            """
        let drafts: [[String: any Sendable]] = plan.map { planned in
            let deliverable = planned.deliverable
            return [
                "kind": deliverable.kind, "title": deliverable.title, "priority": "\(planned.priority)", "draft": deliverable.bodyMarkdown,
                "line_items": deliverable.lineItems.map { item -> [String: any Sendable] in
                    ["description": item.description_p, "quantity": Int(item.quantity), "unit": company.money(item.unitCostCents),
                     "total": company.money(item.totalCents), "source": item.source]
                },
            ]
        }
        let context: [String: any Sendable] = [
            "company": [
                "name": company.name, "industry": company.industry, "location": company.location, "read_as": company.placeName,
                "currency": currency, "budget": company.money(company.budgetCents), "timeline_days": Int(company.timelineDays),
            ] as [String: any Sendable],
            "jurisdiction": [
                "country": company.countryCode, "subdivision": company.subdivisionCode,
                "planning_rate": PlanningRates.standard.statement(for: currency) ?? "amounts are in US dollars",
            ] as [String: any Sendable],
            "task": [
                "title": brief.task.title, "description": brief.task.description_p, "days": "\(brief.task.startDay)–\(brief.task.endDay)",
                "budget": company.money(brief.budgetCents), "objectives": brief.task.objectives,
            ] as [String: any Sendable],
            "plan": drafts,
        ]
        let user = String(decoding: try JSONSerialization.data(withJSONObject: context, options: [.sortedKeys]), as: UTF8.self)
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
