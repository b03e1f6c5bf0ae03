public import Foundation
import Synchronization

/// The folder CI keeps (`artifacts/`): service logs of the tests' child processes in
/// `artifacts/logs`, and the secrets the tests used in `artifacts/logs/secrets-used.txt`,
/// which the test command then looks for in every log.
public enum TestArtifacts {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("artifacts")
    public static var logs: URL { root.appendingPathComponent("logs") }

    private static let lock = Mutex(())

    /// A new log file for a child process running `command`.
    public static func logFile(for command: String) -> URL {
        try? FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let file = logs.appendingPathComponent("\(command)-\(UUID().uuidString.prefix(8).lowercased()).log")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        return file
    }

    /// Notes a secret a test gave to the product, so that the log check can look for it.
    public static func recordSecret(_ secret: String) {
        guard !secret.isEmpty else { return }
        lock.withLock { _ in
            try? FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
            let file = logs.appendingPathComponent("secrets-used.txt")
            if !FileManager.default.fileExists(atPath: file.path) { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
            guard let handle = try? FileHandle(forWritingTo: file) else { return }
            defer { try? handle.close() }
            _ = try? handle.seekToEnd()
            try? handle.write(contentsOf: Data((secret + "\n").utf8))
        }
    }
}
