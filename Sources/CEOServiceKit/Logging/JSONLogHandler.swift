import Foundation
public import Logging

/// One JSON object per line on standard error: `ts`, `level`, `service` (the logger's
/// label), `message`, the metadata's keys (such as `request_id` and `trace_id`), and
/// `source`. Values are strings; a line is written with one `write`, so lines from
/// concurrent tasks never interleave.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    public init(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata { fields[key] = "\(value)" }
        for (key, value) in metadataProvider?.get() ?? [:] { fields[key] = "\(value)" }
        for (key, value) in event.metadata ?? [:] { fields[key] = "\(value)" }
        fields["ts"] = Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())
        fields["level"] = event.level.rawValue
        fields["service"] = label
        fields["message"] = "\(event.message)"
        fields["source"] = event.source
        guard var line = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        line.append(0x0A)
        FileHandle.standardError.write(line)
    }
}

/// How the product's processes log: `CEO_LOG_FORMAT` = `json` (the default when standard
/// error is not a terminal: containers, files, pipes) or `text` (one readable line,
/// the default on a terminal); `CEO_LOG_LEVEL` (default `info`).
public enum LogFormat: String, Sendable {
    case json, text

    public static func bootstrap(environment: [String: String], metadataProvider: Logger.MetadataProvider? = nil) {
        let level = environment["CEO_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        let format = environment["CEO_LOG_FORMAT"].flatMap { LogFormat(rawValue: $0.lowercased()) } ?? (isatty(STDERR_FILENO) == 1 ? .text : .json)
        LoggingSystem.bootstrap({ label, provider in
            switch format {
            case .json:
                return JSONLogHandler(label: label, level: level, metadataProvider: provider)
            case .text:
                var handler = StreamLogHandler.standardError(label: label, metadataProvider: provider)
                handler.logLevel = level
                return handler
            }
        }, metadataProvider: metadataProvider)
    }
}
