import Edge
import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOSSL
import NIOWebSocket
import Synchronization
import NIOHTTP1
import Testing

/// Messages one WebSocket connection received.
final class Received: Sendable {
    private let messages = Mutex<[String]>([])
    func append(_ text: String) { messages.withLock { $0.append(text) } }
    var all: [[String: Any]] {
        messages.withLock { $0 }.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }
    var seqs: [Int] { all.compactMap { $0["seq"] as? Int } }
}

extension EdgeTestEnvironment.Running {
    /// Opens `/ws` with `headers`, sends `messages`, and reads until `until` says stop (or
    /// the server closes). The client library always sends `Origin: wss://localhost`.
    func webSocket(
        headers: HTTPFields, send messages: [[String: Any]], received: Received, until: @escaping @Sendable ([String: Any]) -> Bool
    ) async throws {
        try await liveWebSocket(port: port, trustRoots: trustRoots, headers: headers, send: messages, received: received, until: until)
    }
}

/// Opens `wss://localhost:<port>/ws` with `headers`, sends `messages`, and reads until
/// `until` says stop (or the server closes).
func liveWebSocket(
    port: Int, trustRoots: [NIOSSLCertificate], headers: HTTPFields, send messages: [[String: Any]], received: Received,
    until: @escaping @Sendable ([String: Any]) -> Bool
) async throws {
    var tls = TLSConfiguration.makeClientConfiguration()
    tls.trustRoots = .certificates(trustRoots)
    let texts = try messages.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
    _ = try await WebSocketClient.connect(
        url: "wss://localhost:\(port)/ws",
        configuration: WebSocketClientConfiguration(maxFrameSize: 1 << 20, additionalHeaders: headers),
        tlsConfiguration: tls, logger: Logger(label: "ws-test")
    ) { inbound, outbound, _ in
        for text in texts { try await outbound.write(.text(text)) }
        for try await message in inbound.messages(maxSize: 1 << 22) {
            guard case .text(let text) = message,
                  let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { continue }
            received.append(text)
            if until(object) { break }
        }
        try await outbound.close(.normalClosure, reason: nil)
    }
}

@Suite("Edge WebSocket: start, watch, resume, refusals", .timeLimit(.minutes(2)))
struct EdgeWebSocketTests {
    nonisolated(unsafe) static let start: [String: Any] = [
        "type": "execute_full_orchestration",
        "company_info": ["company_name": "Ledgerly", "industry": "B2B SaaS for accounting teams", "location": "Wilmington, DE", "budget": 50_000, "timeline": 180],
        "objectives": ["Build a memorable brand and logo", "Launch a website with pricing and docs", "Run Google Ads to acquire the first customers"],
    ]
    static let final: Set<String> = ["orchestration_complete", "orchestration_failed", "orchestration_cancelled"]

    @Test("a run started over the WebSocket streams every event with gap-free seqs to orchestration_complete")
    func startAndWatch() async throws {
        try await EdgeTestEnvironment().run { edge in
            let token = try await edge.signUp("ws@example.com")
            let received = Received()
            try await edge.webSocket(headers: [.authorization: "Bearer \(token)"], send: [Self.start], received: received) {
                Self.final.contains($0["event"] as? String ?? "")
            }
            let events = received.all
            #expect(events.first?["event"] as? String == "orchestration_started")
            #expect(events.last?["event"] as? String == "orchestration_complete")
            #expect(received.seqs == Array(1...received.seqs.count))
            let names = Set(events.compactMap { $0["event"] as? String })
            #expect(names.isSuperset(of: ["phase", "agent_status_update", "budget_update"]))
            let completed = events.filter { ($0["data"] as? [String: Any])?["status"] as? String == "completed" && $0["event"] as? String == "agent_status_update" }
            #expect(completed.count == 3 && completed.allSatisfy { !((($0["data"] as? [String: Any])?["deliverables"] as? [Any]) ?? []).isEmpty })
        }
    }

    @Test("after a dropped connection, watch with after_seq resumes: every seq exactly once")
    func resume() async throws {
        try await EdgeTestEnvironment().run { edge in
            let token = try await edge.signUp("resume@example.com")
            let first = Received()
            // Drop the connection after the fifth event.
            try await edge.webSocket(headers: [.authorization: "Bearer \(token)"], send: [Self.start], received: first) { _ in first.all.count >= 5 }
            let jobID = try #require(first.all.first?["job_id"] as? String)
            let last = try #require(first.seqs.last)
            let second = Received()
            try await edge.webSocket(headers: [.authorization: "Bearer \(token)"], send: [["type": "watch", "job_id": jobID, "after_seq": last]], received: second) {
                Self.final.contains($0["event"] as? String ?? "")
            }
            let all = first.seqs + second.seqs
            #expect(all == Array(1...all.count), "\(all)")
            #expect(second.all.last?["event"] as? String == "orchestration_complete")
        }
    }

    @Test("bad messages get an error event; an unknown run is an error; the connection stays usable")
    func badMessages() async throws {
        try await EdgeTestEnvironment().run { edge in
            let token = try await edge.signUp("bad@example.com")
            let received = Received()
            var invalid = Self.start
            invalid["company_info"] = ["company_name": "", "industry": "x", "location": "Austin, TX", "budget": 5, "timeline": 60]
            try await edge.webSocket(
                headers: [.authorization: "Bearer \(token)"],
                send: [["nope": 1], ["type": "dance"], invalid, ["type": "watch", "job_id": "no-such-run"], ["type": "ping"]],
                received: received
            ) { $0["event"] as? String == "pong" || received.all.count >= 5 }
            let errors = received.all.filter { $0["event"] as? String == "error" }.compactMap { ($0["data"] as? [String: Any])?["error"] as? String }
            #expect(errors.contains("invalid_message"))
            #expect(errors.contains("invalid_request"))
            let fields = received.all.compactMap { (($0["data"] as? [String: Any])?["details"] as? [[String: Any]])?.compactMap { $0["field"] as? String } }.first
            #expect(fields == ["company_name", "industry", "budget"])
        }
    }

