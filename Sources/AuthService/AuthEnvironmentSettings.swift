import CEOAuthTokens
public import CEOServiceKit
public import Foundation

/// AuthService's settings from the environment. Secrets may be given inline or,
/// as container secrets are, by a `*_FILE` path.
///
/// - `CEO_AUTH_SIGNING_KEY` / `CEO_AUTH_SIGNING_KEY_FILE`: the Ed25519 private key
///   (32 bytes, base64url or base64) that signs access tokens; default: a key kept in
///   the data folder.
/// - `CEO_BOOTSTRAP_ADMIN_EMAIL` with `CEO_BOOTSTRAP_ADMIN_PASSWORD` /
///   `CEO_BOOTSTRAP_ADMIN_PASSWORD_FILE`: make this account the first admin when the
///   deployment has none.
public struct AuthEnvironmentSettings: ServiceConfiguration {
    public var signingKey: Data?
    public var bootstrapAdmin: (email: String, password: Secret)?

    public init(environment: [String: String]) throws {
        if let text = try EnvironmentSecrets.value("CEO_AUTH_SIGNING_KEY", in: environment) {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let key = Data(base64URLEncoded: trimmed) ?? Data(base64Encoded: trimmed), key.count == 32 else {
                throw AuthSettingsError("CEO_AUTH_SIGNING_KEY must be a 32-byte Ed25519 private key in base64url")
            }
            signingKey = key
        }
        if let email = environment["CEO_BOOTSTRAP_ADMIN_EMAIL"], !email.isEmpty {
            guard let password = try EnvironmentSecrets.secret("CEO_BOOTSTRAP_ADMIN_PASSWORD", in: environment) else {
                throw AuthSettingsError("CEO_BOOTSTRAP_ADMIN_EMAIL is set: set CEO_BOOTSTRAP_ADMIN_PASSWORD or CEO_BOOTSTRAP_ADMIN_PASSWORD_FILE too")
            }
            bootstrapAdmin = (email, password)
        }
    }

    /// What production refuses: a deployment without an explicit first admin.
    public func review() -> ProfileReview {
        var review = ProfileReview()
        review.require(bootstrapAdmin != nil,
                       "no explicit first admin: set CEO_BOOTSTRAP_ADMIN_EMAIL and CEO_BOOTSTRAP_ADMIN_PASSWORD_FILE (ignored once an admin exists)")
        return review
    }
}

/// A setting is wrong; the message names it (never its value).
public typealias AuthSettingsError = ServiceSettingsError
