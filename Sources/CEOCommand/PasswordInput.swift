import ArgumentParser
import Foundation

/// A password for a command: the first line of `file`, else the environment variable
/// `variable`, else a prompt on a terminal, else the first line of standard input.
enum PasswordInput {
    static func read(file: String?, variable: String, fileOption: String = "--password-file") throws -> String {
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw ValidationError("\(fileOption): cannot read '\(file)'") }
            return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        }
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return value }
        if isatty(STDIN_FILENO) == 1 { return String(cString: getpass("Password: ")) }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("no password: pass \(fileOption), set \(variable), or write it to standard input")
        }
        return line
    }
}
