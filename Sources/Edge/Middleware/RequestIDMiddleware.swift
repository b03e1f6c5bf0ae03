import CEOServiceKit
import HTTPTypes
import Logging
import Foundation
public import Hummingbird

/// Gives every request an id: the client's `X-Request-ID` when it is a short token,
/// else a new UUID. It is echoed on the response, put in the logs, and forwarded to
/// the internal services in RPC metadata.
public struct RequestIDMiddleware: RouterMiddleware {
    public typealias Context = EdgeRequestContext

    public init() {}

    public func handle(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        Self.assign(to: &context, from: request)
        var response = try await next(request, context)
        response.headers[.requestID] = context.requestID
        return response
    }

    /// Gives the request its id (the client's, when valid), which the context's logger
    /// then carries (``EdgeRequestContext/logger``).
    static func assign(to context: inout EdgeRequestContext, from request: Request) {
        let offered = request.headers[.requestID] ?? ""
        context.requestID = isValid(offered) ? offered : newID()
    }

    /// A new request id: a random lowercase UUID.
    static func newID() -> String { RandomIdentifiers.uuid() }

    static func isValid(_ id: String) -> Bool {
        (8...64).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
        }
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-ID")!
}
