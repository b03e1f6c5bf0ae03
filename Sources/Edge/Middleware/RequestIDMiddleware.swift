#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
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

    /// Gives the request its id (the client's, when valid) and puts it in the logger.
    static func assign(to context: inout EdgeRequestContext, from request: Request) {
        let offered = request.headers[.requestID] ?? ""
        context.requestID = isValid(offered) ? offered : newID()
        context.logger[metadataKey: "request_id"] = "\(context.requestID)"
    }

    /// A random (version 4) UUID in lowercase, from `arc4random_buf`: Foundation's
    /// `UUID()` asks the kernel for its bytes on every request.
    static func newID() -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        bytes.withUnsafeMutableBytes { buffer in buffer.baseAddress.map { arc4random_buf($0, buffer.count) } }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 36) { buffer in
            digits.withUTF8Buffer { table in
                var written = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        buffer[written] = UInt8(ascii: "-")
                        written += 1
                    }
                    buffer[written] = table[Int(byte >> 4)]
                    buffer[written + 1] = table[Int(byte & 0x0F)]
                    written += 2
                }
                return written
            }
        }
    }

    static func isValid(_ id: String) -> Bool {
        (8...64).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
        }
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-ID")!
}
