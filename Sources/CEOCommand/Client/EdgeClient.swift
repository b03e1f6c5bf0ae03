import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// The edge's JSON API as the CLI uses it: bearer tokens from the session (refreshed
/// when they expire) or an API key; errors become ``ClientFailure``s.
final class EdgeClient: Sendable {
    let options: ConnectionOptions
    let store: SessionStore
    private let http: HTTPClient

    init(options: ConnectionOptions, store: SessionStore = SessionStore()) throws {
        self.options = options
        self.store = store
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(tlsConfiguration: try options.tlsConfiguration()))
    }

    func shutdown() async {
        try? await http.shutdown()
    }

    /// Runs `body` with a client, shutting it down afterwards.
    static func with<Result>(_ options: ConnectionOptions, _ body: (EdgeClient) async throws -> Result) async throws -> Result {
        let client = try EdgeClient(options: options)
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// A response: its status, body and headers.
    struct Reply {
        let status: Int
        let body: Data
        let headers: HTTPHeaders
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// How a request proves who it is for.
    enum Credential {
        case apiKey(String)
        case bearer(String)

        /// The header carrying it.
        var header: (name: String, value: String) {
            switch self {
            case .apiKey(let key): ("X-API-Key", key)
            case .bearer(let token): ("Authorization", "Bearer \(token)")
            }
        }
    }

    /// Calls the API; a non-2xx answer throws. `authenticated: false` sends no credentials.
    func call(_ method: HTTPMethod, _ path: String, json: Any? = nil, authenticated: Bool = true) async throws -> Reply {
        var reply = try await send(method, path, json: json, credential: authenticated ? try await credential() : nil)
        if reply.status == 401, authenticated, options.apiKey == nil, try await refresh() {
            reply = try await send(method, path, json: json, credential: try await credential())
        }
        guard (200..<300).contains(reply.status) else { throw ClientFailure.http(reply.status, body: reply.json) }
        return reply
    }

    private func send(_ method: HTTPMethod, _ path: String, json: Any?, credential: Credential?) async throws -> Reply {
        var request = HTTPClientRequest(url: options.baseURL + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "ceo-cli")
        if let header = credential?.header { request.headers.add(name: header.name, value: header.value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        do {
            let response = try await http.execute(request, timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 32 << 20)
            return Reply(status: Int(response.status.code), body: Data(body.readableBytesView), headers: response.headers)
        } catch let error as ClientFailure {
            throw error
        } catch {
            throw ClientFailure(.unavailable, "cannot reach the edge at \(options.baseURL): \(error)")
        }
    }

    /// The API key, or the session's access token (refreshed when about to expire).
    func credential() async throws -> Credential {
        if let apiKey = options.apiKey { return .apiKey(apiKey) }
        guard let session = store.load(), session.url == options.baseURL else {
            throw ClientFailure(.unauthorized, "not signed in to \(options.baseURL): run `ceo client login --email you@example.com` or pass --api-key")
        }
        if session.accessExpiresAtUnixMs - 30_000 < Int64(Date().timeIntervalSince1970 * 1000), try await refresh() {
            return .bearer(store.load()?.accessToken ?? session.accessToken)
        }
        return .bearer(session.accessToken)
    }

    /// Swaps the refresh token for new tokens; false when there is no session or it ended.
    private func refresh() async throws -> Bool {
        guard let session = store.load(), session.url == options.baseURL else { return false }
        let reply = try await send(.POST, "/api/auth/refresh", json: ["refresh_token": session.refreshToken], credential: nil)
        guard reply.status == 200 else {
            store.remove()
            return false
        }
        try saveSession(reply.json, email: session.email)
        return true
    }

    /// Stores the tokens of a login or refresh answer.
    func saveSession(_ body: [String: Any], email: String) throws {
        guard let access = body["access_token"] as? String, let refresh = body["refresh_token"] as? String else {
            throw ClientFailure(.unexpected, "the edge answered without tokens")
        }
        try store.save(SessionStore.Session(
            url: options.baseURL, email: email, accessToken: access, refreshToken: refresh,
            accessExpiresAtUnixMs: (body["access_expires_at_unix_ms"] as? NSNumber)?.int64Value ?? 0
        ))
    }
}
