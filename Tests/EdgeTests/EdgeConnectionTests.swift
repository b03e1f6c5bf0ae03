import Edge
import Foundation
import NIOHTTP1
import Testing

/// Slow, idle, too many and non-reading clients, over raw TLS connections.
@Suite("Edge connections: header deadline, idle timeout, connection cap, non-reading WebSocket clients", .timeLimit(.minutes(2)))
struct EdgeConnectionTests {
    static let healthRequest = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"

    @Test("a connection that trickles its request head, or sends nothing, is closed at the deadline; a complete request disarms it until idle")
    func headerDeadline() async throws {
        var environment = try EdgeTestEnvironment()
        environment.tune = { configuration in
            // Seconds, not one: the deadline counts the TLS handshake, which a loaded
            // machine running the whole suite can stretch past a second.
            configuration.requestHeadTimeout = .seconds(4)
            configuration.idleTimeout = .seconds(10)
        }
        try await environment.run { edge in
            // Slowloris: a header line every 300 ms, never the blank line.
            let slow = try await RawTLSConnection.open(port: edge.port, trustRoots: edge.trustRoots)
            slow.send("GET /health HTTP/1.1\r\nHost: localhost\r\n")
            for line in 0..<30 where !slow.isClosed {
                slow.send("X-Slow-\(line): 1\r\n")
                try await Task.sleep(for: .milliseconds(400))
            }
            let slowClosed = slow.isClosed
            #expect(slowClosed, "a trickled head kept the connection open")
            #expect(!slow.received.contains("HTTP/1.1"), "a partial head was answered")

            // A connection that sends nothing at all.
            let silent = try await RawTLSConnection.open(port: edge.port, trustRoots: edge.trustRoots)
            #expect(await silent.wait(upTo: .seconds(20)) { $0.isClosed })
            #expect(edge.metric("ceo_edge_http_header_timeouts_total") == 2)

            // A prompt request is answered and the connection lives on past the deadline…
            let prompt = try await RawTLSConnection.open(port: edge.port, trustRoots: edge.trustRoots)
            prompt.send(Self.healthRequest)
            #expect(await prompt.wait(upTo: .seconds(20)) { $0.received.contains("HTTP/1.1 200") })
            try await Task.sleep(for: .seconds(5))
            #expect(!prompt.isClosed, "the head deadline fired after a complete head")
            // …until it has been idle for the idle timeout.
            #expect(await prompt.wait(upTo: .seconds(30)) { $0.isClosed })
            #expect(edge.metric("ceo_edge_http_header_timeouts_total") == 2)
        }
    }

    @Test("at the connection cap a new connection waits, and is served once another closes")
    func connectionCap() async throws {
        var environment = try EdgeTestEnvironment()
        environment.tune = { $0.maximumConnections = 3 }
        try await environment.run { edge in
            var open: [RawTLSConnection] = []
            for _ in 0..<3 {
                let connection = try await RawTLSConnection.open(port: edge.port, trustRoots: edge.trustRoots)
                connection.send(Self.healthRequest)
                #expect(await connection.wait(upTo: .seconds(60)) { $0.received.contains("HTTP/1.1 200") })
                open.append(connection)
            }
            #expect(edge.metric("ceo_edge_http_open_connections") == 3)
            let waiting = try await RawTLSConnection.open(port: edge.port, trustRoots: edge.trustRoots)
            waiting.send(Self.healthRequest)
            try await Task.sleep(for: .milliseconds(1_500))
            #expect(waiting.receivedByteCount == 0, "a connection beyond the cap was served")
            await open[0].close()
            #expect(await waiting.wait(upTo: .seconds(60)) { $0.received.contains("HTTP/1.1 200") })
            for connection in open.dropFirst() + [waiting] { await connection.close() }
        }
    }

    @Test("a WebSocket client that stops reading is disconnected; its queue never grows past the cap and the edge stays healthy")
    func nonReadingWebSocketClient() async throws {
        var environment = try EdgeTestEnvironment()
        environment.tune = { configuration in
            configuration.webSocketLimits.sendQueueCapacity = 64
            configuration.webSocketLimits.messagesPerWindow = 10_000
            configuration.socketSendBufferBytes = 16 << 10
        }
        try await environment.run { edge in
            let token = try await edge.signUp("reader@example.com")
            let bearer = [("Authorization", "Bearer \(token)")]
            // A finished run, whose events each watch replays from the start.
            let started = try await edge.send(.POST, "/api/orchestrations", headers: bearer, json: EdgeAPITests.saas)
            let id = try #require(started.json["job_id"] as? String)
            for _ in 0..<200 {
                let job = try await edge.send(.GET, "/api/orchestrations/\(id)", headers: bearer).json["job"] as? [String: Any]
                if job?["status"] as? String == "succeeded" { break }
                try await Task.sleep(for: .milliseconds(50))
            }

            let client = try await RawTLSConnection.open(port: edge.port, trustRoots: edge.trustRoots, receiveBuffer: 4_096)
            client.send(
                "GET /ws HTTP/1.1\r\nHost: localhost:\(edge.port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer \(token)\r\n\r\n"
            )
            #expect(await client.wait(upTo: .seconds(60)) { $0.received.contains("HTTP/1.1 101") })
            #expect(await client.wait(upTo: .seconds(60)) { _ in edge.metric("ceo_edge_websocket_sessions") == 1 })
            try await client.setReading(false)
            // Ask for replay after replay without reading any of it.
            let dropped = #"ceo_edge_websocket_disconnects_total{reason="slow_consumer"}"#
            var watches = 0
            while edge.metric(dropped) == nil, watches < 100 {
                client.send(webSocketTextFrame(#"{"type": "watch", "job_id": "\#(id)", "after_seq": 0}"#))
                watches += 1
                try await Task.sleep(for: .milliseconds(300))
            }
            #expect(edge.metric(dropped) == 1, "the edge kept a client that read nothing through \(watches) replays")
            // The session is gone, and once the client reads again it finds the connection closed.
            #expect(await client.wait(upTo: .seconds(60)) { _ in edge.metric("ceo_edge_websocket_sessions") == 0 })
            try await client.setReading(true)
            #expect(await client.wait(upTo: .seconds(15)) { $0.isClosed })
            #expect(try await edge.send(.GET, "/health").status == 200)
        }
    }
}
