import HTTPTypes
public import Hummingbird

/// Counts every answered request by method, route pattern and status, and times it
/// until its response is ready. The outermost middleware, so it sees final statuses.
public struct MetricsMiddleware: RouterMiddleware {
    public typealias Context = EdgeRequestContext

    let metrics: EdgeMetrics

    public func handle(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let method = request.method.rawValue
        do {
            let response = try await next(request, context)
            metrics.recordRequest(method: method, route: Self.route(context), status: Int(response.status.code), duration: .now - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.recordRequest(method: method, route: Self.route(context), status: Int(status), duration: .now - start)
            throw error
        }
    }

    /// The matched route's pattern (`/api/orchestrations/{id}`), never the raw path.
    static func route(_ context: EdgeRequestContext) -> String {
        context.endpointPath ?? "unmatched"
    }
}
