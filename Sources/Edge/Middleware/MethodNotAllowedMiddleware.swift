import HTTPTypes
import Hummingbird

/// Turns the router's 404 for a known route asked with another method into 405 with
/// `Allow` (the route list is the public OpenAPI document's, so nothing is revealed).
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = EdgeRequestContext
    let known: KnownRoutes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let methods = known.methods(for: request.uri.path), !methods.contains(request.method.rawValue) else { throw error }
            let allow = methods.joined(separator: ", ")
            var refusal = EdgeError(.methodNotAllowed, "\(request.method.rawValue) is not allowed on \(request.uri.path); it allows \(allow)")
            refusal.headers[.allow] = allow
            throw refusal
        }
    }
}
