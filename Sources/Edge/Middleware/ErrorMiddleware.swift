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
        } catch {
            return try Self.response(for: error, request: request, context: context)
        }
    }

    /// The JSON error response for `error`.
    static func response(for error: any Error, request: Request, context: EdgeRequestContext) throws -> Response {
        do {
            throw error
        } catch let error as EdgeError {
            return try error.response(from: request, context: context)
        } catch let error as RPCError {
            var edgeError = EdgeError(error)
            if edgeError.code == .internal {
                context.logger.error("internal service failed", metadata: ["code": "\(error.code)", "message": "\(error.message)"])
                edgeError = EdgeError(.internal, "the request could not be completed")
                edgeError.requestID = context.requestID
            }
            return try edgeError.response(from: request, context: context)
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
            var edgeError = EdgeError(.internal, "internal error")
            edgeError.requestID = context.requestID
            return try edgeError.response(from: request, context: context)
        }
    }
}
