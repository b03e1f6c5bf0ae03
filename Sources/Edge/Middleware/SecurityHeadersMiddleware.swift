import CEOServiceKit
import HTTPTypes
public import Hummingbird

/// Security headers on every response, errors included: a strict CSP with a fresh
/// nonce per response (no `unsafe-inline`, no `unsafe-eval`), HSTS on HTTPS, and the
/// framing, sniffing, referrer, permissions and opener policies.
public struct SecurityHeadersMiddleware: RouterMiddleware {
    public typealias Context = EdgeRequestContext

    let reportOnly: Bool
    let https: Bool

    public init(reportOnly: Bool, https: Bool) {
        self.reportOnly = reportOnly
        self.https = https
    }

    public func handle(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        context.cspNonce = Self.nonce()
        var response = try await next(request, context)
        apply(to: &response, nonce: context.cspNonce)
        return response
    }

    /// Sets the headers on `response`, with `nonce` in the policy. Only this middleware
    /// sets them, once per response, so they are appended: the fixed ones as fields built
    /// (and validated) once, the policy as the one field made per response.
    func apply(to response: inout Response, nonce: String) {
        response.headers.append(HTTPField(name: reportOnly ? .contentSecurityPolicyReportOnly : .contentSecurityPolicy, value: Self.policy(nonce: nonce)))
        response.headers.append(contentsOf: https ? Self.fixedFieldsOverHTTPS : Self.fixedFields)
    }

    /// The headers that never change, HSTS aside (sent on HTTPS only).
    private static let fixedFields = [
        HTTPField(name: .xFrameOptions, value: "DENY"),
        HTTPField(name: .xContentTypeOptions, value: "nosniff"),
        HTTPField(name: .referrerPolicy, value: "strict-origin-when-cross-origin"),
        HTTPField(name: .permissionsPolicy, value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"),
        HTTPField(name: .crossOriginOpenerPolicy, value: "same-origin"),
    ]
    private static let fixedFieldsOverHTTPS = [HTTPField(name: .strictTransportSecurity, value: "max-age=31536000; includeSubDomains")] + fixedFields

    /// The policy, with `nonce` allowed for scripts.
    public static func policy(nonce: String) -> String {
        policyBeforeNonce + nonce + policyAfterNonce
    }

    /// The policy's fixed parts around the nonce, joined once rather than per response.
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
