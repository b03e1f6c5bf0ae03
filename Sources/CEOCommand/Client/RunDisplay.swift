import Foundation
import Synchronization

/// How `ceo client run` shows a run: redrawn bars on a terminal, plain lines otherwise,
/// or JSON lines.
protocol RunDisplay: Sendable {
    func started(jobID: String)
    func show(snapshot job: [String: Any])
    func show(event: [String: Any], job: [String: Any])
    func connection(_ state: String)
}

/// Progress of a run's phases from its state.
enum RunProgress {
    static func phases(_ job: [String: Any]) -> [(name: String, fraction: Double, agents: [String])] {
        let plan = job["plan"] as? [String: Any] ?? [:]
        let phaseOf = Dictionary((plan["tasks"] as? [[String: Any]] ?? []).compactMap { task in
            (task["id"] as? String).map { ($0, task["phase"] as? Int ?? 0) }
        }, uniquingKeysWith: { first, _ in first })
        let tasks = job["tasks"] as? [[String: Any]] ?? []
        return (plan["phases"] as? [[String: Any]] ?? []).map { phase in
            let index = phase["index"] as? Int ?? 0
            let members = tasks.filter { phaseOf[$0["task_id"] as? String ?? ""] == index }
            let fractions = members.map(taskFraction)
            let fraction = fractions.isEmpty ? 0 : fractions.reduce(0, +) / Double(fractions.count)
            let agents = members.map { task -> String in
                let name = Format.agentNames[task["agent"] as? String ?? ""] ?? (task["agent"] as? String ?? "?")
                return switch task["status"] as? String {
                case "succeeded": "\(name) ✓"
                case "failed": "\(name) ✗"
                case "skipped": "\(name) skipped"
                case "running": "\(name) \(task["progress"] as? Int ?? 0)%"
                default: "\(name) ·"
                }
            }
            return (phase["name"] as? String ?? "Phase \(index + 1)", fraction, agents)
        }
    }

    static func taskFraction(_ task: [String: Any]) -> Double {
        switch task["status"] as? String {
        case "succeeded", "failed", "skipped", "cancelled": 1
        case "running": Double(task["progress"] as? Int ?? 0) / 100
        default: 0
        }
    }

    static func budgetLine(_ job: [String: Any]) -> String {
        let budget = job["budget"] as? [String: Any] ?? [:]
        let currency = Format.currency(of: job)
        return "\(Format.money(budget["spent_cents"], currency)) spent of \(Format.money(budget["allocated_cents"], currency)) allocated (\(Format.money(budget["total_cents"], currency)) budget)"
    }

    static func bar(_ fraction: Double, width: Int = 24) -> String {
        let filled = Int((max(0, min(1, fraction)) * Double(width)).rounded())
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }
}

/// Bars redrawn in place (ANSI escapes): a bar per phase and the budget spent.
final class TerminalRunDisplay: RunDisplay {
    private struct State {
        var drawnLines = 0
        var connection = ""
        var title = ""
        var body: [String] = []
        /// Requests waiting for the owner, by id, as the lines to show.
        var approvals: [(id: String, line: String)] = []
    }
    private let state = Mutex(State())

    func started(jobID: String) {
        Output.line("Run \(jobID) started.")
    }

    func show(snapshot job: [String: Any]) { draw(job) }
    func show(event: [String: Any], job: [String: Any]) {
        if let approval = ApprovalLine(event) {
            state.withLock { state in
                state.approvals.removeAll { $0.id == approval.id }
                if approval.pending { state.approvals.append((approval.id, approval.text)) }
            }
        }
        draw(job)
    }

    func connection(_ connection: String) {
        state.withLock { $0.connection = connection == "live" ? "" : connection }
        render()
    }

    private func draw(_ job: [String: Any]) {
        let company = (job["plan"] as? [String: Any])?["company"] as? [String: Any]
        let title = "\(company?["company_name"] as? String ?? "Run") — \(job["status"] as? String ?? "starting")"
        var body: [String] = []
        let phases = RunProgress.phases(job)
        let width = max(6, phases.map(\.name.count).max() ?? 0)
        for phase in phases {
            body.append("  \(phase.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(RunProgress.bar(phase.fraction)) \(String(format: "%3d%%", Int(phase.fraction * 100)))  \(phase.agents.joined(separator: "  "))")
        }
        let budget = job["budget"] as? [String: Any] ?? [:]
        let spent = (budget["spent_cents"] as? NSNumber)?.doubleValue ?? 0
        let total = max(1, (budget["total_cents"] as? NSNumber)?.doubleValue ?? 1)
        body.append("  \("Budget".padding(toLength: width, withPad: " ", startingAt: 0))  \(RunProgress.bar(spent / total))       \(RunProgress.budgetLine(job))")
        state.withLock { state in
            state.title = title
            state.body = body + state.approvals.map { "  ! \($0.line)" }
        }
        render()
    }

