import NIOCore
import HTTPTypes
import Foundation
import Hummingbird

/// JSON bodies in the API's shapes.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// `body` as `application/json` with `status`.
    static func make(_ status: HTTPResponse.Status, _ body: some Encodable, headers: HTTPFields = [:]) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = headers[.cacheControl] ?? "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
    }
}

/// `{"success": false, "error": ..., "message": ..., "details": [...], "request_id": ...}`.
struct ErrorBody: Encodable {
    struct Detail: Encodable {
        var field: String
        var message: String
    }

    var success = false
    var error: String
    var message: String
    var details: [Detail]?
    var retryAfter: Int64?
    var requestID: String?

    enum CodingKeys: String, CodingKey {
        case success, error, message, details, retryAfter = "retry_after", requestID = "request_id"
    }
}

