import ArgumentParser
import Foundation
import NIOHTTP1

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Plan a company's launch: phases, tasks and the budget split by agent (from flags or a JSON/YAML file)."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var input: PlanInput

    func run() async throws {
        try await reportingFailures {
            let body = try input.body()
            try await EdgeClient.with(connection) { client in
                let reply = try await client.call(.POST, "/api/cfo/analyze", json: body)
                if connection.json { Output.json(reply.json) } else { Self.print(plan: reply.json["plan"] as? [String: Any] ?? [:]) }
            }
        }
    }

    static func print(plan: [String: Any]) {
        let company = plan["company"] as? [String: Any] ?? [:]
        let phases = plan["phases"] as? [[String: Any]] ?? []
        let tasks = plan["tasks"] as? [[String: Any]] ?? []
        Output.line("Plan for \(company["company_name"] as? String ?? "?"): \(tasks.count) tasks in \(phases.count) phases over \(company["timeline"] as? Int ?? 0) days")
        let currency = Format.currency(of: plan)
        Output.line("Budget \(Format.money(((plan["total_budget"] as? NSNumber)?.doubleValue ?? 0) * 100, currency)), reserve \(plan["reserve_percent"] as? Int ?? 0)% (\(Format.money(((plan["reserve"] as? NSNumber)?.doubleValue ?? 0) * 100, currency)))")
        if let readAs = company["read_as"] as? String, !readAs.isEmpty { Output.line("Located in \(readAs)") }
        if let rate = plan["planning_rate"] as? String { Output.line(rate) }
        Output.line()
        Output.line(Format.table(["PHASE", "AGENT", "TASK", "DAYS", "BUDGET"], tasks.sorted { ($0["phase"] as? Int ?? 0) < ($1["phase"] as? Int ?? 0) }.map { task in
            let phase = task["phase"] as? Int ?? 0
            return [phases.first { $0["index"] as? Int == phase }?["name"] as? String ?? "\(phase + 1)",
                    Format.agentNames[task["agent"] as? String ?? ""] ?? "?", task["title"] as? String ?? "",
                    "\(task["start_day"] as? Int ?? 0)–\(task["end_day"] as? Int ?? 0)", Format.money(task["budget_cents"], currency)]
        }))
        for warning in plan["warnings"] as? [String] ?? [] { Output.line("warning: \(warning)") }
        // Work no agent does, or left out for budget, with what to do instead.
        for entry in plan["uncovered_objectives"] as? [[String: Any]] ?? [] {
            Output.line("not covered: \(entry["objective"] as? String ?? "") — \(entry["advice"] as? String ?? "")")
        }
    }
}
