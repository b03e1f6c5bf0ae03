public import Foundation

/// The tunable rules of AuthService, with the product's defaults.
public struct AuthConfiguration: Sendable {
    /// Lifetime of an access token from a login or refresh.
    public var accessTokenLifetime: Duration = .seconds(15 * 60)
    /// Lifetime of an access token exchanged for an API key.
    public var apiKeyTokenLifetime: Duration = .seconds(5 * 60)
    /// Lifetime of a refresh token (each refresh issues a new one).
    public var refreshTokenLifetime: Duration = .seconds(30 * 24 * 3600)
    /// Failed logins of one email within ``lockoutWindow`` that start a lockout.
    public var lockoutThreshold = 5
    public var lockoutWindow: Duration = .seconds(15 * 60)
    /// How long logins of a locked email are refused.
    public var lockoutCooldown: Duration = .seconds(15 * 60)
    public var passwordHashing: PasswordHasher.Parameters = .owasp
    public var passwordPolicy = PasswordPolicy()
    /// The active signing key is replaced when it is this old (nil: only on request).
    public var signingKeyRotation: Duration? = .seconds(30 * 24 * 3600)
    /// A 32-byte Ed25519 private key from a secret; nil keeps the key in the data folder
    /// (or, on PostgreSQL, in the database).
    public var signingKeySecret: Data?
    /// On PostgreSQL, how old a replica's copy of the signing keys may get before it
    /// reads them again, so that a rotation on one replica is published by all of them.
    public var signingKeyReloadInterval: Duration = .seconds(5)
    /// Most API keys one user may hold (revoked ones do not count).
    public var maximumAPIKeysPerUser = 50

    public init() {}

    /// The longest lifetime of any access token: how long a retired key stays published.
    var longestAccessTokenLifetime: Duration { max(accessTokenLifetime, apiKeyTokenLifetime) }
}
