import CEOAuthTokens
import CEOAPI
import GRDB

/// A row of `users`.
struct UserRecord: Codable, Sendable, FetchableRecord, PersistableRecord, TableRecord, SnakeCaseColumns {
    static let databaseTableName = "users"

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

/// A row of `credentials`: the user's password hash, in its stored form.
struct CredentialRecord: Codable, Sendable, FetchableRecord, PersistableRecord, TableRecord, SnakeCaseColumns {
    static let databaseTableName = "credentials"

    var userId: String
    var passwordHash: String
    var updatedAtMs: Int64
}
