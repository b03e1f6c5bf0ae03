import HTTPTypes
import Hummingbird

/// The CSRF rule of cookie-authenticated changes: the request's `Origin` must be this
/// site (its own scheme and authority) or one of the allowed origins. Bearer tokens and
/// API keys are exempt, because another site's page cannot attach them.
struct SameOriginCheck: Sendable {
    /// Origins allowed to make cookie-authenticated state changes, e.g. `https://localhost:8443`.
    let allowedOrigins: Set<String>
    let secure: Bool

    /// Throws `403 csrf` unless `request` comes from this site.
    func require(_ request: Request) throws {
        let target = request.head.authority.map { "\(secure ? "https" : "http")://\($0)" }
        guard let origin = request.headers[.origin], allowedOrigins.contains(origin) || origin == target else {
            throw EdgeError(.csrf, "cross-site request refused: this needs this site's Origin")
        }
    }
}
