import Hummingbird
import HTTPTypes
import Instrumentation

/// The middleware every request meets, as one: metrics, the trace context, the client's
/// address, the request id, the access log, the security headers, JSON errors, the
/// burst guard, (the web app's files and) 405 for a known path asked with another
/// method, in that order from the outside in — the same steps as ``MetricsMiddleware``,
/// ``TraceContextMiddleware``, ``ClientAddressMiddleware``, ``RequestIDMiddleware``,
/// ``AccessLogMiddleware``, ``SecurityHeadersMiddleware``, ``ErrorMiddleware``,
/// ``RateLimitMiddleware``, ``StaticFiles`` and ``MethodNotAllowedMiddleware`` (whose
/// helpers it calls), in one async frame instead of ten. Profiling the edge under load
/// showed the per-layer cost of the async chain (executor checks, frames, context
/// copies) above that of the steps themselves.
struct EdgeEntryMiddleware: RouterMiddleware {
    typealias Context = EdgeRequestContext

    let metrics: MetricsMiddleware
    let trustedProxies: Set<String>
    let securityHeaders: SecurityHeadersMiddleware
    let burstGuard: RateLimitMiddleware
    /// The web app's files, for paths outside the API that no route serves (nil: none).
    var files: StaticFiles? = nil
    /// The 405 for known routes (nil: the router's 404 stands).
    var methods: MethodNotAllowedMiddleware? = nil

    func handle(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            // The task-local directly (`InstrumentationContext.withValue` is one more async frame).
            let response = try await InstrumentationContext.$current.withValue(TraceContextMiddleware.traceContext(of: request)) {
                try await answer(request, context: context, since: start, next: next)
            }
            metrics.record(request, context, .success(response), since: start)
            return response
        } catch {
            metrics.record(request, context, .failure(error), since: start)
            throw error
        }
    }

    /// Everything inside the trace context: address, id, log, headers, errors, guard.
    /// Inlined into its one caller, to spare the request an async frame.
    @inline(__always)
    private func answer(
        _ request: Request, context: EdgeRequestContext, since start: ContinuousClock.Instant, next: (Request, EdgeRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.clientAddress = ClientAddressMiddleware.clientAddress(of: request, peer: context.clientAddress, trustedProxies: trustedProxies)
        RequestIDMiddleware.assign(to: &context, from: request)
        // Read once: it decides both the file lookup and the security policy.
        let forAPI = request.isForAPI
        var response: Response
        do {
            do {
                try burstGuard.check(request, context)
                if let files, !forAPI {  // the API is never a file (``StaticFiles/mayServe(_:)``)
                    // The routes first, their 405 included; the file when they have none.
                    response = try await files.serve(request, context: context) { request, context in
                        do {
                            return try await next(request, context)
                        } catch {
                            throw methods?.refusal(replacing: error, of: request) ?? error
                        }
                    }
                } else {
                    response = try await next(request, context)
                }
            } catch {
                response = try ErrorMiddleware.response(for: methods?.refusal(replacing: error, of: request) ?? error, request: request, context: context)
            }
            securityHeaders.apply(to: &response, forAPI: forAPI)
        } catch {
            AccessLogMiddleware.log(request, context, status: (error as? any HTTPResponseError).map { Int($0.status.code) } ?? 500, since: start)
            throw error
        }
        AccessLogMiddleware.log(request, context, status: Int(response.status.code), since: start)
        response.headers.append(HTTPField(name: HTTPField.Name.requestID, value: context.requestID))
        return response
    }
}
