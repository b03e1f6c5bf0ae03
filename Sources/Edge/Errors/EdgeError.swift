public import CEORPC
public import HTTPTypes
public import Hummingbird

/// An error the edge answers with: a ``Code`` (its API name and HTTP status), a
/// message, and optionally field details, headers and a retry time. It renders its own
/// response, `{"success": false, "error": CODE, "message": ..., "details": [...]}`.
public struct EdgeError: Error, Sendable, HTTPResponseError {
    /// An API error code and the HTTP status it is answered with.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The API's name of the error: `invalid_request`.
        public let name: String
        public let status: HTTPResponse.Status

        init(_ name: String, _ status: HTTPResponse.Status) {
            self.name = name
            self.status = status
        }

        public var description: String { name }

        public static let invalidRequest = Code("invalid_request", .badRequest)
        public static let invalidJSON = Code("invalid_json", .badRequest)
        public static let unauthenticated = Code("unauthenticated", .unauthorized)
        public static let forbidden = Code("forbidden", .forbidden)
        /// A cookie-authenticated change from another origin.
        public static let csrf = Code("csrf", .forbidden)
        public static let notFound = Code("not_found", .notFound)
        /// A known route asked with a method it does not answer to (with `Allow`).
        public static let methodNotAllowed = Code("method_not_allowed", .methodNotAllowed)
        public static let alreadyExists = Code("already_exists", .conflict)
        public static let failedPrecondition = Code("failed_precondition", .conflict)
        public static let bodyTooLarge = Code("body_too_large", .contentTooLarge)
        public static let unsupportedMediaType = Code("unsupported_media_type", .unsupportedMediaType)
        public static let rateLimited = Code("rate_limited", .tooManyRequests)
        public static let resourceExhausted = Code("resource_exhausted", .tooManyRequests)
        public static let cancelled = Code("cancelled", HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request"))
        public static let `internal` = Code("internal", .internalServerError)
        public static let notImplemented = Code("not_implemented", .notImplemented)
        public static let unavailable = Code("unavailable", .serviceUnavailable)
        public static let timeout = Code("timeout", .gatewayTimeout)

        /// The code of an RPC status: the one table between the internal RPC and HTTP.
        public init(_ rpc: RPCStatusCode) {
            self = switch rpc {
            case .invalidArgument, .outOfRange: .invalidRequest
            case .unauthenticated: .unauthenticated
            case .permissionDenied: .forbidden
            case .notFound: .notFound
            case .alreadyExists: .alreadyExists
            case .failedPrecondition: .failedPrecondition
            case .resourceExhausted: .resourceExhausted
            case .unavailable: .unavailable
            case .deadlineExceeded: .timeout
            case .cancelled: .cancelled
            case .unimplemented: .notImplemented
            default: .internal
            }
        }
    }

    public var code: Code
    public var message: String
    var details: [ErrorBody.Detail]?
    var headers: HTTPFields = [:]
    var retryAfter: Int64?
    /// Set on internal errors, whose detail goes to the log and never to the client.
    var requestID: String?

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// An RPC error as the API shows it: its status mapped, its field details and a
    /// `retry-after` trailer kept.
    init(_ error: RPCError) {
        self.init(Code(error.code), error.message)
        if !error.details.isEmpty { details = error.details.map { ErrorBody.Detail(field: $0.field, message: $0.description) } }
        if let seconds = error.trailers["retry-after"].flatMap(Int64.init) { retryAfter = seconds }
    }

    public var status: HTTPResponse.Status { code.status }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = headers
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return try JSONResponse.make(status, ErrorBody(error: code.name, message: message, details: details, retryAfter: retryAfter, requestID: requestID), headers: headers)
    }
}
