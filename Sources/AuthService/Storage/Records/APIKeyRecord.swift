import CEOAPI
import GRDB

/// A row of `api_keys`. The key itself is never stored, only its SHA-256.
struct APIKeyRecord: Codable, Sendable, FetchableRecord, PersistableRecord, TableRecord, SnakeCaseColumns {
    static let databaseTableName = "api_keys"

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
