import CEOAPI
import CEORPC
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/webhooks`: a user's endpoints for run and approval events (the Orchestrator
/// stores and delivers them; docs/ORCHESTRATOR.md says how they are signed).
struct WebhookRoutes {
    let backends: EdgeBackends
    let maximumBodyBytes: Int

    struct WebhookJSON: Encodable {
        var id: String
        var url: String
        var events: [String]
        var createdAt: Int64
        var secretPrefix: String

        enum CodingKeys: String, CodingKey {
            case id, url, events, createdAt = "created_at_unix_ms", secretPrefix = "secret_prefix"
        }

        init(_ webhook: Webhook) {
            id = webhook.id
            url = webhook.url
            events = webhook.events
            createdAt = webhook.createdAtUnixMs
            secretPrefix = webhook.secretPrefix
        }
    }

    struct Created: Encodable {
        var success = true
        var webhook: WebhookJSON
        /// Shown this once.
        var secret: String
    }

    struct Webhooks: Encodable {
        var success = true
        var webhooks: [WebhookJSON]
    }

    struct OneWebhook: Encodable {
        var success = true
        var webhook: WebhookJSON
    }

    struct DeliveryJSON: Encodable {
        var id: String
        var jobID: String
        var seq: Int64
        var event: String
        var status: String
        var attempts: Int32
        var lastStatusCode: Int32
        var lastError: String
        var createdAt: Int64
        var nextAttemptAt: Int64
        var deliveredAt: Int64?

        enum CodingKeys: String, CodingKey {
            case id, seq, event, status, attempts
            case jobID = "job_id", lastStatusCode = "last_status_code", lastError = "last_error", createdAt = "created_at_unix_ms"
            case nextAttemptAt = "next_attempt_at_unix_ms", deliveredAt = "delivered_at_unix_ms"
        }

        init(_ delivery: WebhookDelivery) {
            id = delivery.id
            jobID = delivery.jobID
            seq = delivery.seq
            event = delivery.event
            status = delivery.status
            attempts = delivery.attempts
            lastStatusCode = delivery.lastStatusCode
            lastError = delivery.lastError
            createdAt = delivery.createdAtUnixMs
            nextAttemptAt = delivery.nextAttemptAtUnixMs
            deliveredAt = delivery.deliveredAtUnixMs == 0 ? nil : delivery.deliveredAtUnixMs
        }
    }

    struct Deliveries: Encodable {
        var success = true
        var deliveries: [DeliveryJSON]
    }

    func register(on router: Router<EdgeRequestContext>, guards: RouteGuards) {
        let routes = guards.routes(on: router, .signedIn, rateLimit: \.general)
        routes.post("/api/webhooks") { request, context in
            var fields = JSONFields(try await JSONRequest.object(request, limit: maximumBodyBytes))
            let url = fields.string("url")
            let events = fields.strings("events", required: false)
            try fields.validate()
            var create = CreateWebhookRequest()
            create.url = url ?? ""
            create.events = events ?? []
            let created = try await backends.orchestrator.unary(OrchestratorRPC.createWebhook, create, options: context.callOptions())
            return try JSONResponse.make(.created, Created(webhook: WebhookJSON(created.webhook), secret: created.secret))
        }
        routes.get("/api/webhooks") { _, context in
            let list = try await backends.orchestrator.unary(OrchestratorRPC.listWebhooks, ListWebhooksRequest(), options: context.callOptions())
            return try JSONResponse.make(.ok, Webhooks(webhooks: list.webhooks.map(WebhookJSON.init)))
        }
        routes.delete("/api/webhooks/{id}") { _, context in
            var delete = DeleteWebhookRequest()
            delete.webhookID = try context.parameters.require("id")
            let webhook = try await backends.orchestrator.unary(OrchestratorRPC.deleteWebhook, delete, options: context.callOptions())
            return try JSONResponse.make(.ok, OneWebhook(webhook: WebhookJSON(webhook)))
        }
        routes.get("/api/webhooks/{id}/deliveries") { _, context in
            var list = ListWebhookDeliveriesRequest()
            list.webhookID = try context.parameters.require("id")
            let deliveries = try await backends.orchestrator.unary(OrchestratorRPC.listWebhookDeliveries, list, options: context.callOptions())
            return try JSONResponse.make(.ok, Deliveries(deliveries: deliveries.deliveries.map(DeliveryJSON.init)))
        }
    }
}
