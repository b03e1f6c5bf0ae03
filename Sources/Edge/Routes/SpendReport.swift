import CEOAPI
import CEODomain
import Foundation

/// Planned against actual, for the founder's records: a section of the Markdown export
/// and the CSV of `GET /api/orchestrations/{id}/budget.csv`. Amounts are in the run's
/// currency (the CSV's in units with two decimals, for spreadsheets).
enum SpendReport {
    /// The export's section: what the owner decided, and planned, committed and actual
    /// per agent and in total, with the payments recorded. Empty when there is nothing
    /// to say beyond the plan (no decision, no payment, no change).
    static func markdown(_ job: Job, ledger: BudgetLedger, approvals: [Approval]) -> [String] {
        let money = { (minor: Int64) in job.plan.company.money(minor) }
        let ownerEntries = ledger.entries.filter { [.budgetRaised, .budgetLowered, .allocationRaised].contains($0.kind) }
        guard !approvals.isEmpty || !ledger.actuals.isEmpty || !ownerEntries.isEmpty else { return [] }
        var lines = ["## Spend: decisions, planned and actual", ""]
        if !approvals.isEmpty {
            lines += ["Approval requests (the run asked before spending):", "", "| Task | Asked | Why | Decision | When | Raise |", "|---|---:|---|---|---|---:|"]
            for approval in approvals.sorted(by: { $0.requestedAtUnixMs < $1.requestedAtUnixMs }) {
                let when = approval.decidedAtUnixMs > 0 ? RunMarkdown.timestamp(approval.decidedAtUnixMs) : "waiting until \(RunMarkdown.timestamp(approval.expiresAtUnixMs))"
                let decision = approval.status.apiName + (approval.note.isEmpty ? "" : ": \(approval.note)")
                lines.append("| \(RunMarkdown.cell(approval.taskTitle)) | \(money(approval.amountCents)) | \(RunMarkdown.cell(approval.reason)) | \(RunMarkdown.cell(decision)) | \(when) | \(approval.raisedCents > 0 ? money(approval.raisedCents) : "—") |")
            }
            lines.append("")
        }
        for entry in ownerEntries {
            let what = switch entry.kind {
            case .budgetRaised: "Budget raised by \(money(entry.amountCents))"
            case .budgetLowered: "Budget lowered by \(money(entry.amountCents))"
            default: "Allocation of \(entry.taskID) raised by \(money(entry.amountCents))"
            }
            lines.append("- \(what) on \(RunMarkdown.timestamp(entry.atUnixMs))\(entry.note.isEmpty ? "" : " (\(entry.note))").")
        }
        if !ownerEntries.isEmpty { lines.append("") }
        lines += ["Planned against actual (variance = actual − planned; committed is what the agents reserved and settled):", "",
                  "| Agent | Planned | Committed | Actual | Variance |", "|---|---:|---:|---:|---:|"]
        for row in ledger.agents {
            lines.append("| \(row.agent.shortTitle) | \(money(row.plannedCents)) | \(money(row.committedCents)) | \(money(row.actualCents)) | \(signed(row.varianceCents, money)) |")
        }
        let total = ledger.total
        lines += ["| **Total** | \(money(total.plannedCents)) | \(money(total.committedCents)) | \(money(total.actualCents)) | \(signed(total.varianceCents, money)) |", ""]
        if !ledger.actuals.isEmpty {
            let titles = Dictionary(job.plan.tasks.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
            lines += ["Payments recorded:", "", "| Paid on | For | Vendor | Amount | Note |", "|---|---|---|---:|---|"]
            for actual in ledger.actuals {
                let paid = actual.paidCurrency == ledger.currency ? money(actual.amountCents)
                    : "\(money(actual.amountCents)) (\(Money.amount(actual.paidAmountMinor, currency: actual.paidCurrency)) at \(actual.rate))"
                lines.append("| \(actual.paidOn) | \(RunMarkdown.cell(titles[actual.taskID] ?? "the run as a whole")) | \(RunMarkdown.cell(actual.vendor)) | \(paid) | \(RunMarkdown.cell(actual.note)) |")
            }
            lines.append("")
        }
        return lines
    }

    /// One row per task, per agent, the total and per payment.
    static func csv(_ job: Job, ledger: BudgetLedger) -> String {
        let titles = Dictionary(job.plan.tasks.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        var rows = [["row", "task_id", "title", "agent", "planned", "committed", "actual", "variance", "paid_on", "vendor", "note", "currency"]]
        func amount(_ minor: Int64) -> String { String(format: "%.2f", Double(minor) / 100) }
        for row in ledger.tasks {
            rows.append(["task", row.taskID, titles[row.taskID] ?? "", row.agent.machineName, amount(row.plannedCents), amount(row.committedCents),
                         amount(row.actualCents), amount(row.varianceCents), "", "", "", ledger.currency])
        }
        for row in ledger.agents {
            rows.append(["agent", "", row.agent.shortTitle, row.agent.machineName, amount(row.plannedCents), amount(row.committedCents),
                         amount(row.actualCents), amount(row.varianceCents), "", "", "", ledger.currency])
        }
        let total = ledger.total
        rows.append(["total", "", job.plan.company.name, "", amount(total.plannedCents), amount(total.committedCents), amount(total.actualCents),
                     amount(total.varianceCents), "", "", "", ledger.currency])
        for actual in ledger.actuals {
            rows.append(["payment", actual.taskID, titles[actual.taskID] ?? "", actual.agent == .unspecified ? "" : actual.agent.machineName, "", "",
                         amount(actual.amountCents), "", actual.paidOn, actual.vendor, actual.note, ledger.currency])
        }
        return rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// `lumbre-0b1c2d3e-spend.csv`
    static func csvFileName(_ job: Job) -> String {
        RunMarkdown.fileName(job).replacingOccurrences(of: ".md", with: "-spend.csv")
    }

    /// A CSV field (RFC 4180), with text a spreadsheet would run as a formula made inert.
    static func field(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@\t\r".contains(first), Double(value) == nil { value = "'" + value }
        guard value.contains(where: { ",\"\r\n".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func signed(_ minor: Int64, _ money: (Int64) -> String) -> String {
        minor > 0 ? "+" + money(minor) : minor < 0 ? "−" + money(-minor) : money(0)
    }
}
