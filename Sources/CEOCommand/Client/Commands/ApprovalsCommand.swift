import ArgumentParser
import Foundation
import NIOHTTP1

/// `ceo client approvals`: the requests runs make before spending, and the decisions.
struct ApprovalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals",
        abstract: "Approval requests of your runs: list, approve, reject, raise; and the policy that makes them.",
        subcommands: [List.self, Approve.self, Reject.self, Raise.self, Policy.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List approval requests, newest first.")

        @OptionGroup var connection: ConnectionOptions

        @Option(help: "Only this status: pending, approved, rejected, expired.")
        var status: String?

        @Option(help: "Only this run's requests.")
        var job: String?

        func run() async throws {
            try await reportingFailures {
                try await EdgeClient.with(connection) { client in
                    var query: [String] = ["page_size=100"]
                    if let status { query.append("status=\(status.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? status)") }
                    if let job { query.append("job_id=\(job.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? job)") }
                    let reply = try await client.call(.GET, "/api/approvals?" + query.joined(separator: "&"))
                    if connection.json { Output.json(reply.json); return }
                    let approvals = reply.json["approvals"] as? [[String: Any]] ?? []
                    guard !approvals.isEmpty else { Output.line("No approval requests."); return }
                    Output.line(Format.table(["ID", "RUN", "TASK", "KIND", "AMOUNT", "STATUS", "EXPIRES"], approvals.map { approval in
                        [approval["id"] as? String ?? "", String((approval["job_id"] as? String ?? "").prefix(8)), approval["task_title"] as? String ?? "",
                         approval["kind"] as? String ?? "", Format.money(approval["amount_cents"], approval["currency"] as? String),
                         approval["status"] as? String ?? "", Format.date(approval["expires_at_unix_ms"])]
                    }))
                    for approval in approvals where approval["status"] as? String == "pending" {
                        Output.line("\(approval["id"] as? String ?? ""): \(approval["reason"] as? String ?? "")")
                    }
                }
            }
        }
    }

    /// Sends a decision and prints the decided request.
    static func decide(_ connection: ConnectionOptions, id: String, body: [String: Any]) async throws {
        try await reportingFailures {
            try await EdgeClient.with(connection) { client in
                let path = "/api/approvals/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)/decision"
                let reply = try await client.call(.POST, path, json: body)
                if connection.json { Output.json(reply.json); return }
                let approval = reply.json["approval"] as? [String: Any] ?? [:]
                let raised = approval["raised_cents"] as? Int ?? 0
                Output.line("\(approval["task_title"] as? String ?? id): \(approval["status"] as? String ?? "")"
                            + (raised > 0 ? ", allocation raised by \(Format.money(raised, approval["currency"] as? String))" : "") + ". The run resumes.")
            }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a request (an overrun is paid from the run's reserve).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The request's id.") var id: String
        @Option(help: "Why, kept with the decision.") var note: String?

        func run() async throws {
            try await ApprovalsCommand.decide(connection, id: id, body: ["decision": "approve", "note": note ?? ""])
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a request: the task is skipped.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The request's id.") var id: String
        @Option(help: "Why, kept with the decision.") var note: String?

        func run() async throws {
            try await ApprovalsCommand.decide(connection, id: id, body: ["decision": "reject", "note": note ?? ""])
        }
    }

    struct Raise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Raise the task's allocation and approve.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The request's id.") var id: String
        @Option(help: "By how much to raise the allocation, in the run's currency (for example 250 or 99.50).") var by: Double
        @Option(help: "Raise the run's budget by this much first, where the reserve does not cover the raise.") var budgetBy: Double?
        @Option(help: "Why, kept with the decision.") var note: String?

        func run() async throws {
            var body: [String: Any] = ["decision": "raise", "raise": by, "note": note ?? ""]
            if let budgetBy { body["raise_budget"] = budgetBy }
            try await ApprovalsCommand.decide(connection, id: id, body: body)
        }
    }

    struct Policy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or set when runs ask before spending.",
            discussion: "Without options it shows the policy. --up-to sets the amount a task may cost without asking (--up-to none: no task asks)."
        )
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Tasks costing more than this wait for approval, in --currency; 'none' to never ask.") var upTo: String?
        @Option(help: "The currency of --up-to (default USD).") var currency: String?
        @Option(help: "How long a request waits before it expires, in hours (default 24).") var expireHours: Double?
        @Option(help: "What a rejection does: continue or end_run.") var onRejection: String?
        @Option(name: .customLong("for-key"), help: "The policy of one of your API keys (its id) instead of your own.") var forKey: String?

        func run() async throws {
            try await reportingFailures {
                try await EdgeClient.with(connection) { client in
                    let query = forKey.map { "?api_key_id=\($0.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? $0)" } ?? ""
                    var reply: EdgeClient.Reply
                    if upTo == nil, currency == nil, expireHours == nil, onRejection == nil {
                        reply = try await client.call(.GET, "/api/approval-policy" + query)
                    } else {
                        let current = try await client.call(.GET, "/api/approval-policy" + query).json["policy"] as? [String: Any] ?? [:]
                        var body: [String: Any] = ["api_key_id": forKey ?? ""]
                        body["currency"] = currency ?? current["currency"] ?? "USD"
                        body["on_rejection"] = onRejection ?? current["on_rejection"] ?? "continue"
                        body["expire_after_seconds"] = expireHours.map { Int(($0 * 3600).rounded()) } ?? current["expire_after_seconds"] ?? 86_400
                        switch upTo {
                        case "none"?: body["auto_approve_up_to"] = NSNull()
                        case let text?:
                            guard let amount = Double(text) else { throw ValidationError("--up-to must be an amount or 'none', got '\(text)'") }
                            body["auto_approve_up_to"] = amount
                        case nil:
                            body["auto_approve_up_to"] = (current["auto_approve_up_to_cents"] as? Int).map { Double($0) / 100 } ?? NSNull()
                        }
                        reply = try await client.call(.PUT, "/api/approval-policy", json: body)
                    }
                    if connection.json { Output.json(reply.json); return }
                    let policy = reply.json["policy"] as? [String: Any] ?? [:]
                    let currency = policy["currency"] as? String
                    if let cents = policy["auto_approve_up_to_cents"] as? Int {
                        Output.line("Tasks above \(Format.money(cents, currency)) wait for your approval; so does any result above its task's allocation.")
                    } else {
                        Output.line("No task waits for approval.")
                    }
                    let hours = Double(policy["expire_after_seconds"] as? Int ?? 86_400) / 3600
                    Output.line("A request expires after \(hours.formatted()) hour\(hours == 1 ? "" : "s"); a rejection \((policy["on_rejection"] as? String) == "end_run" ? "ends the run" : "skips the task and the run goes on").")
                }
            }
        }
    }
}

