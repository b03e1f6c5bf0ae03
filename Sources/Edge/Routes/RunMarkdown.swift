import CEOAPI
import CEODomain
import Foundation

/// A run's deliverables as one Markdown document: `GET /api/orchestrations/{id}/export`,
/// used by the web app's download and the CLI's `export`.
enum RunMarkdown {
    static func document(_ job: Job) -> String {
        let company = job.plan.company
        let titles = Dictionary(job.plan.tasks.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        var lines = [
            "# \(company.name) — deliverables",
            "",
            "- Industry: \(company.industry)",
            "- Location: \(company.location)\(company.countryCode.isEmpty ? "" : " (\([company.subdivisionCode, company.countryCode].filter { !$0.isEmpty }.joined(separator: ", ")))")",
            "- Budget: \(company.money(job.budget.totalCents)); spent \(company.money(job.budget.spentCents)) (every amount in \(company.moneyCurrency))",
            "- Status: \(job.status.apiName); started \(timestamp(job.createdAtUnixMs))\(job.finishedAtUnixMs > 0 ? "; ended \(timestamp(job.finishedAtUnixMs))" : "")",
            "- Run: \(job.id)",
            "",
        ]
        if let rate = PlanningRates.standard.statement(for: company.moneyCurrency) {
            lines += ["Figures published in another currency are converted once, at the planning rate. \(rate) Re-price at the day's rate before paying.", ""]
        }
        for task in job.tasks where !task.deliverables.isEmpty {
            lines += ["## \(task.agent.shortTitle): \(titles[task.taskID] ?? "")", "", "Budget used: \(company.money(task.budgetUsedCents))", ""]
            for deliverable in task.deliverables {
                lines += ["### \(deliverable.title)", "", deliverable.bodyMarkdown, ""]
                guard !deliverable.lineItems.isEmpty else { continue }
                lines += ["| Item | Qty | Unit | Total | Source |", "|---|---:|---:|---:|---|"]
                for item in deliverable.lineItems {
                    lines.append("| \(cell(item.description_p)) | \(item.quantity) | \(company.money(item.unitCostCents)) | \(company.money(item.totalCents)) | \(cell(item.source)) |")
                }
                lines.append("")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `casa-lumbre-0b1c2d3e.md`
    static func fileName(_ job: Job) -> String {
        let slug = job.plan.company.name.lowercased().unicodeScalars
            .map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-" }
            .reduce(into: "") { result, character in
                if character != "-" || (result.last != "-" && !result.isEmpty) { result.append(character) }
            }
            .trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return "\(slug.isEmpty ? "run" : String(slug.prefix(60)))-\(job.id.prefix(8)).md"
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    private static func timestamp(_ unixMilliseconds: Int64) -> String {
        Date(timeIntervalSince1970: Double(unixMilliseconds) / 1000).formatted(.iso8601)
    }
}
