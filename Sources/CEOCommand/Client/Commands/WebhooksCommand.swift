import ArgumentParser
import Foundation
import NIOHTTP1

/// `ceo client webhooks`: endpoints that receive your run and approval events.
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Endpoints that receive your run and approval events, signed with HMAC-SHA256.",
        subcommands: [Create.self, List.self, Delete.self, Deliveries.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an endpoint; its secret is printed once.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The endpoint's URL (HTTPS, and a public address, in production).") var url: String
        @Option(name: .customLong("event"), help: "An event (repeat): run.started, run.finished, approval.requested, approval.decided (default: all).")
        var events: [String] = []

        func run() async throws {
            try await reportingFailures {
                try await EdgeClient.with(connection) { client in
                    let reply = try await client.call(.POST, "/api/webhooks", json: ["url": url, "events": events])
                    if connection.json { Output.json(reply.json); return }
                    let webhook = reply.json["webhook"] as? [String: Any] ?? [:]
                    Output.line("Created webhook \(webhook["id"] as? String ?? "") for \((webhook["events"] as? [String] ?? []).joined(separator: ", ")).")
                    Output.line("Its signing secret, shown this once (X-CEO-Signature is sha256=HMAC(secret, timestamp + \".\" + body)):")
                    Output.line(reply.json["secret"] as? String ?? "")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List your webhooks.")
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await reportingFailures {
                try await EdgeClient.with(connection) { client in
                    let reply = try await client.call(.GET, "/api/webhooks")
                    if connection.json { Output.json(reply.json); return }
                    let hooks = reply.json["webhooks"] as? [[String: Any]] ?? []
                    guard !hooks.isEmpty else { Output.line("No webhooks."); return }
                    Output.line(Format.table(["ID", "URL", "EVENTS", "SECRET", "CREATED"], hooks.map { hook in
                        [hook["id"] as? String ?? "", hook["url"] as? String ?? "", (hook["events"] as? [String] ?? []).joined(separator: ","),
                         (hook["secret_prefix"] as? String ?? "") + "…", Format.date(hook["created_at_unix_ms"])]
                    }))
                }
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a webhook; its pending deliveries stop.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The webhook's id.") var id: String

        func run() async throws {
            try await reportingFailures {
                try await EdgeClient.with(connection) { client in
                    let reply = try await client.call(.DELETE, "/api/webhooks/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)")
                    if connection.json { Output.json(reply.json) } else { Output.line("Deleted webhook \(id).") }
                }
            }
        }
    }

    struct Deliveries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A webhook's newest deliveries, with their attempts.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The webhook's id.") var id: String

        func run() async throws {
            try await reportingFailures {
                try await EdgeClient.with(connection) { client in
                    let reply = try await client.call(.GET, "/api/webhooks/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)/deliveries")
                    if connection.json { Output.json(reply.json); return }
                    let deliveries = reply.json["deliveries"] as? [[String: Any]] ?? []
                    guard !deliveries.isEmpty else { Output.line("No deliveries yet."); return }
                    Output.line(Format.table(["EVENT", "RUN", "SEQ", "STATUS", "ATTEMPTS", "LAST", "NEXT"], deliveries.map { delivery in
                        [delivery["event"] as? String ?? "", String((delivery["job_id"] as? String ?? "").prefix(8)), "\(delivery["seq"] as? Int ?? 0)",
                         delivery["status"] as? String ?? "", "\(delivery["attempts"] as? Int ?? 0)",
                         (delivery["last_status_code"] as? Int).map { $0 == 0 ? (delivery["last_error"] as? String ?? "") : "HTTP \($0)" } ?? "",
                         delivery["status"] as? String == "pending" ? Format.date(delivery["next_attempt_at_unix_ms"]) : ""]
                    }))
                }
            }
        }
    }
}
