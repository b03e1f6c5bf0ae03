import CEOAuthTokens
public import CEOServiceKit
public import CEOStorage
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
/// - `CEO_AUTH_DATABASE_URL` (or `_FILE`): a PostgreSQL database that the service's replicas share
///   (`postgres://user:password@host:5432/database?sslmode=verify-full&sslrootcert=…`),
///   signing keys included; empty or unset: SQLite and a key file in the data folder.
public struct AuthEnvironmentSettings: ServiceConfiguration {
    public var signingKey: Data?
    public var bootstrapAdmin: (email: String, password: Secret)?
    /// The shared PostgreSQL database; nil for SQLite in the data folder.
    public var database: PostgresSettings?

    public init(environment: [String: String]) throws {
        database = try Self.database(in: environment)
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

    /// The PostgreSQL settings of `CEO_AUTH_DATABASE_URL`, or of the file
    /// `CEO_AUTH_DATABASE_URL_FILE` names (a secret: it carries the password); nil when
    /// neither is set.
    public static func database(in environment: [String: String]) throws -> PostgresSettings? {
        guard let url = try EnvironmentSecrets.secret("CEO_AUTH_DATABASE_URL", in: environment)?.revealed
            .trimmingCharacters(in: .whitespacesAndNewlines), !url.isEmpty else {
            return nil
        }
        do {
            return try PostgresSettings(url: url)
        } catch let error as PostgresSettings.SettingsError {
            throw AuthSettingsError("CEO_AUTH_DATABASE_URL: \(error.description)")
        }
    }

    /// What production refuses: a deployment without an explicit first admin.
    public func review() -> ProfileReview {
        var review = ProfileReview()
        review.require(bootstrapAdmin != nil,
                       "no explicit first admin: set CEO_BOOTSTRAP_ADMIN_EMAIL and CEO_BOOTSTRAP_ADMIN_PASSWORD_FILE (ignored once an admin exists)")
        if let database {
            review.require(database.tlsMode == .verifyFull, "CEO_AUTH_DATABASE_URL must use sslmode=verify-full (got \(database.tlsMode.rawValue))")
        }
        return review
    }
}

/// A setting is wrong; the message names it (never its value).
public typealias AuthSettingsError = ServiceSettingsError
