import CEOAuthTokens
import CEOAPI
import CEOStorage

/// A row of `users`.
struct UserRecord: Sendable {
    var id: String
    var email: String
    var displayName: String
    /// `user` or `admin`.
    var role: String
    var disabled: Bool
    var createdAtMs: Int64
    var lastLoginAtMs: Int64?

    var roleValue: Role { Role(tokenName: role) ?? .user }

    var proto: User {
        var user = User()
        user.id = id
        user.email = email
        user.displayName = displayName
        user.role = roleValue
        user.disabled = disabled
        user.createdAtUnixMs = createdAtMs
        user.lastLoginAtUnixMs = lastLoginAtMs ?? 0
        return user
    }
}

extension UserRecord {
    init(row: SQLRow) {
        id = row["id"]
        email = row["email"]
        displayName = row["display_name"]
        role = row["role"]
        disabled = row["disabled"]
        createdAtMs = row["created_at_ms"]
        lastLoginAtMs = row["last_login_at_ms"]
    }

    /// The user `id`, or nil.
    static func fetch(_ db: any SQLConnection, id: String) throws -> UserRecord? {
        try SQLRow.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(UserRecord.init(row:))
    }

    /// The user whose (normalised) email is `email`, or nil.
    static func fetch(_ db: any SQLConnection, email: String) throws -> UserRecord? {
        try SQLRow.fetchOne(db, sql: "SELECT * FROM users WHERE email = ?", arguments: [email]).map(UserRecord.init(row:))
    }

    func insert(_ db: any SQLConnection) throws {
        try db.execute(
            sql: """
                INSERT INTO users (id, email, display_name, role, disabled, created_at_ms, last_login_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [id, email, displayName, role, disabled, createdAtMs, lastLoginAtMs]
        )
    }

    /// Writes every column but the id and the creation time.
    func update(_ db: any SQLConnection) throws {
        try db.execute(
            sql: "UPDATE users SET email = ?, display_name = ?, role = ?, disabled = ?, last_login_at_ms = ? WHERE id = ?",
            arguments: [email, displayName, role, disabled, lastLoginAtMs, id]
        )
    }
}

/// A row of `credentials`: the user's password hash, in its stored form.
struct CredentialRecord: Sendable {
    var userId: String
    var passwordHash: String
    var updatedAtMs: Int64
}

extension CredentialRecord {
    init(row: SQLRow) {
        userId = row["user_id"]
        passwordHash = row["password_hash"]
        updatedAtMs = row["updated_at_ms"]
    }

    /// The credential of `userID`, or nil.
    static func fetch(_ db: any SQLConnection, userID: String) throws -> CredentialRecord? {
        try SQLRow.fetchOne(db, sql: "SELECT * FROM credentials WHERE user_id = ?", arguments: [userID]).map(CredentialRecord.init(row:))
    }

    func insert(_ db: any SQLConnection) throws {
        try db.execute(
            sql: "INSERT INTO credentials (user_id, password_hash, updated_at_ms) VALUES (?, ?, ?)",
            arguments: [userId, passwordHash, updatedAtMs]
        )
    }

    func update(_ db: any SQLConnection) throws {
        try db.execute(
            sql: "UPDATE credentials SET password_hash = ?, updated_at_ms = ? WHERE user_id = ?",
            arguments: [passwordHash, updatedAtMs, userId]
        )
    }
}
