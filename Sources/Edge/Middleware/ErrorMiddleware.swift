import HTTPTypes
import Logging
import CEORPC
import Foundation
public import Hummingbird

/// Turns every error into the API's JSON error shape. RPC status codes map to HTTP
/// statuses; anything unexpected is a 500 that names only the request id, never the
/// internal detail (which goes to the log).
public struct ErrorMiddleware: RouterMiddleware {
    public typealias Context = EdgeRequestContext

    public init() {}

    public func handle(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as EdgeError {
            var headers = error.headers
            if let retry = error.retryAfter { headers[.retryAfter] = String(retry) }
            return try JSONResponse.make(error.status, ErrorBody(error: error.code, message: error.message, details: error.details, retryAfter: error.retryAfter), headers: headers)
        } catch let error as RPCError {
            let (status, code) = Self.map(error.code)
            if status == .internalServerError || status == .badGateway {
                context.logger.error("internal service failed", metadata: ["code": "\(error.code)", "message": "\(error.message)"])
                return try JSONResponse.make(status, ErrorBody(error: code, message: "the request could not be completed", requestID: context.requestID))
            }
            let details = error.details.isEmpty ? nil : error.details.map { ErrorBody.Detail(field: $0.field, message: $0.description) }
            var headers: HTTPFields = [:]
            var retryAfter: Int64?
            if let seconds = error.trailers["retry-after"].flatMap(Int64.init) {
                headers[.retryAfter] = String(seconds)
                retryAfter = seconds
            }
            return try JSONResponse.make(status, ErrorBody(error: code, message: error.message, details: details, retryAfter: retryAfter), headers: headers)
        } catch let error as HTTPError {
            let code = switch error.status {
            case .notFound: "not_found"
            case .methodNotAllowed: "method_not_allowed"
            case .contentTooLarge: "body_too_large"
            case .unsupportedMediaType: "unsupported_media_type"
            case .badRequest: "bad_request"
            default: "http_\(error.status.code)"
            }
            return try JSONResponse.make(error.status, ErrorBody(error: code, message: error.body ?? error.status.reasonPhrase, requestID: nil), headers: error.headers)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)"])
            return try JSONResponse.make(.internalServerError, ErrorBody(error: "internal", message: "internal error", requestID: context.requestID))
        }
    }

    /// The HTTP status and API error code of an RPC status.
    static func map(_ code: RPCStatusCode) -> (HTTPResponse.Status, String) {
        switch code {
        case .invalidArgument, .outOfRange: (.badRequest, "invalid_request")
        case .unauthenticated: (.unauthorized, "unauthenticated")
        case .permissionDenied: (.forbidden, "forbidden")
        case .notFound: (.notFound, "not_found")
        case .alreadyExists: (.conflict, "already_exists")
        case .failedPrecondition: (.conflict, "failed_precondition")
        case .resourceExhausted: (.tooManyRequests, "resource_exhausted")
        case .unavailable: (.serviceUnavailable, "unavailable")
        case .deadlineExceeded: (.gatewayTimeout, "timeout")
        case .cancelled: (HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request"), "cancelled")
        case .unimplemented: (.notImplemented, "not_implemented")
        default: (.internalServerError, "internal")
        }
    }
}
