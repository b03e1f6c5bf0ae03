import Edge
import Foundation
import NIOHTTP1
import Testing

@Suite("Edge static files: the web app, cache lifetimes, revalidation", .timeLimit(.minutes(2)))
struct EdgeStaticFilesTests {
    @Test("index and assets are served with media types; fingerprinted files are cached for a year, others revalidated by ETag; no escape from the folder")
    func staticFiles() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("webroot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("assets"), withIntermediateDirectories: true)
        try #"<!doctype html><title>CEO</title><script type="module" src="/assets/app.js"></script>"#.write(to: root.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try "export const answer = 42;\n".write(to: root.appendingPathComponent("assets/app.js"), atomically: true, encoding: .utf8)
        try "body { color: #111; }\n".write(to: root.appendingPathComponent("assets/vendor.3f2a9c1b7e.css"), atomically: true, encoding: .utf8)
        var environment = try EdgeTestEnvironment()
        environment.tune = { $0.webRoot = root.path }
        try await environment.run { edge in
            let index = try await edge.send(.GET, "/")
            #expect(index.status == 200 && index.body.contains("<title>CEO</title>"))
            #expect(index.headers.first(name: "Content-Type")?.hasPrefix("text/html") == true)
            #expect(index.headers.first(name: "Cache-Control") == "no-cache")
            #expect(index.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self' 'nonce-") == true)
            #expect(index.headers.first(name: "X-Frame-Options") == "DENY")

            let script = try await edge.send(.GET, "/assets/app.js")
            #expect(script.status == 200 && script.headers.first(name: "Content-Type")?.hasPrefix("application/javascript") == true)
            #expect(script.headers.first(name: "Cache-Control") == "no-cache")
            let etag = try #require(script.headers.first(name: "ETag"))
            let revalidated = try await edge.send(.GET, "/assets/app.js", headers: [("If-None-Match", etag)])
            #expect(revalidated.status == 304 && revalidated.body.isEmpty)

            let fingerprinted = try await edge.send(.GET, "/assets/vendor.3f2a9c1b7e.css")
            #expect(fingerprinted.status == 200 && fingerprinted.headers.first(name: "Content-Type")?.hasPrefix("text/css") == true)
            #expect(fingerprinted.headers.first(name: "Cache-Control") == "public, max-age=31536000, immutable")

            #expect(try await edge.send(.GET, "/assets/%2e%2e/%2e%2e/etc/passwd").status == 400)
            let missing = try await edge.send(.GET, "/assets/missing.js")
            #expect(missing.status == 404 && missing.json["success"] as? Bool == false)
            // The API still answers its own 404s in JSON, and files never shadow routes.
            #expect(try await edge.send(.GET, "/health").json["status"] as? String == "ok")
            #expect(try await edge.send(.POST, "/assets/app.js").status == 404)
        }
    }
}
