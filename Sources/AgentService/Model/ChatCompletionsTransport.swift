import CEOServiceKit
public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP exchange with a chat-completions endpoint.
public struct HTTPExchange: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Posts JSON over HTTP(S) with a timeout; URLSession by default.
public protocol ChatCompletionsTransport: Sendable {
    func post(_ url: URL, headers: [String: String], body: Data, timeout: Duration) async throws -> HTTPExchange
}

/// The transport over Foundation's URLSession (libcurl on Linux).
public struct URLSessionTransport: ChatCompletionsTransport {
    public init() {}

    public func post(_ url: URL, headers: [String: String], body: Data, timeout: Duration) async throws -> HTTPExchange {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = body
        request.timeoutInterval = timeout.timeInterval
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return HTTPExchange(status: http.statusCode, headers: fields, body: data)
    }
}
