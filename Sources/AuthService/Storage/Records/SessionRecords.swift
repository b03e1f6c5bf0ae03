import CEOServiceKit
import CEOStorage
import Foundation

/// A row of `refresh_families`: one login's chain of refresh tokens.
struct RefreshFamilyRecord: Sendable {
    var id: String
    var userId: String
    var createdAtMs: Int64
    var revokedAtMs: Int64?
    var revokeReason: String?
}

extension RefreshFamilyRecord {
    init(row: SQLRow) {
        id = row["id"]
        userId = row["user_id"]
        createdAtMs = row["created_at_ms"]
        revokedAtMs = row["revoked_at_ms"]
        revokeReason = row["revoke_reason"]
    }

    /// The family `id`, or nil.
    static func fetch(_ db: any SQLConnection, id: String) throws -> RefreshFamilyRecord? {
        try SQLRow.fetchOne(db, sql: "SELECT * FROM refresh_families WHERE id = ?", arguments: [id]).map(RefreshFamilyRecord.init(row:))
    }

    func insert(_ db: any SQLConnection) throws {
        try db.execute(
            sql: "INSERT INTO refresh_families (id, user_id, created_at_ms, revoked_at_ms, revoke_reason) VALUES (?, ?, ?, ?, ?)",
            arguments: [id, userId, createdAtMs, revokedAtMs, revokeReason]
        )
    }

    /// Revokes the family (a revoked family stays revoked: its first reason is kept).
    static func revoke(_ db: any SQLConnection, id: String, at now: Int64, reason: String) throws {
        try db.execute(
            sql: "UPDATE refresh_families SET revoked_at_ms = ?, revoke_reason = ? WHERE id = ? AND revoked_at_ms IS NULL",
            arguments: [now, reason, id]
        )
    }

    /// Revokes every open family of `userID`; returns how many.
    static func revokeAll(_ db: any SQLConnection, userID: String, at now: Int64, reason: String) throws -> Int {
        try db.execute(
            sql: "UPDATE refresh_families SET revoked_at_ms = ?, revoke_reason = ? WHERE user_id = ? AND revoked_at_ms IS NULL",
            arguments: [now, reason, userID]
        )
    }
}

/// A row of `refresh_tokens`: the SHA-256 of one refresh token of a family.
struct RefreshTokenRecord: Sendable {
    var tokenHash: String
    var familyId: String
    var issuedAtMs: Int64
    var expiresAtMs: Int64
    /// Set when the token was exchanged; presenting it again is reuse.
    var usedAtMs: Int64?
}

extension RefreshTokenRecord {
    init(row: SQLRow) {
        tokenHash = row["token_hash"]
        familyId = row["family_id"]
        issuedAtMs = row["issued_at_ms"]
        expiresAtMs = row["expires_at_ms"]
        usedAtMs = row["used_at_ms"]
    }

    /// The token whose hash is `hash`, or nil.
    static func fetch(_ db: any SQLConnection, hash: String) throws -> RefreshTokenRecord? {
        try SQLRow.fetchOne(db, sql: "SELECT * FROM refresh_tokens WHERE token_hash = ?", arguments: [hash]).map(RefreshTokenRecord.init(row:))
    }

    func insert(_ db: any SQLConnection) throws {
        try db.execute(
            sql: "INSERT INTO refresh_tokens (token_hash, family_id, issued_at_ms, expires_at_ms, used_at_ms) VALUES (?, ?, ?, ?, ?)",
            arguments: [tokenHash, familyId, issuedAtMs, expiresAtMs, usedAtMs]
        )
    }

    /// Marks the token spent.
    static func markUsed(_ db: any SQLConnection, hash: String, at now: Int64) throws {
        try db.execute(sql: "UPDATE refresh_tokens SET used_at_ms = ? WHERE token_hash = ?", arguments: [now, hash])
    }
}

/// A row of `login_attempts`.
struct LoginAttemptRecord: Sendable {
    var email: String
    var userId: String?
    var atMs: Int64
    var succeeded: Bool
    var clientIp: String

    /// Inserts the attempt; the database numbers it.
    func insert(_ db: any SQLConnection) throws {
        try db.execute(
            sql: "INSERT INTO login_attempts (email, user_id, at_ms, succeeded, client_ip) VALUES (?, ?, ?, ?, ?)",
            arguments: [email, userId, atMs, succeeded, clientIp]
        )
    }
}

/// A row of `login_lockouts`: an email whose logins are refused until a time.
struct LoginLockoutRecord: Sendable {
    var email: String
    var lockedUntilMs: Int64
}

extension LoginLockoutRecord {
    /// Whole seconds until the lockout ends (rounded up).
    func secondsLeft(at now: Date) -> Int {
        Int((Double(lockedUntilMs - now.unixMilliseconds) / 1000).rounded(.up))
    }

    /// The lockout of `email` (possibly over), or nil.
    static func fetch(_ db: any SQLConnection, email: String) throws -> LoginLockoutRecord? {
        try Int64.fetchOne(db, sql: "SELECT locked_until_ms FROM login_lockouts WHERE email = ?", arguments: [email])
            .map { LoginLockoutRecord(email: email, lockedUntilMs: $0) }
    }

    /// Inserts the lockout or replaces the email's earlier one.
    func save(_ db: any SQLConnection) throws {
        try db.execute(
            sql: """
                INSERT INTO login_lockouts (email, locked_until_ms) VALUES (?, ?)
                ON CONFLICT (email) DO UPDATE SET locked_until_ms = excluded.locked_until_ms
                """,
            arguments: [email, lockedUntilMs]
        )
    }

    static func delete(_ db: any SQLConnection, email: String) throws {
        try db.execute(sql: "DELETE FROM login_lockouts WHERE email = ?", arguments: [email])
    }
}
