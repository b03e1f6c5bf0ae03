import CEOAPI
import CEODomain
import Foundation

/// Builders for the priced pieces of a playbook: line items from reference figures
/// and deliverables around them. Every total is quantity × unit cost, so results
/// add up exactly.
enum PlanPricing {
    /// Hours of work at a cited hourly rate.
    static func labor(_ work: String, hours: Int32, rate: ReferenceData.Figure, category: String) -> LineItem {
        item("\(work) (\(hours) h)", category: category, quantity: hours, unitCents: rate.unitCostCents, billing: "one_time", source: rate.citation)
    }

    /// `count` pieces of work of `hoursEach` hours at a cited hourly rate.
    static func pieces(_ work: String, count: Int32, hoursEach: Int32, rate: ReferenceData.Figure, category: String) -> LineItem {
        item(
            "\(work) (\(count) × \(hoursEach) h)", category: category, quantity: count,
            unitCents: Int64(hoursEach) * rate.unitCostCents, billing: "one_time", source: rate.citation
        )
    }

    /// A fee or price from the reference data, `quantity` times.
    static func fee(_ figure: ReferenceData.Figure, quantity: Int32 = 1, category: String, billing: String = "one_time", description: String? = nil) -> LineItem {
        item(description ?? figure.description, category: category, quantity: quantity, unitCents: figure.unitCostCents, billing: billing, source: figure.citation)
    }

    static func item(_ description: String, category: String, quantity: Int32, unitCents: Int64, billing: String, source: String) -> LineItem {
        var item = LineItem()
        item.description_p = description
        item.category = category
        item.quantity = quantity
        item.unitCostCents = unitCents
        item.totalCents = Int64(quantity) * unitCents
        item.billing = billing
        item.source = source
        return item
    }

    /// A deliverable with its priority.
    static func deliverable(
        _ priority: WorkPriority, kind: String, title: String, body: String, items: [LineItem],
        attributes: [String: String] = [:]
    ) -> PlannedDeliverable {
        var deliverable = Deliverable()
        deliverable.kind = kind
        deliverable.title = title
        deliverable.bodyMarkdown = body
        deliverable.lineItems = items
        deliverable.attributes = attributes
        return PlannedDeliverable(priority: priority, deliverable: deliverable)
    }

    /// A Markdown table.
    static func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        var lines = ["| " + header.joined(separator: " | ") + " |"]
        lines.append("|" + header.indices.map { rightAligned.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|")
        for row in rows { lines.append("| " + row.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }
}

extension AgentInfo {
    /// An agent's description for `ListAgents`.
    static func describing(
        _ type: AgentType, capabilities: [(String, String)], minimumBudgetCents: Int64
    ) -> AgentInfo {
        var info = AgentInfo()
        info.type = type
        if let profile = AgentCatalog.standard.profile(of: type) {
            info.name = profile.title
            info.description_p = profile.description
        }
        info.capabilities = capabilities.map { name, description in
            var capability = Capability()
            capability.name = name
            capability.description_p = description
            return capability
        }
        info.minimumBudgetCents = minimumBudgetCents
        return info
    }
}
