@testable import Edge
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization
import Testing

/// Log lines kept in memory.
final class CapturedLogLines: Sendable {
    let lines = Mutex<[(level: Logger.Level, message: String, metadata: Logger.Metadata)]>([])

    func logger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "edge-test") { _ in CapturingLogHandler(captured: self) }
        logger.logLevel = level
        return logger
    }
}

struct CapturingLogHandler: LogHandler {
    let captured: CapturedLogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        captured.lines.withLock { $0.append((event.level, "\(event.message)", metadata.merging(event.metadata ?? [:]) { $1 })) }
    }
}

@Suite("Edge access log")
struct AccessLogTests {
    static func request(_ path: String) -> Request {
        Request(head: HTTPRequest(method: .get, scheme: "https", authority: "localhost", path: path), body: RequestBody(buffer: ByteBuffer()))
    }

    @Test("one info line per answered request with method, path without query, status and client; health at debug; nothing below the logger's level")
    func lines() throws {
        let captured = CapturedLogLines()
        let info = captured.logger(level: .info)
        AccessLogMiddleware.log(Self.request("/api/agents/available?token=secret"), logger: info, client: "192.0.2.7", status: 200, since: .now)
        AccessLogMiddleware.log(Self.request("/health/ready"), logger: info, client: "192.0.2.7", status: 200, since: .now)
        AccessLogMiddleware.log(Self.request("/api/jobs"), logger: captured.logger(level: .warning), client: "192.0.2.8", status: 500, since: .now)
        let lines = captured.lines.withLock { $0 }
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.level == .info && line.message == "request")
        #expect(line.metadata["method"] == "GET" && line.metadata["path"] == "/api/agents/available")
        #expect(line.metadata["status"] == "200" && line.metadata["client"] == "192.0.2.7" && line.metadata["duration_ms"] != nil)

        let debug = captured.logger(level: .debug)
        AccessLogMiddleware.log(Self.request("/health/ready"), logger: debug, client: "192.0.2.9", status: 200, since: .now)
        #expect(captured.lines.withLock { $0.last?.level == .debug && $0.last?.metadata["path"] == "/health/ready" })
    }
}
