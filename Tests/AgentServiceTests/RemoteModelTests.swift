@testable import AgentService
import CEOAPI
import CEOServiceKit
import CEOTestSupport
import Foundation
import Logging
import Synchronization
import Testing

@Suite("OpenAI-compatible model against a loopback server")
struct RemoteModelTests {
    /// The model rewrites two deliverables of the branding plan: one restates the plan's
    /// figures, one names a price of its own.
    static let validContent = """
        {"deliverables": [
          {"kind": "positioning", "body_markdown": "For accounting teams that close the books every month <script>x</script>: Ledgerly takes the busywork out."},
          {"kind": "palette", "body_markdown": "A calm violet palette; licensing it costs $9,999.99 a year."}
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

    @Test("the model writes the playbook's plan: its prose replaces the draft, prices stay the reference data's, an amount not in the plan is refused, tokens charged")
    func validReply() async throws {
        let server = ChatCompletionsServer(replies: [.init(body: ChatCompletionsServer.completion(content: Self.validContent))])
        let result = try await executor(server).execute(request())
        try await server.stop()
        let playbook = try await AgentExecutor(agents: [try BrandingAgent(reference: ReferenceData.bundled())], cache: nil).execute(request())
        #expect(result.model == "openai:test-model")
        // Usage: 1,000 × 15,000 / 1e6 + 500 × 60,000 / 1e6 = 15 + 30 = 45 cents, charged as an essential line.
        #expect(result.deliverables.map(\.kind) == ["model_usage"] + playbook.deliverables.map(\.kind))
        #expect(result.deliverables[0].lineItems[0].totalCents == 45)
        #expect(result.budgetUsedCents == playbook.budgetUsedCents + 45)
        #expect(Array(result.deliverables.dropFirst()).map(\.lineItems) == playbook.deliverables.map(\.lineItems))
        let positioning = try #require(result.deliverables.first { $0.kind == "positioning" })
        #expect(positioning.bodyMarkdown.contains("close the books every month") && !positioning.bodyMarkdown.contains("<"))
        // "$9,999.99" is no figure of the plan: the playbook's palette text stays, and the notes say why.
        let palette = try #require(result.deliverables.first { $0.kind == "palette" })
        #expect(palette.bodyMarkdown == playbook.deliverables.first { $0.kind == "palette" }?.bodyMarkdown)
        #expect(result.notes.contains { $0.contains("$9,999.99") && $0.contains("not a figure of this plan") })
        let received = try #require(server.received.withLock { $0.first })
        #expect(received.path == "/v1/chat/completions")
        #expect(received.authorization == "Bearer sk-test-secret")
        // The prompt carries the company, the jurisdiction and the plan with its priced items and their sources.
        #expect(received.body.contains(#""response_format""#) && received.body.contains("Ledgerly"))
        #expect(received.body.contains("Bureau of Labor Statistics") && received.body.contains("jurisdiction") && received.body.contains("line_items"))
    }

    @Test("amounts in prose are read in every form the plan writes them, and only the plan's figures pass")
    func proseFigures() {
        let check = ProseFigures(allowed: [519_232, 12_000])
        let figures = { (text: String) in check.unknown(in: text) }
        #expect(figures("Media of $5,192 and a workshop at $120.00.").isEmpty)
        #expect(figures("€5,192.32 in total, £120 for the workshop, 120 EUR.").isEmpty)
        #expect(figures("A CA$5.2k budget and $1,500 of extras.") == ["CA$5.2k", "$1,500"])
        #expect(figures("300 customers in 90 days, 4.5% conversion").isEmpty)
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
        // The reply would take ten minutes; the 1 s timeout ends the wait long before. The
        // bound only tells "the timeout ended it" from "the reply came": in a loaded CI run
        // (every suite in parallel on two cores) the 1 s timeout once ended a wait after 34 s.
        let server = ChatCompletionsServer(replies: [.init(body: ChatCompletionsServer.completion(content: Self.validContent), delay: .seconds(600))])
        let start = ContinuousClock.now
        let result = try await executor(server, timeout: .seconds(1), retries: 0).execute(request())
        #expect(ContinuousClock.now - start < .seconds(300))
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