    @Test("refused upgrades answer like the API: 401 without or with revoked credentials, 403 for a cookie from another origin, each with the JSON error and the security headers")
    func refusedUpgrades() async throws {
        try await EdgeTestEnvironment().run { edge in
            let received = Received()
            await #expect(throws: (any Error).self) {
                try await edge.webSocket(headers: [:], send: [], received: received) { _ in true }
            }
            _ = try await edge.send(.POST, "/api/auth/register", json: ["email": "o@example.com", "password": "plum-orchard-lantern-42"])
            let login = try await edge.send(.POST, "/api/auth/login", json: ["email": "o@example.com", "password": "plum-orchard-lantern-42"])
            let cookie = "ceo_access=\(login.cookies["ceo_access"] ?? "")"
            // The client's Origin is not this site's: a cookie-authenticated socket is refused.
            await #expect(throws: (any Error).self) {
                try await edge.webSocket(headers: [.cookie: cookie], send: [], received: received) { _ in true }
            }
            #expect(received.all.isEmpty)

            // What a client sees on the wire, for each refusal.
            func upgrade(_ headers: [String]) async throws -> (status: Int, headers: [String: String], json: [String: Any]) {
                let connection = try await RawTLSConnection.open(port: edge.port, trustRoots: edge.trustRoots)
                defer { Task { await connection.close() } }
                connection.send((["GET /ws HTTP/1.1", "Host: localhost:\(edge.port)", "Upgrade: websocket", "Connection: Upgrade",
                                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"] + headers).joined(separator: "\r\n") + "\r\n\r\n")
                _ = await connection.wait(upTo: .seconds(30)) { $0.isClosed || ($0.received.contains("\r\n\r\n{") && $0.received.hasSuffix("}")) }
                let parts = connection.received.components(separatedBy: "\r\n\r\n")
                let lines = parts[0].components(separatedBy: "\r\n")
                let status = Int(lines[0].split(separator: " ").dropFirst().first ?? "") ?? 0
                var fields: [String: String] = [:]
                for line in lines.dropFirst() {
                    let pair = line.split(separator: ":", maxSplits: 1)
                    if pair.count == 2 { fields[pair[0].lowercased()] = pair[1].trimmingCharacters(in: .whitespaces) }
                }
                let body = parts.dropFirst().joined(separator: "\r\n\r\n")
                return (status, fields, (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:])
            }
            func expectRefusal(_ reply: (status: Int, headers: [String: String], json: [String: Any]), _ status: Int, _ error: String, _ context: String) {
                #expect(reply.status == status && reply.json["error"] as? String == error, "\(context): \(reply)")
                #expect(reply.json["message"] is String && reply.headers["x-request-id"] != nil, "\(context): \(reply)")
                #expect(reply.headers["content-type"]?.hasPrefix("application/json") == true, "\(context): \(reply.headers)")
                #expect(reply.headers["content-security-policy"]?.contains("default-src 'self'") == true, "\(context): \(reply.headers)")
                #expect(reply.headers["x-content-type-options"] == "nosniff" && reply.headers["strict-transport-security"] != nil, "\(context)")
                #expect(reply.headers["content-length"] != "0", "\(context)")
            }
            expectRefusal(try await upgrade([]), 401, "unauthenticated", "no credentials")
            expectRefusal(try await upgrade(["Authorization: Bearer not-a-token"]), 401, "unauthenticated", "a forged token")
            expectRefusal(try await upgrade(["Cookie: \(cookie)", "Origin: https://evil.example"]), 403, "csrf", "a cookie from another origin")
            let api = try await edge.send(.POST, "/api/auth/login", json: ["email": "o@example.com", "password": "plum-orchard-lantern-42", "session": false])
            let token = try #require(api.json["access_token"] as? String)
            _ = try await edge.send(.POST, "/api/auth/logout", json: ["refresh_token": try #require(api.json["refresh_token"] as? String)])
            expectRefusal(try await upgrade(["Authorization: Bearer \(token)"]), 401, "unauthenticated", "a revoked token")
            // With this site's Origin the cookie is accepted and the upgrade happens.
            let accepted = try await RawTLSConnection.open(port: edge.port, trustRoots: edge.trustRoots)
            accepted.send(["GET /ws HTTP/1.1", "Host: localhost:\(edge.port)", "Upgrade: websocket", "Connection: Upgrade",
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13", "Cookie: \(cookie)", "Origin: \(edge.origin)"]
                .joined(separator: "\r\n") + "\r\n\r\n")
            #expect(await accepted.wait(upTo: .seconds(30)) { $0.received.hasPrefix("HTTP/1.1 101") }, "\(accepted.received)")
            await accepted.close()

            // The same check answers a plain request: 403 from another origin, past it with this site's.
            #expect(try await edge.send(.GET, "/ws", headers: [("Cookie", cookie), ("Origin", "https://evil.example")]).status == 403)
            #expect(try await edge.send(.GET, "/ws", headers: [("Cookie", cookie), ("Origin", edge.origin)]).status == 404)
        }
    }
}
