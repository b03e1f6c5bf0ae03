import GRDB

/// A row of `token_revocations`: access tokens that no verifier may accept any more.
/// `kind` "session": the tokens whose `sid` is `id`; "user": the tokens of the user `id`
/// issued at or before `revokedAtMs`. The row is deleted after `expiresAtMs`, when every
/// token it covers has expired.
struct TokenRevocationRecord: Codable, Sendable, FetchableRecord, PersistableRecord, TableRecord, SnakeCaseColumns {
    static let databaseTableName = "token_revocations"

    var kind: String
    var id: String
    var revokedAtMs: Int64
    var expiresAtMs: Int64
}
