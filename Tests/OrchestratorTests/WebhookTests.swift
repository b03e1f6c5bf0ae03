import CEOAPI
import CEORPC
import CEOTestSupport
import Crypto
import Foundation
import Hummingbird
import Orchestrator
import Synchronization
import Testing

/// What a local endpoint received: each request's headers and body.
final class ReceivedHooks: Sendable {
    struct Request: Sendable {
        let path: String
        let headers: [String: String]
        let body: Data
    }
    private let requests = Mutex<[Request]>([])
    func record(_ request: Request) -> Int { requests.withLock { $0.append(request); return $0.count } }
    var all: [Request] { requests.withLock { $0 } }
}

/// Runs a local HTTP endpoint for `body`: `/hook` answers 500 to its first `failFirst`
/// requests and 204 after; `/down` always answers 503.
func withReceiver<Result: Sendable>(failFirst: Int, _ body: @Sendable (Int, ReceivedHooks) async throws -> Result) async throws -> Result {
    let received = ReceivedHooks()
    let router = Router()
    router.post("/{path}") { request, context -> HTTPResponse.Status in
        let bytes = try await request.body.collect(upTo: 1 << 20)
        let headers = Dictionary(request.headers.map { ($0.name.canonicalName, $0.value) }, uniquingKeysWith: { first, _ in first })
        let path = context.parameters.get("path") ?? ""
        _ = received.record(.init(path: path, headers: headers, body: Data(bytes.readableBytesView)))
        if path == "down" { return .serviceUnavailable }
        return received.all.filter { $0.path == "hook" }.count <= failFirst ? .internalServerError : .noContent
    }
    let port = Mutex<Int?>(nil)
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), onServerRunning: { channel in
        port.withLock { $0 = channel.localAddress?.port }
    })
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService() }
        var bound: Int?
        for _ in 0..<2_000 where bound == nil {
            bound = port.withLock { $0 }
            if bound == nil { try await Task.sleep(for: .milliseconds(5)) }
        }
        let result = try await body(try #require(bound), received)
        group.cancelAll()
        return result
    }
}

@Suite("Webhooks: signed deliveries from an outbox, retried with back-off, refused toward internal addresses", .timeLimit(.minutes(2)))
struct WebhookTests {
    let plan = try! Founders.plan(Founders.texasRestaurant, Founders.restaurantObjectives)

    @Test("a run's events reach the owner's webhook, signed with its secret; a failed attempt is retried; the log shows each attempt; a deleted webhook gets nothing more", arguments: StoreBackend.available)
    func deliveries(backend: StoreBackend) async throws {
        try await withReceiver(failFirst: 1) { port, received in
            let store = try await makeStore(backend)
            let created = try await store.createWebhook(owner: "owner", url: "http://127.0.0.1:\(port)/hook", events: [])
            #expect(created.secret.hasPrefix("whsec_") && created.webhook.secretPrefix == String(created.secret.prefix(12)))
            #expect(try await store.webhooks(owner: "owner").first?.events == ["run.started", "run.finished", "approval.requested", "approval.decided"])
            _ = try await store.createWebhook(owner: "owner", url: "http://127.0.0.1:\(port)/down", events: ["run.finished"])
            #expect(try await store.webhooks(owner: "someone-else").isEmpty)

            let job = try await store.create(owner: "owner", plan: plan, idempotencyKey: nil).job
            let engine = OrchestrationEngine(store: store, agents: ScriptedAgents { $0.budgetCents / 2 }, logger: TestHarness.logger)
            await engine.start(job.id)
            _ = try await waitForRun(store, job.id) { $0.finishedAtUnixMs != 0 }

            let dispatcher = WebhookDispatcher(
                store: store, policy: WebhookURLPolicy(strict: false),
                settings: WebhookSettings(retryBase: .milliseconds(100), maxAttempts: 3, pollInterval: .milliseconds(20)), logger: TestHarness.logger
            )
            let running = Task { try await dispatcher.run() }
            var hook: [WebhookDelivery] = [], down: [WebhookDelivery] = []
            for _ in 0..<3_000 {
                hook = try await store.webhookDeliveries(created.webhook.id, owner: "owner")
                let downID = try #require(try await store.webhooks(owner: "owner").last?.id)
                down = try await store.webhookDeliveries(downID, owner: "owner")
                if hook.count == 2, hook.allSatisfy({ $0.status == "delivered" }), down.first?.status == "failed" { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            running.cancel()
            #expect(hook.map(\.event).sorted() == ["run.finished", "run.started"] && hook.allSatisfy { $0.status == "delivered" && $0.lastStatusCode == 204 }, "\(hook)")
            #expect(hook.map(\.attempts).sorted() == [1, 2], "the first delivery failed once and was retried")
            #expect(down.count == 1 && down[0].status == "failed" && down[0].attempts == 3 && down[0].lastStatusCode == 503, "\(down)")

            let sent = received.all.filter { $0.path == "hook" }
            #expect(sent.count == 3)
            for request in sent {
                let timestamp = try #require(request.headers["x-ceo-timestamp"])
                let expected = "sha256=" + WebhookDispatcher.signature(secret: created.secret, timestamp: timestamp, body: request.body)
                #expect(request.headers["x-ceo-signature"] == expected)
                // A receiver computes the same with any HMAC library.
                var message = Data((timestamp + ".").utf8)
                message.append(request.body)
                let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(created.secret.utf8)))
                #expect(expected == "sha256=" + mac.map { String(format: "%02x", $0) }.joined())
                let json = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
                #expect(json["job_id"] as? String == job.id && json["event"] as? String == request.headers["x-ceo-event"] && json["id"] as? String == request.headers["x-ceo-delivery"])
                #expect((json["data"] as? [String: Any])?["seq"] != nil)
            }

            _ = try await store.deleteWebhook(created.webhook.id, owner: "owner")
            await #expect { try await store.deleteWebhook(created.webhook.id, owner: "someone-else") } throws: { ($0 as? RPCError)?.code == .notFound }
            let second = try await store.create(owner: "owner", plan: plan, idempotencyKey: nil).job
            await engine.start(second.id)
            _ = try await waitForRun(store, second.id) { $0.finishedAtUnixMs != 0 }
            #expect(try await store.webhookDeliveries(created.webhook.id, owner: "owner").count == 2)
        }
    }

