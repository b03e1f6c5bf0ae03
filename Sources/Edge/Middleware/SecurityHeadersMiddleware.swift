import CEOServiceKit
import HTTPTypes
public import Hummingbird

/// Security headers on every response, errors included: a strict CSP (no
/// `unsafe-inline`, no `unsafe-eval`), HSTS on HTTPS, and the framing, sniffing,
/// referrer, permissions and opener policies.
///
/// The CSP has two forms. The web app's pages and files get the document policy, which
/// lets a page load this site's scripts, styles, images and API, with a fresh nonce per
/// response. The JSON API (`/api/…`), never a page, gets the strictest policy —
/// nothing may load, nothing may frame it, no base URL or form target (what OWASP's REST
/// guidance asks of an API) — the same for every response, so built once.
public struct SecurityHeadersMiddleware: RouterMiddleware {
    public typealias Context = EdgeRequestContext

    /// The policy's header: enforced, or report-only.
    private let policyName: HTTPField.Name
    /// The headers of every response but the policy (HSTS over HTTPS only).
    private let fixedFields: [HTTPField]
    /// Everything an API response gets, the API policy included, built and validated once.
    private let apiFields: [HTTPField]

    public init(reportOnly: Bool, https: Bool) {
        policyName = reportOnly ? .contentSecurityPolicyReportOnly : .contentSecurityPolicy
        fixedFields = (https ? [HTTPField(name: .strictTransportSecurity, value: "max-age=31536000; includeSubDomains")] : []) + Self.alwaysFields
        apiFields = [HTTPField(name: policyName, value: Self.apiPolicy)] + fixedFields
    }

    public func handle(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        apply(to: &response, forAPI: request.isForAPI)
        return response
    }

    /// Sets the headers on `response`: the API's policy for an answer under `/api/`
    /// (`forAPI`, ``Request/isForAPI``), the document policy with a fresh nonce otherwise.
    /// Only this middleware sets them, once per response, so they are appended.
    func apply(to response: inout Response, forAPI: Bool) {
        if forAPI {
            response.headers.append(contentsOf: apiFields)
        } else {
            response.headers.append(HTTPField(name: policyName, value: Self.documentPolicy(nonce: Self.nonce())))
            response.headers.append(contentsOf: fixedFields)
        }
    }

    /// The headers that never change, HSTS aside.
    private static let alwaysFields = [
        HTTPField(name: .xFrameOptions, value: "DENY"),
        HTTPField(name: .xContentTypeOptions, value: "nosniff"),
        HTTPField(name: .referrerPolicy, value: "strict-origin-when-cross-origin"),
        HTTPField(name: .permissionsPolicy, value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"),
        HTTPField(name: .crossOriginOpenerPolicy, value: "same-origin"),
    ]

    /// The policy of the JSON API's responses: nothing may load or frame them.
    public static let apiPolicy = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// The policy of the web app's pages, with `nonce` allowed for scripts.
    public static func documentPolicy(nonce: String) -> String {
        policyBeforeNonce + nonce + policyAfterNonce
    }

    /// The document policy's fixed parts around the nonce, joined once rather than per response.
    private static let policyBeforeNonce = "default-src 'self'; script-src 'self' 'nonce-"
    private static let policyAfterNonce = "'; " + [
        "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'self'",
        "form-action 'self'", "frame-ancestors 'none'", "report-uri /api/csp-report",
    ].joined(separator: "; ")

    /// 128 random bits, base64 (``RandomIdentifiers``: unpredictable, without a system
    /// call per response).
    static func nonce() -> String {
        RandomIdentifiers.base64(16)
    }
}

extension HTTPField.Name {
    static let contentSecurityPolicy = Self("Content-Security-Policy")!
    static let contentSecurityPolicyReportOnly = Self("Content-Security-Policy-Report-Only")!
    static let strictTransportSecurity = Self("Strict-Transport-Security")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let permissionsPolicy = Self("Permissions-Policy")!
    static let crossOriginOpenerPolicy = Self("Cross-Origin-Opener-Policy")!
}
