import ArgumentParser
import Foundation
import NIOHTTP1

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Your API keys.", subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key; its secret is printed once.")

        @OptionGroup var connection: ConnectionOptions

        @Option(help: "What the key is for.")
        var name: String

        @Option(name: .customLong("scope"), help: "A scope (repeat): plans:read, plans:write, runs:read, runs:write (default: all four).")
        var scopes: [String] = ["plans:read", "plans:write", "runs:read", "runs:write"]

        @Option(help: "Days until it expires (default: never).")
        var expiresInDays: Int?

        func run() async throws {
            try await reportingFailures {
                try await EdgeClient.with(connection) { client in
                    var body: [String: Any] = ["name": name, "scopes": scopes]
                    if let expiresInDays { body["expires_in_days"] = expiresInDays }
                    let reply = try await client.call(.POST, "/api/keys", json: body)
                    if connection.json { Output.json(reply.json); return }
                    let key = reply.json["key"] as? [String: Any] ?? [:]
                    Output.line("Created \(key["name"] as? String ?? name) (\(key["id"] as? String ?? "")). The key, shown this once:")
                    Output.line(reply.json["secret"] as? String ?? "")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List your keys.")

        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await reportingFailures {
                try await EdgeClient.with(connection) { client in
                    let reply = try await client.call(.GET, "/api/keys")
                    if connection.json { Output.json(reply.json); return }
                    let keys = reply.json["keys"] as? [[String: Any]] ?? []
                    guard !keys.isEmpty else { Output.line("No keys."); return }
                    Output.line(Format.table(["ID", "NAME", "PREFIX", "SCOPES", "CREATED", "LAST USED", "REVOKED"], keys.map { key in
                        [key["id"] as? String ?? "", key["name"] as? String ?? "", key["prefix"] as? String ?? "", (key["scopes"] as? [String] ?? []).joined(separator: ","),
                         Format.date(key["created_at_unix_ms"]), Format.date(key["last_used_at_unix_ms"]), (key["revoked"] as? Bool ?? false) ? "yes" : "no"]
                    }))
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key; it stops working at once.")

        @OptionGroup var connection: ConnectionOptions

        @Argument(help: "The key's id.")
        var id: String

        func run() async throws {
            try await reportingFailures {
                try await EdgeClient.with(connection) { client in
                    let reply = try await client.call(.DELETE, "/api/keys/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)")
                    if connection.json { Output.json(reply.json) } else { Output.line("Revoked \(id).") }
                }
            }
        }
    }
}
