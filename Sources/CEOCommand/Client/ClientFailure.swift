import ArgumentParser

/// Exit codes of `ceo client`, for scripts (also in `docs/CLI.md`).
enum ClientExit: Int32 {
    case success = 0
    case unexpected = 1
    /// The server refused the input (400, 409, 413, 415).
    case refused = 2
    /// Not signed in, or not allowed (401, 403).
    case unauthorized = 3
    case notFound = 4
    case rateLimited = 5
    /// The edge or a service behind it is unreachable or failing (5xx, network).
    case unavailable = 6
    /// A run ended failed, partly done or cancelled.
    case runUnsuccessful = 7
}

/// A failure the CLI reports on standard error and turns into its exit code.
struct ClientFailure: Error, CustomStringConvertible {
    let exit: ClientExit
    let description: String
    /// Field problems from the API's `details`.
    var details: [(field: String, message: String)] = []

    init(_ exit: ClientExit, _ description: String, details: [(field: String, message: String)] = []) {
        self.exit = exit
        self.description = description
        self.details = details
    }

    /// The failure for an HTTP status and the API's error body.
    static func http(_ status: Int, body: [String: Any]) -> ClientFailure {
        let message = body["message"] as? String ?? "the server answered \(status)"
        let details = (body["details"] as? [[String: Any]] ?? []).map { (field: $0["field"] as? String ?? "", message: $0["message"] as? String ?? "") }
        let exit: ClientExit = switch status {
        case 401, 403: .unauthorized
        case 404: .notFound
        case 429: .rateLimited
        case 500...: .unavailable
        default: .refused
        }
        var text = message
        if status == 401 { text += " (sign in with `ceo client login`, or pass --api-key)" }
        if status == 429, let retry = body["retry_after"] as? Int { text += " (retry in \(retry) s)" }
        return ClientFailure(exit, text, details: details)
    }
}

/// Runs a client command body: failures go to standard error and become exit codes.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as ClientFailure {
        var lines = ["error: \(failure.description)"]
        lines += failure.details.map { "  \($0.field): \($0.message)" }
        FileHandleStandardError.write(lines.joined(separator: "\n") + "\n")
        throw ExitCode(failure.exit.rawValue)
    }
}
