import GRDB

/// A row of `refresh_families`: one login's chain of refresh tokens.
struct RefreshFamilyRecord: Codable, Sendable, FetchableRecord, PersistableRecord, TableRecord, SnakeCaseColumns {
    static let databaseTableName = "refresh_families"

    var id: String
    var userId: String
    var createdAtMs: Int64
    var revokedAtMs: Int64?
    var revokeReason: String?
}

/// A row of `refresh_tokens`: the SHA-256 of one refresh token of a family.
struct RefreshTokenRecord: Codable, Sendable, FetchableRecord, PersistableRecord, TableRecord, SnakeCaseColumns {
    static let databaseTableName = "refresh_tokens"

    var tokenHash: String
    var familyId: String
    var issuedAtMs: Int64
    var expiresAtMs: Int64
    /// Set when the token was exchanged; presenting it again is reuse.
    var usedAtMs: Int64?
}

/// A row of `login_attempts`.
struct LoginAttemptRecord: Codable, Sendable, FetchableRecord, PersistableRecord, TableRecord, SnakeCaseColumns {
    static let databaseTableName = "login_attempts"

    var id: Int64?
    var email: String
    var userId: String?
    var atMs: Int64
    var succeeded: Bool
    var clientIp: String
}

/// A row of `login_lockouts`: an email whose logins are refused until a time.
struct LoginLockoutRecord: Codable, Sendable, FetchableRecord, PersistableRecord, TableRecord, SnakeCaseColumns {
    static let databaseTableName = "login_lockouts"

    var email: String
    var lockedUntilMs: Int64
}
