import ArgumentParser
import Foundation
import NIOHTTP1

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start a run (from flags or a JSON/YAML file) and follow it live: a bar per phase and the budget spent.",
        discussion: "On a terminal the bars are redrawn in place; otherwise one line per event; --json prints the events as JSON lines. Exits 7 unless the run succeeds."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var input: PlanInput

    @Option(help: "Follow an existing run instead of starting one.")
    var watch: String?

    @Option(help: "Run an approved plan version (analyze --approve) as it was approved; the company flags are not read.")
    var plan: String?

    @Flag(help: "Plain lines even on a terminal.")
    var plain = false

    func run() async throws {
        try await reportingFailures {
            var start: [String: Any]?
            if let plan, watch == nil {
                start = ["type": "execute_full_orchestration", "plan_id": plan, "idempotency_key": UUID().uuidString.lowercased()]
            } else if watch == nil {
                var body = try input.body()
                let objectives = body.removeValue(forKey: "objectives")
                let reserve = body.removeValue(forKey: "reserve_percent")
                start = ["type": "execute_full_orchestration", "company_info": body, "objectives": objectives as Any, "idempotency_key": UUID().uuidString.lowercased()]
                if let reserve { start?["reserve_percent"] = reserve }
            }
            let display: any RunDisplay = if connection.json { JSONRunDisplay() } else if Output.isTerminal && !plain { TerminalRunDisplay() } else { PlainRunDisplay() }
            try await EdgeClient.with(connection) { client in
                let (jobID, status) = try await LiveRunner(client: client, display: display).follow(start: start, jobID: watch)
                if !connection.json {
                    Output.line("Run \(jobID) \(status). Deliverables: ceo client export \(jobID)")
                }
                guard status == "succeeded" else { throw ClientFailure(.runUnsuccessful, "the run ended \(status)") }
            }
        }
    }
}
