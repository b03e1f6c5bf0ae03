import CEOStorage

/// A row of `token_revocations`: access tokens that no verifier may accept any more.
/// `kind` "session": the tokens whose `sid` is `id`; "user": the tokens of the user `id`
/// issued at or before `revokedAtMs`. The row is deleted after `expiresAtMs`, when every
/// token it covers has expired.
struct TokenRevocationRecord: Sendable {
    var kind: String
    var id: String
    var revokedAtMs: Int64
    var expiresAtMs: Int64
}

extension TokenRevocationRecord {
    init(row: SQLRow) {
        kind = row["kind"]
        id = row["id"]
        revokedAtMs = row["revoked_at_ms"]
        expiresAtMs = row["expires_at_ms"]
    }

    /// Inserts the revocation or replaces the earlier one of the same kind and id.
    func save(_ db: any SQLConnection) throws {
        try db.execute(
            sql: """
                INSERT INTO token_revocations (kind, id, revoked_at_ms, expires_at_ms) VALUES (?, ?, ?, ?)
                ON CONFLICT (kind, id) DO UPDATE SET revoked_at_ms = excluded.revoked_at_ms, expires_at_ms = excluded.expires_at_ms
                """,
            arguments: [kind, id, revokedAtMs, expiresAtMs]
        )
    }
}
