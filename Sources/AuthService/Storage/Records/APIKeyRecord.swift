import CEOAPI
import CEOStorage

/// A row of `api_keys`. The key itself is never stored, only its SHA-256.
struct APIKeyRecord: Sendable {
    var id: String
    var userId: String
    var name: String
    /// The visible start of the key, for listing.
    var prefix: String
    var secretHash: String
    /// Space-separated.
    var scopes: String
    var createdAtMs: Int64
    var expiresAtMs: Int64?
    var lastUsedAtMs: Int64?
    var revokedAtMs: Int64?

    var scopeList: [String] { scopes.split(separator: " ").map(String.init) }

    var proto: ApiKey {
        var key = ApiKey()
        key.id = id
        key.name = name
        key.prefix = prefix
        key.scopes = scopeList
        key.createdAtUnixMs = createdAtMs
        key.expiresAtUnixMs = expiresAtMs ?? 0
        key.lastUsedAtUnixMs = lastUsedAtMs ?? 0
        key.revoked = revokedAtMs != nil
        return key
    }
}

extension APIKeyRecord {
    init(row: SQLRow) {
        id = row["id"]
        userId = row["user_id"]
        name = row["name"]
        prefix = row["prefix"]
        secretHash = row["secret_hash"]
        scopes = row["scopes"]
        createdAtMs = row["created_at_ms"]
        expiresAtMs = row["expires_at_ms"]
        lastUsedAtMs = row["last_used_at_ms"]
        revokedAtMs = row["revoked_at_ms"]
    }

    /// The key `id`, or nil.
    static func fetch(_ db: any SQLConnection, id: String) throws -> APIKeyRecord? {
        try SQLRow.fetchOne(db, sql: "SELECT * FROM api_keys WHERE id = ?", arguments: [id]).map(APIKeyRecord.init(row:))
    }

    /// The key whose secret hashes to `secretHash`, or nil.
    static func fetch(_ db: any SQLConnection, secretHash: String) throws -> APIKeyRecord? {
        try SQLRow.fetchOne(db, sql: "SELECT * FROM api_keys WHERE secret_hash = ?", arguments: [secretHash]).map(APIKeyRecord.init(row:))
    }

    func insert(_ db: any SQLConnection) throws {
        try db.execute(
            sql: """
                INSERT INTO api_keys (id, user_id, name, prefix, secret_hash, scopes, created_at_ms, expires_at_ms, last_used_at_ms, revoked_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [id, userId, name, prefix, secretHash, scopes, createdAtMs, expiresAtMs, lastUsedAtMs, revokedAtMs]
        )
    }
}
