import HTTPTypes
public import Hummingbird

/// Counts every answered request by method, route pattern and status, and times it
/// until its response is ready. The outermost middleware, so it sees final statuses.
public struct MetricsMiddleware: RouterMiddleware {
    public typealias Context = EdgeRequestContext

    let metrics: EdgeMetrics

    public func handle(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, .success(response), since: start)
            return response
        } catch {
            record(request, context, .failure(error), since: start)
            throw error
        }
    }

    /// Records an answered request: its response's status, or the status its error maps to.
    func record(_ request: Request, _ context: EdgeRequestContext, _ outcome: Result<Response, any Error>, since start: ContinuousClock.Instant) {
        let status = switch outcome {
        case .success(let response): response.status.code
        case .failure(let error): (error as? any HTTPResponseError)?.status.code ?? 500
        }
        metrics.recordRequest(method: request.method.rawValue, route: Self.route(context), status: Int(status), duration: .now - start)
    }

    /// The matched route's pattern (`/api/orchestrations/{id}`), never the raw path.
    static func route(_ context: EdgeRequestContext) -> String {
        context.endpointPath ?? "unmatched"
    }
}
