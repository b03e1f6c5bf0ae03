import ArgumentParser
import Foundation
import NIOHTTP1

struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign in; the tokens are kept in $CEO_CLIENT_HOME/session.json (default ~/.config/ceo), readable by you only.",
        discussion: "The password is read from --password-file, else CEO_PASSWORD, else standard input."
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Your email.")
    var email: String

    @Option(help: "A file holding the password (its first line).")
    var passwordFile: String?

    func run() async throws {
        try await reportingFailures {
            let password = try PasswordInput.read(file: passwordFile, variable: "CEO_PASSWORD")
            try await EdgeClient.with(connection) { client in
                let reply = try await client.call(.POST, "/api/auth/login", json: ["email": email, "password": password, "session": false], authenticated: false)
                try client.saveSession(reply.json, email: email)
                let me = try await client.call(.GET, "/api/auth/me").json["user"] as? [String: Any] ?? [:]
                if connection.json { Output.json(["success": true, "user": me]) } else {
                    Output.line("Signed in to \(connection.baseURL) as \(me["email"] as? String ?? email) (\(me["role"] as? String ?? "user")).")
                }
            }
        }
    }
}

struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Sign out: revoke the session and forget its tokens.",
        discussion: "--everywhere ends every session of the signed-in user (other machines and browsers too); --user ID, for an admin, ends every session of that user."
    )

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "End every session of the signed-in user, on every device.")
    var everywhere = false

    @Option(help: "Admin: end every session of this user id (the admin stays signed in).")
    var user: String?

    func validate() throws {
        if everywhere, user != nil { throw ValidationError("--everywhere is for your own sessions and --user for another user's: pass one") }
    }

    func run() async throws {
        try await reportingFailures {
            try await EdgeClient.with(connection) { client in
                if let user {
                    let path = "/api/admin/users/\(user.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? user)/logout-everywhere"
                    let reply = try await client.call(.POST, path)
                    let ended = reply.json["sessions_ended"] as? Int ?? 0
                    if connection.json { Output.json(reply.json) } else { Output.line("Ended \(ended) session\(ended == 1 ? "" : "s") of user \(user); their access tokens are revoked.") }
                    return
                }
                if everywhere {
                    let reply = try await client.call(.POST, "/api/auth/logout-everywhere")
                    client.store.remove()
                    let ended = reply.json["sessions_ended"] as? Int ?? 0
                    if connection.json { Output.json(reply.json) } else { Output.line("Signed out everywhere (\(ended) session\(ended == 1 ? "" : "s") ended).") }
                    return
                }
                if let session = client.store.load(), session.url == connection.baseURL {
                    _ = try? await client.call(.POST, "/api/auth/logout", json: ["refresh_token": session.refreshToken], authenticated: false)
                }
                client.store.remove()
                if connection.json { Output.json(["success": true]) } else { Output.line("Signed out.") }
            }
        }
    }
}
