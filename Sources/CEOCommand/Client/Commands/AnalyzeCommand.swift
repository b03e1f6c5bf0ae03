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

    @Flag(help: "Approve the plan (with the adjustments below) as an immutable version that `run --plan` runs as it is.")
    var approve = false

    @Option(name: .customLong("drop-agent"), help: "With --approve: leave an agent out (repeat); its money goes to the reserve.")
    var dropAgents: [String] = []

    @Option(name: .customLong("add-agent"), help: "With --approve: bring an agent in with its standard launch objective (repeat).")
    var addAgents: [String] = []

    @Option(name: .customLong("task-budget"), help: "With --approve: a task's budget, TASK=AMOUNT in the plan's currency (repeat), at least the agent's minimum.")
    var taskBudgets: [String] = []

    @Option(help: "With --approve: the reserve in percent of the budget (0–50).")
    var adjustReserve: Int?

    func validate() throws {
        if !approve, !dropAgents.isEmpty || !addAgents.isEmpty || !taskBudgets.isEmpty || adjustReserve != nil {
            throw ValidationError("--drop-agent, --add-agent, --task-budget and --adjust-reserve adjust a plan you --approve")
        }
        for entry in taskBudgets where entry.split(separator: "=").count != 2 || Double(entry.split(separator: "=").last ?? "") == nil {
            throw ValidationError("--task-budget must be TASK=AMOUNT, for example legal=1500, got '\(entry)'")
        }
    }

    func run() async throws {
        try await reportingFailures {
            var body = try input.body()
            try await EdgeClient.with(connection) { client in
                guard approve else {
                    let reply = try await client.call(.POST, "/api/cfo/analyze", json: body)
                    if connection.json { Output.json(reply.json) } else { Self.print(plan: reply.json["plan"] as? [String: Any] ?? [:]) }
                    return
                }
                var adjustments: [String: Any] = ["drop_agents": dropAgents, "add_agents": addAgents]
                adjustments["task_budgets"] = Dictionary(uniqueKeysWithValues: taskBudgets.map { entry -> (String, Double) in
                    let parts = entry.split(separator: "=")
                    return (String(parts[0]), Double(parts[1]) ?? 0)
                })
                if let adjustReserve { adjustments["reserve_percent"] = adjustReserve }
                body["adjustments"] = adjustments
                let reply = try await client.call(.POST, "/api/cfo/plans", json: body)
                if connection.json { Output.json(reply.json); return }
                Self.print(plan: reply.json["plan"] as? [String: Any] ?? [:])
                let id = reply.json["plan_id"] as? String ?? ""
                Output.line()
                Output.line("Approved as plan \(id) (version \(reply.json["version"] as? Int ?? 0)). Run it as it is: ceo client run --plan \(id)")
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
