@testable import Edge
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
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

    @Test("a request's log lines carry its request id: the access log's and any other on the context's logger; none below the level")
    func requestIDInLines() throws {
        let captured = CapturedLogLines()
        var head = HTTPRequest(method: .get, scheme: "https", authority: "localhost", path: "/api/jobs")
        head.headerFields[.requestID] = "client-chosen-id-42"
        let request = Request(head: head, body: RequestBody(buffer: ByteBuffer()))
        for (logger, expected) in [(captured.logger(level: .info), 1), (captured.logger(level: .warning), 0)] {
            var context = EdgeRequestContext(source: .init(channel: EmbeddedChannel(), logger: logger))
            RequestIDMiddleware.assign(to: &context, from: request)
            let before = captured.lines.withLock { $0.count }
            AccessLogMiddleware.log(request, context, status: 200, since: .now)
            #expect(captured.lines.withLock { $0.count } == before + expected)
        }
        #expect(captured.lines.withLock { $0.last?.metadata["request_id"] } == "client-chosen-id-42")

        var context = EdgeRequestContext(source: .init(channel: EmbeddedChannel(), logger: captured.logger(level: .info)))
        RequestIDMiddleware.assign(to: &context, from: Self.request("/api/jobs"))
        #expect(context.requestID.count == 36)
        context.logger.error("internal service failed")
        // Metadata set through the context's logger stays, beside the id.
        context.logger[metadataKey: "job"] = "job-1"
        context.logger.warning("watch failed")
        let lines = captured.lines.withLock { Array($0.suffix(2)) }
        #expect(lines.map { $0.metadata["request_id"] } == [.string(context.requestID), .string(context.requestID)])
        #expect(lines.last?.metadata["job"] == "job-1")
    }
}