    @Test("in production a webhook must be HTTPS toward a public address, checked at creation and again at every delivery", arguments: StoreBackend.available)
    func internalAddressesRefused(backend: StoreBackend) async throws {
        let resolver: WebhookURLPolicy.Resolver = { host in
            switch host {
            case "hooks.example.com": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]
            case "rebind.example.com": ["93.184.216.34", "10.0.0.7"]
            case "metadata.example.com": ["169.254.169.254"]
            default: throw RPCError(.invalidArgument, "no such host")
            }
        }
        let strict = WebhookURLPolicy(strict: true, resolve: resolver)
        try await strict.check("https://hooks.example.com/ceo")
        for (url, reason) in [
            ("http://hooks.example.com/ceo", "https"), ("https://rebind.example.com/", "10.0.0.7"), ("https://metadata.example.com/", "169.254.169.254"),
            ("https://127.0.0.1/", "127.0.0.1"), ("https://[::1]/", "::1"), ("https://[fe80::1]/", "fe80::1"), ("https://192.168.1.10/", "192.168.1.10"),
            ("https://user:pass@hooks.example.com/", "user name"), ("https://nowhere.invalid/", "does not resolve"), ("ftp://hooks.example.com/", "https"),
            ("https://[::ffff:10.0.0.1]/", "::ffff:10.0.0.1"), ("https://100.64.0.1/", "100.64.0.1"),
        ] {
            let error = await #expect(throws: RPCError.self, "\(url)") { try await strict.check(url) }
            #expect(error?.details.first?.field == "url" && error?.message.contains(reason) == true, "\(url): \(String(describing: error))")
        }
        for address in ["8.8.8.8", "2001:4860:4860::8888", "93.184.216.34"] { #expect(WebhookURLPolicy.isPublic(address), "\(address)") }
        // Outside production a local receiver may be tried out.
        try await WebhookURLPolicy(strict: false).check("http://127.0.0.1:8080/hook")

        // A webhook stored when the check passed is checked again at delivery: nothing is sent.
        try await withReceiver(failFirst: 0) { port, received in
            let store = try await makeStore(backend)
            let created = try await store.createWebhook(owner: "owner", url: "http://127.0.0.1:\(port)/hook", events: ["run.started"])
            let job = try await store.create(owner: "owner", plan: plan, idempotencyKey: nil).job
            try await store.begin(job.id)
            let dispatcher = WebhookDispatcher(store: store, policy: strict, settings: WebhookSettings(retryBase: .milliseconds(50), maxAttempts: 2, pollInterval: .milliseconds(20)), logger: TestHarness.logger)
            let running = Task { try await dispatcher.run() }
            var log: [WebhookDelivery] = []
            for _ in 0..<2_000 {
                log = try await store.webhookDeliveries(created.webhook.id, owner: "owner")
                if log.first?.status == "failed" { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            running.cancel()
            #expect(log.first?.status == "failed" && log.first?.lastError.contains("https") == true, "\(log)")
            #expect(received.all.isEmpty)
        }
    }
}
