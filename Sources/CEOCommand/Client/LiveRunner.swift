import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOWebSocket

/// Starts or watches a run over the edge's WebSocket and follows it to its end. A
/// dropped connection is retried with back-off: the start again with the same
/// idempotency key (the same run), or `watch` after the last seq applied.
struct LiveRunner {
    let client: EdgeClient
    let display: any RunDisplay
    var attempts = 8

    /// Follows the run to its final status (`succeeded`, `failed`, …).
    func follow(start: [String: Any]?, jobID: String?) async throws -> (jobID: String, status: String) {
        let tracker = RunTracker(client: client, display: display, jobID: jobID)
        if jobID != nil {
            try await tracker.loadSnapshot()
            if let status = await tracker.finalStatus { return (jobID!, status) }
        }
        let startText = try start.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        var url = client.options.baseURL.replacingOccurrences(of: "https://", with: "wss://").replacingOccurrences(of: "http://", with: "ws://") + "/ws"
        if url.hasPrefix("wss://") == false && url.hasPrefix("ws://") == false { url = "wss://" + url }
        var failure: (any Error)?
        for attempt in 0..<attempts {
            if attempt > 0 {
                await tracker.connection("reconnecting")
                try await Task.sleep(for: .milliseconds(min(8_000, 500 << min(attempt, 4))))
            }
            let header = try await client.credential().header
            var headers = HTTPFields()
            headers[HTTPField.Name(header.name)!] = header.value
            do {
                _ = try await WebSocketClient.connect(
                    url: url,
                    configuration: WebSocketClientConfiguration(maxFrameSize: 1 << 22, additionalHeaders: headers),
                    tlsConfiguration: try client.options.tlsConfiguration(),
                    logger: Logger(label: "ceo-client")
                ) { inbound, outbound, _ in
                    await tracker.connection("live")
                    if let known = await tracker.jobID {
                        let watch = ["type": "watch", "job_id": known, "after_seq": await tracker.lastSeq] as [String: Any]
                        try await outbound.write(.text(String(decoding: try JSONSerialization.data(withJSONObject: watch), as: UTF8.self)))
                    } else if let startText {
                        try await outbound.write(.text(startText))
                    }
                    for try await message in inbound.messages(maxSize: 1 << 22) {
                        guard case .text(let text) = message else { continue }
                        if try await tracker.receive(text) { break }
                    }
                    try? await outbound.close(.normalClosure, reason: "done")
                }
            } catch let error as ClientFailure {
                throw error
            } catch {
                failure = error
            }
            if let status = await tracker.finalStatus, let id = await tracker.jobID { return (id, status) }
        }
        throw ClientFailure(.unavailable, "lost the connection to \(url) and could not resume: \(failure.map { "\($0)" } ?? "closed")")
    }
}
