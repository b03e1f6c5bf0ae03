import CEOAPI
import CEOAuthTokens
import CEORPC
import Foundation

/// Webhooks: a user's endpoints for run and approval events.
extension OrchestratorRPCService {
    func registerWebhookMethods(with router: inout RPCRouter) {
        router.register(OrchestratorRPC.createWebhook) { [store, webhookPolicy] request, context in
            let principal = try context.authPrincipal
            guard principal.apiKeyID == nil else {
                throw RPCError(.permissionDenied, "webhooks are managed from a signed-in session, not with an API key")
            }
            let unknown = request.events.filter { !WebhookOutbox.names.contains($0) }
            guard unknown.isEmpty else {
                let why = "each of \(WebhookOutbox.names.joined(separator: ", ")); got \(unknown.joined(separator: ", "))"
                throw RPCError(.invalidArgument, "events: \(why)", details: [FieldViolation(field: "events", description: why)])
            }
            let url = try await webhookPolicy.check(request.url)
            return try await store.createWebhook(owner: principal.userID, url: url.absoluteString, events: Array(Set(request.events)).sorted())
        }
        router.register(OrchestratorRPC.listWebhooks) { [store] _, context in
            var response = ListWebhooksResponse()
            response.webhooks = try await store.webhooks(owner: try context.authPrincipal.userID)
            return response
        }
        router.register(OrchestratorRPC.deleteWebhook) { [store] request, context in
            try await store.deleteWebhook(request.webhookID, owner: try context.authPrincipal.userID)
        }
        router.register(OrchestratorRPC.listWebhookDeliveries) { [store] request, context in
            var response = ListWebhookDeliveriesResponse()
            response.deliveries = try await store.webhookDeliveries(request.webhookID, owner: try context.authPrincipal.userID)
            return response
        }
    }
}