    /// Replaces the lines drawn last with the current ones.
    private func render() {
        let text: String? = state.withLock { state in
            guard !state.title.isEmpty else { return nil }
            let lines = ["\(state.title)\(state.connection.isEmpty ? "" : " (\(state.connection))")"] + state.body
            let erase = state.drawnLines > 0 ? "\u{1B}[\(state.drawnLines)F\u{1B}[J" : ""
            state.drawnLines = lines.count
            return erase + lines.joined(separator: "\n") + "\n"
        }
        if let text { Output.raw(text) }
    }
}

/// One line per event, for logs and pipes.
struct PlainRunDisplay: RunDisplay {
    func started(jobID: String) { Output.line("run \(jobID) started") }

    func show(snapshot job: [String: Any]) {
        Output.line("run \(job["id"] as? String ?? "") is \(job["status"] as? String ?? "?"): \(RunProgress.budgetLine(job))")
    }

    func show(event: [String: Any], job: [String: Any]) {
        let data = event["data"] as? [String: Any] ?? [:]
        let seq = event["seq"] as? Int ?? 0
        let text: String? = switch event["event"] as? String {
        case "orchestration_started": "started"
        case "phase": "phase \(((data["phase"] as? Int) ?? 0) + 1) \(data["name"] as? String ?? "") \(data["status"] as? String ?? "")"
        case "agent_status_update":
            switch data["status"] as? String {
            case "running": "\(agent(data)) \(data["progress"] as? Int ?? 0)% \(data["message"] as? String ?? "")"
            case "completed": "\(agent(data)) completed: \(Format.money(data["budget_used_cents"], Format.currency(of: job))) used"
            default: "\(agent(data)) \(data["status"] as? String ?? "") \(data["message"] as? String ?? "")"
            }
        case "budget_update": "budget: \(RunProgress.budgetLine(job))"
        case "orchestration_complete", "orchestration_failed", "orchestration_cancelled": "run \(data["status"] as? String ?? ""): \(RunProgress.budgetLine(job))"
        case "approval_requested", "approval_decided": ApprovalLine(event)?.text
        default: nil
        }
        if let text { Output.line("[\(seq)] \(text.trimmingCharacters(in: .whitespaces))") }
    }

    func connection(_ state: String) {
        if state != "live" { Output.line("connection \(state)") }
    }

    private func agent(_ data: [String: Any]) -> String {
        Format.agentNames[data["agent"] as? String ?? ""] ?? (data["agent"] as? String ?? "agent")
    }
}

/// Every event as one JSON line.
struct JSONRunDisplay: RunDisplay {
    func started(jobID: String) {}
    func show(snapshot job: [String: Any]) {}
    func show(event: [String: Any], job: [String: Any]) { Output.jsonLine(event) }
    func connection(_ state: String) {}
}

/// An approval event as one line: what waits and the command that answers it, or the decision.
struct ApprovalLine {
    let id: String
    let pending: Bool
    let text: String

    init?(_ event: [String: Any]) {
        guard ["approval_requested", "approval_decided"].contains(event["event"] as? String ?? ""),
              let approval = (event["data"] as? [String: Any])?["approval"] as? [String: Any], let id = approval["id"] as? String
        else { return nil }
        self.id = id
        let status = approval["status"] as? String ?? ""
        pending = status == "pending"
        let reason = approval["reason"] as? String ?? ""
        if pending {
            text = "waiting for your approval: \(reason) Answer with: ceo client approvals approve|reject \(id), or raise \(id) --by AMOUNT"
        } else {
            let raised = approval["raised_cents"] as? Int ?? 0
            let currency = approval["currency"] as? String
            text = "\(approval["task_title"] as? String ?? "request") \(status)" + (raised > 0 ? ", allocation raised by \(Format.money(raised, currency))" : "")
                + ((approval["note"] as? String).map { ": \($0)" } ?? "")
        }
    }
}
