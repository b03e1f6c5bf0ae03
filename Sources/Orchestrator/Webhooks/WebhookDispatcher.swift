import AsyncHTTPClient
import CEOServiceKit
import Crypto
public import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import ServiceLifecycle

/// How webhooks are delivered.
public struct WebhookSettings: Sendable {
    /// The wait before the second attempt; each later wait doubles, up to an hour.
    public var retryBase: Duration
    /// Attempts before a delivery is given up (failed).
    public var maxAttempts: Int
    /// How often due deliveries are looked for.
    public var pollInterval: Duration
    /// The deadline of one attempt.
    public var timeout: Duration

    public init(retryBase: Duration = .seconds(10), maxAttempts: Int = 8, pollInterval: Duration = .milliseconds(500), timeout: Duration = .seconds(10)) {
        self.retryBase = retryBase
        self.maxAttempts = max(1, maxAttempts)
        self.pollInterval = pollInterval
        self.timeout = timeout
    }
}

/// Sends the outbox's deliveries to their webhooks: signed (HMAC-SHA256 of
/// `timestamp + "." + body` with the webhook's secret), no redirects followed, the URL
/// checked again before every attempt; a non-2xx answer or no answer is retried with a
/// doubling back-off, and each attempt is logged on the delivery.
public final class WebhookDispatcher: Service {
    let store: JobStore
    let policy: WebhookURLPolicy
    let settings: WebhookSettings
    let logger: Logger
    let client: HTTPClient

    public init(store: JobStore, policy: WebhookURLPolicy, settings: WebhookSettings = WebhookSettings(), logger: Logger) {
        self.store = store
        self.policy = policy
        self.settings = settings
        self.logger = logger
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(10)))
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await self.deliverDue()
                } catch {
                    self.logger.warning("webhook deliveries could not be read", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: self.settings.pollInterval)
            }
        }
        try await client.shutdown()
    }

    /// Attempts every due delivery once (a few at a time).
    func deliverDue() async throws {
        let due = try await store.claimDueDeliveries(limit: 20)
        await withTaskGroup(of: Void.self) { group in
            for delivery in due { group.addTask { await self.attempt(delivery) } }
        }
    }

    private func attempt(_ delivery: DueDelivery) async {
        var statusCode = 0
        var failure = ""
        do {
            let url = try await policy.check(delivery.url)
            let timestamp = String(Int(store.now().timeIntervalSince1970))
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "ceo-executive-agent-webhooks/1")
            request.headers.add(name: "X-CEO-Event", value: delivery.event)
            request.headers.add(name: "X-CEO-Delivery", value: delivery.id)
            request.headers.add(name: "X-CEO-Timestamp", value: timestamp)
            request.headers.add(name: "X-CEO-Signature", value: "sha256=" + Self.signature(secret: delivery.secret, timestamp: timestamp, body: delivery.payload))
            request.body = .bytes(ByteBuffer(bytes: delivery.payload))
            let response = try await client.execute(request, timeout: .seconds(settings.timeout.components.seconds))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            statusCode = Int(response.status.code)
            if !(200..<300).contains(statusCode) { failure = "the endpoint answered \(statusCode)" }
        } catch {
            failure = "\(error)"
        }
        let attempts = delivery.attempts + 1
        let delivered = failure.isEmpty
        var next: Date?
        if !delivered, attempts < settings.maxAttempts {
            next = store.now().addingTimeInterval(min(3_600, settings.retryBase.timeInterval * pow(2, Double(attempts - 1))))
        }
        if !delivered {
            logger.info("webhook delivery failed", metadata: ["delivery": "\(delivery.id)", "attempt": "\(attempts)", "error": "\(failure.prefix(200))"])
        }
        do {
            try await store.recordAttempt(delivery.id, statusCode: statusCode, error: failure, delivered: delivered, nextAttempt: next)
        } catch {
            logger.warning("a webhook attempt could not be recorded", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
    }

    /// hex(HMAC-SHA256(secret, timestamp + "." + body)).
    public static func signature(secret: String, timestamp: String, body: Data) -> String {
        var message = Data((timestamp + ".").utf8)
        message.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }
}
