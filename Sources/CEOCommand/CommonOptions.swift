import ArgumentParser
import Foundation
import Logging

/// Options every service process takes.
struct DataOptions: ParsableArguments {
    @Option(help: "Folder for the SQLite files and the development PKI (env CEO_DATA_DIR).")
    var dataDir: String = ProcessInfo.processInfo.environment["CEO_DATA_DIR"] ?? "data"

    var dataDirectory: URL { URL(fileURLWithPath: dataDir, isDirectory: true).standardizedFileURL }
}

enum LogSetup {
    /// Logs to standard error, one line each, labelled with the service's name.
    static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let level = environment["CEO_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
