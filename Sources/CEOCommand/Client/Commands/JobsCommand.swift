import ArgumentParser
import Foundation
import NIOHTTP1

struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jobs", abstract: "Your runs, newest first.")

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Only runs with this status (pending, running, succeeded, partially_succeeded, failed, cancelled).")
    var status: String?

    @Option(help: "How many runs (1–100).")
    var limit = 20

    func validate() throws {
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be 1–100, got \(limit)") }
    }

    func run() async throws {
        try await reportingFailures {
            try await EdgeClient.with(connection) { client in
                var path = "/api/orchestrations?page_size=\(limit)"
                if let status { path += "&status=\(status.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? status)" }
                let reply = try await client.call(.GET, path)
                if connection.json { Output.json(reply.json); return }
                let jobs = reply.json["jobs"] as? [[String: Any]] ?? []
                guard !jobs.isEmpty else { Output.line("No runs."); return }
                Output.line(Format.table(["ID", "COMPANY", "STATUS", "SPENT", "BUDGET", "STARTED"], jobs.map { job in
                    let budget = job["budget"] as? [String: Any] ?? [:]
                    return [job["id"] as? String ?? "", ((job["plan"] as? [String: Any])?["company"] as? [String: Any])?["company_name"] as? String ?? "",
                            job["status"] as? String ?? "", Format.money(budget["spent_cents"], Format.currency(of: job)), Format.money(budget["total_cents"], Format.currency(of: job)), Format.date(job["created_at_unix_ms"])]
                }))
            }
        }
    }
}

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One run: status, budget, and each agent's task.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The run's id.")
    var id: String

    func run() async throws {
        try await reportingFailures {
            try await EdgeClient.with(connection) { client in
                let reply = try await client.call(.GET, "/api/orchestrations/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)")
                if connection.json { Output.json(reply.json); return }
                let job = reply.json["job"] as? [String: Any] ?? [:]
                let plan = job["plan"] as? [String: Any] ?? [:]
                let titles = Dictionary((plan["tasks"] as? [[String: Any]] ?? []).map { ($0["id"] as? String ?? "", $0["title"] as? String ?? "") }, uniquingKeysWith: { a, _ in a })
                Output.line("\((plan["company"] as? [String: Any])?["company_name"] as? String ?? "Run") — \(job["status"] as? String ?? "?")")
                Output.line("Run \(job["id"] as? String ?? id), started \(Format.date(job["created_at_unix_ms"])), ended \(Format.date(job["finished_at_unix_ms"]))")
                Output.line("Budget: \(RunProgress.budgetLine(job))")
                Output.line()
                Output.line(Format.table(["AGENT", "TASK", "STATUS", "USED", "ALLOCATED", "DELIVERABLES"], (job["tasks"] as? [[String: Any]] ?? []).map { task in
                    [Format.agentNames[task["agent"] as? String ?? ""] ?? "?", titles[task["task_id"] as? String ?? ""] ?? "", task["status"] as? String ?? "",
                     Format.money(task["budget_used_cents"], Format.currency(of: job)), Format.money(task["budget_allocated_cents"], Format.currency(of: job)), "\((task["deliverables"] as? [Any] ?? []).count)"]
                }))
                if let reason = job["failure_reason"] as? String, !reason.isEmpty { Output.line("\nReason: \(reason)") }
                // The re-plan step: what the money the run did not spend could do next.
                if let replan = job["replan"] as? [String: Any], let summary = replan["summary"] as? String, !summary.isEmpty,
                   (replan["available_cents"] as? Int64 ?? (replan["available_cents"] as? NSNumber)?.int64Value ?? 0) > 0 {
                    Output.line("\n\(summary)")
                    let offers = replan["offers"] as? [[String: Any]] ?? []
                    if !offers.isEmpty {
                        Output.line(Format.table(["AGENT", "OBJECTIVE", "AMOUNT", "WHAT IT BUYS"], offers.map { offer in
                            [Format.agentNames[offer["agent"] as? String ?? ""] ?? "?", offer["objective"] as? String ?? "",
                             Format.money(offer["amount_cents"], Format.currency(of: job)), offer["effect"] as? String ?? ""]
                        }))
                    }
                }
            }
        }
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "A run's deliverables as one Markdown file.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The run's id.")
    var id: String

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() async throws {
        try await reportingFailures {
            try await EdgeClient.with(connection) { client in
                let reply = try await client.call(.GET, "/api/orchestrations/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)/export")
                if let output {
                    do { try reply.body.write(to: URL(fileURLWithPath: output)) } catch { throw ClientFailure(.unexpected, "cannot write '\(output)': \(error)") }
                    if connection.json { Output.json(["success": true, "file": output, "bytes": reply.body.count]) } else { Output.line("Wrote \(reply.body.count) bytes to \(output).") }
                } else {
                    Output.raw(reply.text)
                }
            }
        }
    }
}
