import CEOAPI
import Foundation

/// The JSON a remote model must answer with, validated before it is used.
struct ModelReply: Decodable {
    struct Item: Decodable {
        var description: String
        var category: String?
        var quantity: Int32
        var unitCostCents: Int64
        var billing: String?
        var source: String?

        enum CodingKeys: String, CodingKey {
            case description, category, quantity, unitCostCents = "unit_cost_cents", billing, source
        }
    }

    struct Entry: Decodable {
        var priority: String
        var kind: String
        var title: String
        var bodyMarkdown: String
        var lineItems: [Item]

        enum CodingKeys: String, CodingKey {
            case priority, kind, title, bodyMarkdown = "body_markdown", lineItems = "line_items"
        }
    }

    var deliverables: [Entry]

    /// The JSON schema the model is asked to follow (sent in the system prompt).
    static let schema = """
        {"deliverables": [{"priority": "essential|recommended|optional", "kind": "snake_case", "title": "string", \
        "body_markdown": "plain Markdown, no HTML", "line_items": [{"description": "string", "category": "string", \
        "quantity": 1, "unit_cost_cents": 0, "billing": "one_time|monthly", "source": "where the price comes from"}]}]}
        """

    /// Decodes and checks `content`; throws ``ModelReplyError`` naming the first problem.
    static func planned(from content: String) throws -> [PlannedDeliverable] {
        let reply: ModelReply
        do {
            reply = try JSONDecoder().decode(ModelReply.self, from: Data(content.utf8))
        } catch {
            throw ModelReplyError("the reply is not the deliverable JSON: \(error)")
        }
        guard !reply.deliverables.isEmpty, reply.deliverables.count <= 20 else {
            throw ModelReplyError("the reply must hold 1–20 deliverables, got \(reply.deliverables.count)")
        }
        return try reply.deliverables.enumerated().map { index, entry in
            guard let priority = ["essential": WorkPriority.essential, "recommended": .recommended, "optional": .optional][entry.priority] else {
                throw ModelReplyError("deliverables[\(index)].priority must be essential, recommended or optional")
            }
            guard !entry.kind.isEmpty, !entry.title.isEmpty, !entry.bodyMarkdown.isEmpty else {
                throw ModelReplyError("deliverables[\(index)] needs a kind, a title and a body")
            }
            var deliverable = Deliverable()
            deliverable.kind = entry.kind
            deliverable.title = entry.title
            deliverable.bodyMarkdown = entry.bodyMarkdown
            deliverable.lineItems = try entry.lineItems.enumerated().map { itemIndex, item in
                guard item.quantity >= 1, item.quantity <= 10_000, item.unitCostCents >= 0, item.unitCostCents <= 10_000_000 else {
                    throw ModelReplyError("deliverables[\(index)].line_items[\(itemIndex)] has an impossible quantity or price")
                }
                var line = LineItem()
                line.description_p = item.description
                line.category = item.category ?? "other"
                line.quantity = item.quantity
                line.unitCostCents = item.unitCostCents
                // Totals are computed here, never taken from the model.
                line.totalCents = Int64(item.quantity) * item.unitCostCents
                line.billing = item.billing ?? "one_time"
                line.source = item.source ?? "model estimate"
                return line
            }
            return PlannedDeliverable(priority: priority, deliverable: deliverable)
        }
    }
}

/// A model's reply does not follow the deliverable schema.
struct ModelReplyError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
