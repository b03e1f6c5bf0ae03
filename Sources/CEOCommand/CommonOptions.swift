import ArgumentParser
import CEOServiceKit
import Foundation
import Logging

/// Options every service process takes.
struct DataOptions: ParsableArguments {
    @Option(help: "Folder for the SQLite files and the development PKI (env CEO_DATA_DIR).")
    var dataDir: String = ProcessInfo.processInfo.environment["CEO_DATA_DIR"] ?? "data"

    var dataDirectory: URL { URL(fileURLWithPath: dataDir, isDirectory: true).standardizedFileURL }
}

enum LogSetup {
    /// Logs to standard error: JSON lines, or readable lines on a terminal (see `LogFormat`).
    static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment, metadataProvider: Logger.MetadataProvider? = nil) {
        LogFormat.bootstrap(environment: environment, metadataProvider: metadataProvider)
    }
}