/// `ceo client budget` and `ceo client actuals`: a run's money as it was planned and paid.
struct BudgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget",
        abstract: "A run's planned, committed and actual spend; change its budget.",
        subcommands: [Show.self, Set.self],
        defaultSubcommand: Show.self
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Planned against actual, per agent and in total.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The run's id.") var job: String

        func run() async throws {
            try await reportingFailures {
                try await EdgeClient.with(connection) { client in
                    let reply = try await client.call(.GET, "/api/orchestrations/\(job)/budget")
                    if connection.json { Output.json(reply.json); return }
                    BudgetCommand.print(reply.json)
                }
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Raise or lower an unfinished run's budget; the difference goes to or comes from its reserve.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The run's id.") var job: String
        @Option(help: "The new total, in the run's currency.") var total: Double
        @Option(help: "Why, kept in the ledger.") var note: String?

        func run() async throws {
            try await reportingFailures {
                try await EdgeClient.with(connection) { client in
                    let reply = try await client.call(.PUT, "/api/orchestrations/\(job)/budget", json: ["total": total, "note": note ?? ""])
                    if connection.json { Output.json(reply.json); return }
                    BudgetCommand.print(reply.json)
                }
            }
        }
    }

    /// The ledger as a table: per agent and the total.
    static func print(_ ledger: [String: Any]) {
        let currency = ledger["currency"] as? String
        let rows = (ledger["agents"] as? [[String: Any]] ?? []) + [ledger["total"] as? [String: Any] ?? [:]]
        Output.line(Format.table(["AGENT", "PLANNED", "COMMITTED", "ACTUAL", "VARIANCE"], rows.map { row in
            [row["agent"] as? String ?? "total", Format.money(row["planned_cents"], currency), Format.money(row["committed_cents"], currency),
             Format.money(row["actual_cents"], currency), Format.money(row["variance_cents"], currency)]
        }))
        let budget = ledger["budget"] as? [String: Any] ?? [:]
        Output.line("Budget \(Format.money(budget["total_cents"], currency)), reserve \(Format.money(budget["contingency_cents"], currency)), paid \(Format.money(budget["actual_cents"], currency)).")
    }
}

struct ActualsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actuals", abstract: "Record what a run's work actually cost.", subcommands: [Add.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a payment for a task (or the run as a whole).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The run's id.") var job: String
        @Option(help: "The task it paid for (default: the run as a whole).") var task: String?
        @Option(help: "What was paid, in --currency.") var amount: Double
        @Option(help: "The currency paid in (default: the run's).") var currency: String?
        @Option(help: "Run-currency units per 1 --currency, for a payment in another currency (for example 1.0825).") var rate: String?
        @Option(help: "The day it was paid, YYYY-MM-DD (default: today).") var paidOn: String?
        @Option(help: "Who was paid.") var vendor: String?
        @Option(help: "A note.") var note: String?

        func run() async throws {
            try await reportingFailures {
                try await EdgeClient.with(connection) { client in
                    var body: [String: Any] = ["amount": amount, "paid_on": paidOn ?? Self.today()]
                    if let task { body["task_id"] = task }
                    if let currency { body["currency"] = currency }
                    if let rate { body["rate"] = rate }
                    if let vendor { body["vendor"] = vendor }
                    if let note { body["note"] = note }
                    let reply = try await client.call(.POST, "/api/orchestrations/\(job)/actuals", json: body)
                    if connection.json { Output.json(reply.json); return }
                    BudgetCommand.print(reply.json)
                }
            }
        }

        static func today() -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd"
            return formatter.string(from: Date())
        }
    }
}
