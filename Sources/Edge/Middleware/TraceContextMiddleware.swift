import HTTPTypes
public import Hummingbird
import Instrumentation

/// Accepts the W3C `traceparent` header (or starts a trace) and runs the request in that
/// trace context: every log line carries its `trace_id`, and every RPC the request
/// causes carries it on in `traceparent` metadata (through the bootstrapped instrument).
public struct TraceContextMiddleware: RouterMiddleware {
    public typealias Context = EdgeRequestContext

    public func handle(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        try await InstrumentationContext.withValue(Self.traceContext(of: request)) {
            try await next(request, context)
        }
    }

    /// The request's trace context: the caller's `traceparent`, or a new trace.
    static func traceContext(of request: Request) -> InstrumentationContext {
        var trace = InstrumentationContext.current ?? .topLevel
        InstrumentationSystem.instrument.extract(request.headers, into: &trace, using: HTTPFieldsExtractor())
        return trace
    }
}

/// Reads propagated context from HTTP request headers.
struct HTTPFieldsExtractor: Extractor {
    func extract(key: String, from carrier: HTTPFields) -> String? {
        // The instrument asks for `traceparent` on every request: its name is made once.
        (key == "traceparent" ? Self.traceparent : HTTPField.Name(key)).flatMap { carrier[$0] }
    }

    private static let traceparent = HTTPField.Name("traceparent")
}
