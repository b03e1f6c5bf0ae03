import AgentService
import CEOAPI
import CEOServiceKit
import CEOTestSupport
import Foundation
import Logging
import Synchronization
import Testing

@Suite("OpenAI-compatible model against a loopback server")
struct RemoteModelTests {
    static let validContent = """
        {"deliverables": [
          {"priority": "essential", "kind": "positioning", "title": "Positioning <b>now</b>", "body_markdown": "For founders <script>x</script>",
           "line_items": [{"description": "Workshop", "category": "design", "quantity": 2, "unit_cost_cents": 6000, "billing": "one_time", "source": "model estimate"}]},
          {"priority": "optional", "kind": "social_kit", "title": "Social kit", "body_markdown": "Templates",
           "line_items": [{"description": "Templates", "quantity": 1, "unit_cost_cents": 900000}]}
        ]}
        """

    /// A 30 s timeout by default: a loaded machine must not time out a healthy reply (and retry it).
    func executor(_ server: ChatCompletionsServer, timeout: Duration = .seconds(30), retries: Int = 2, cache: AgentResultCache? = nil) async throws -> AgentExecutor {
        let url = try await server.start()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let model = OpenAICompatibleModel(
            configuration: .init(
                baseURL: url, apiKey: Secret("sk-test-secret"), model: "test-model", timeout: timeout, maxRetries: retries,
                backoffBase: .milliseconds(10), backoffMax: .milliseconds(50),
                inputCentsPerMillionTokens: 15_000, outputCentsPerMillionTokens: 60_000
            ),
            logger: logger
        )
        return AgentExecutor(agents: [try BrandingAgent(reference: ReferenceData.bundled())], model: model, cache: cache)
    }

    func request() -> ExecuteTaskRequest {
        SampleCompanies.request(.branding, SampleCompanies.delawareSaaS, title: "Brand identity", budgetCents: 100_000)
    }

    @Test("a valid reply becomes the result: schema-checked, sanitised, totals recomputed, tokens charged")
    func validReply() async throws {
        let server = ChatCompletionsServer(replies: [.init(body: ChatCompletionsServer.completion(content: Self.validContent))])
        let result = try await executor(server).execute(request())
        try await server.stop()
        #expect(result.model == "openai:test-model")
        // Usage: 1,000 × 150¢/1k... = 1000×15000/1e6 + 500×60000/1e6 = 15 + 30 = 45 cents.
        #expect(result.deliverables.map(\.kind) == ["model_usage", "positioning"])
        #expect(result.deliverables[0].lineItems[0].totalCents == 45)
        #expect(result.deliverables[1].lineItems[0].totalCents == 12_000)
        #expect(result.budgetUsedCents == 12_045)
        #expect(result.deliverables[1].title == "Positioning now")
        #expect(!result.deliverables[1].bodyMarkdown.contains("<"))
        #expect(result.notes.contains { $0.contains("Social kit") })
        let received = try #require(server.received.withLock { $0.first })
        #expect(received.path == "/v1/chat/completions")
        #expect(received.authorization == "Bearer sk-test-secret")
        #expect(received.body.contains(#""response_format""#) && received.body.contains("Ledgerly"))
    }

    @Test("a 429 is retried after the backoff, then the reply is used")
    func retryAfter429() async throws {
        let server = ChatCompletionsServer(replies: [
            .init(status: 429, headers: [("retry-after", "0")], body: #"{"error": "rate limited"}"#),
            .init(status: 503, body: "{}"),
            .init(body: ChatCompletionsServer.completion(content: Self.validContent)),
        ])
        let result = try await executor(server).execute(request())
        try await server.stop()
        #expect(result.model == "openai:test-model")
        #expect(server.received.withLock { $0.count } == 3)
    }

    @Test("a malformed reply falls back to the playbook, says so, and is not cached")
    func malformedReply() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("remote-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cache = try AgentResultCache(path: directory.appendingPathComponent("c.sqlite").path)
        for content in ["this is not JSON", #"{"deliverables": []}"#, #"{"deliverables": [{"priority": "urgent", "kind": "x", "title": "t", "body_markdown": "b", "line_items": []}]}"#] {
            let server = ChatCompletionsServer(replies: [.init(body: ChatCompletionsServer.completion(content: content))])
            let executor = try await executor(server, cache: cache)
            let result = try await executor.execute(request())
            #expect(result.model == "playbook-v1")
            #expect(result.notes.contains { $0.contains("test-model could not produce this plan") })
            #expect(!result.deliverables.isEmpty && result.budgetUsedCents <= 100_000)
            // Not cached: the next identical request asks the model again.
            _ = try await executor.execute(request())
            #expect(server.received.withLock { $0.count } == 2)
            try await server.stop()
        }
    }

    @Test("persistent 5xx: retries are bounded, then the playbook answers")
    func persistentErrors() async throws {
        let server = ChatCompletionsServer(replies: [.init(status: 500, body: "{}")])
        let result = try await executor(server, retries: 2).execute(request())
        try await server.stop()
        #expect(result.model == "playbook-v1")
        #expect(server.received.withLock { $0.count } == 3)
    }

    @Test("a reply slower than the timeout falls back")
    func timeout() async throws {
        // The reply would take a minute; the 1 s timeout ends the wait long before (the
        // margin is wide so that a loaded machine cannot fail it).
        let server = ChatCompletionsServer(replies: [.init(body: ChatCompletionsServer.completion(content: Self.validContent), delay: .seconds(60))])
        let start = ContinuousClock.now
        let result = try await executor(server, timeout: .seconds(1), retries: 0).execute(request())
        #expect(ContinuousClock.now - start < .seconds(30))
        try await server.stop()
        #expect(result.model == "playbook-v1")
    }
}

@Suite("Model settings")
struct ModelSettingsTests {
    var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    @Test("the playbook unless a base URL is set; a URL without a key, or a bad URL, is refused by name")
    func settings() throws {
        #expect(try AgentServiceApp.model(environment: [:], logger: logger).name == "playbook-v1")
        let remote = try AgentServiceApp.model(
            environment: ["CEO_MODEL_BASE_URL": "https://models.example/v1", "CEO_MODEL_API_KEY": "sk-x", "CEO_MODEL_NAME": "m1"], logger: logger
        )
        #expect(remote.name == "openai:m1")
        #expect(throws: (any Error).self) { try AgentServiceApp.model(environment: ["CEO_MODEL_BASE_URL": "https://models.example/v1"], logger: logger) }
        let bad = #expect(throws: (any Error).self) {
            try AgentServiceApp.model(environment: ["CEO_MODEL_BASE_URL": "ftp:/x", "CEO_MODEL_API_KEY": "sk-secret-value"], logger: logger)
        }
        #expect("\(bad!)".contains("CEO_MODEL_BASE_URL") && !"\(bad!)".contains("sk-secret-value"))
    }
}
