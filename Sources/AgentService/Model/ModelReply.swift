import CEOAPI
import Foundation

/// The JSON a remote model answers with: the prose of the deliverables the playbook
/// planned and priced. The model writes; it never prices — the work, the line items and
/// their sources stay the playbook's, so every amount is the reference data's.
struct ModelReply: Decodable {
    struct Entry: Decodable {
        var kind: String
        var bodyMarkdown: String

        enum CodingKeys: String, CodingKey {
            case kind, bodyMarkdown = "body_markdown"
        }
    }

    var deliverables: [Entry]

    /// The JSON schema the model is asked to follow (sent in the system prompt).
    static let schema = #"{"deliverables": [{"kind": "one of the plan's kinds", "body_markdown": "plain Markdown, no HTML"}]}"#

    /// The model's text for each kind of `plan` it rewrote; throws ``ModelReplyError``
    /// naming the first problem (not the JSON asked for, a kind the plan does not have,
    /// an empty text).
    static func prose(from content: String, for plan: [PlannedDeliverable]) throws -> [String: String] {
        let reply: ModelReply
        do {
            reply = try JSONDecoder().decode(ModelReply.self, from: Data(content.utf8))
        } catch {
            throw ModelReplyError("the reply is not the deliverable JSON: \(error)")
        }
        let kinds = Set(plan.map(\.deliverable.kind))
        guard !reply.deliverables.isEmpty, reply.deliverables.count <= plan.count else {
            throw ModelReplyError("the reply must hold 1–\(plan.count) deliverables, got \(reply.deliverables.count)")
        }
        var texts: [String: String] = [:]
        for (index, entry) in reply.deliverables.enumerated() {
            guard kinds.contains(entry.kind) else {
                throw ModelReplyError("deliverables[\(index)].kind '\(entry.kind)' is not a deliverable of the plan (\(kinds.sorted().joined(separator: ", ")))")
            }
            guard !entry.bodyMarkdown.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ModelReplyError("deliverables[\(index)].body_markdown is empty")
            }
            texts[entry.kind] = entry.bodyMarkdown
        }
        return texts
    }
}

/// A model's reply does not follow the deliverable schema.
struct ModelReplyError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
