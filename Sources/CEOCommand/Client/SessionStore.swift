import Foundation

/// The CLI's session: the tokens from `ceo client login`, in
/// `$CEO_CLIENT_HOME/session.json` (default `~/.config/ceo`), readable by the user only.
struct SessionStore {
    struct Session: Codable {
        var url: String
        var email: String
        var accessToken: String
        var refreshToken: String
        var accessExpiresAtUnixMs: Int64
    }

    let directory: URL

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let home = environment["CEO_CLIENT_HOME"], !home.isEmpty {
            directory = URL(fileURLWithPath: home, isDirectory: true)
        } else if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            directory = URL(fileURLWithPath: config, isDirectory: true).appendingPathComponent("ceo")
        } else {
            directory = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config/ceo")
        }
    }

    var file: URL { directory.appendingPathComponent("session.json") }

    func load() -> Session? {
        guard let data = try? Data(contentsOf: file) else { return nil }
        return try? JSONDecoder().decode(Session.self, from: data)
    }

    func save(_ session: Session) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let data = try JSONEncoder().encode(session)
        // Created 0600 before the tokens are written.
        _ = FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600])
        try data.write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    }

    func remove() {
        try? FileManager.default.removeItem(at: file)
    }
}
