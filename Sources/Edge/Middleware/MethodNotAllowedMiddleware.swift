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
        } catch {
            throw refusal(replacing: error, of: request) ?? error
        }
    }

    /// The 405 to throw instead of `error` when it is the router's 404 for a request whose
    /// path is a known route's but whose method is not; nil when `error` stands.
    func refusal(replacing error: any Error, of request: Request) -> EdgeError? {
        guard let notFound = error as? HTTPError, notFound.status == .notFound,
              let methods = known.methods(for: request.uri.path), !methods.contains(request.method.rawValue) else { return nil }
        let allow = methods.joined(separator: ", ")
        var refusal = EdgeError(.methodNotAllowed, "\(request.method.rawValue) is not allowed on \(request.uri.path); it allows \(allow)")
        refusal.headers[.allow] = allow
        return refusal
    }
}
