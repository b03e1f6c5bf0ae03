import Foundation
import HTTPTypes
public import Hummingbird

/// Sets the client's address: the peer's, or — when the peer is a configured proxy —
/// the right-most address in `X-Forwarded-For` that is not itself a trusted proxy.
/// Forwarded headers from anyone else are ignored, so clients cannot pick their own
/// rate-limit key.
public struct ClientAddressMiddleware: RouterMiddleware {
    public typealias Context = EdgeRequestContext

    let trustedProxies: Set<String>

    public func handle(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        context.clientAddress = Self.clientAddress(of: request, peer: context.clientAddress, trustedProxies: trustedProxies)
        return try await next(request, context)
    }

    /// The client's address: `peer`, or — when `peer` is a trusted proxy — the right-most
    /// `X-Forwarded-For` hop that is not itself a trusted proxy.
    static func clientAddress(of request: Request, peer: String, trustedProxies: Set<String>) -> String {
        guard !trustedProxies.isEmpty, trustedProxies.contains(peer),
              let forwarded = request.headers[values: .xForwardedFor].joined(separator: ",").nilIfEmpty else {
            return peer
        }
        let hops = forwarded.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let client = hops.reversed().first(where: { !trustedProxies.contains($0) }), client.count <= 64 else { return peer }
        return client
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
