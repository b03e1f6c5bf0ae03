import CEOAuthTokens
import CEOStorage
import Foundation

/// The keyring that AuthService's replicas share: the `signing_keys` table of their
/// PostgreSQL database. Changes run under the advisory lock `signing-keys`, so replicas
/// starting together create one active key, and a rotation retires exactly the key
/// that was active. The private half of the active key is stored (as the file stores
/// it), unless it comes from a configured secret; retired keys keep only their public half.
struct DatabaseSigningKeyStore: SigningKeyStore {
    let database: AuthDatabase

    func load() async throws -> [SigningKeyMaterial] {
        try await database.read { db in try Self.keys(in: db) }
    }

    func update(_ change: @escaping @Sendable ([SigningKeyMaterial]) throws -> SigningKeyUpdate) async throws -> SigningKeyUpdate {
        try await database.write { db in
            try db.lock("signing-keys")
            let stored = try Self.keys(in: db)
            let update = try change(stored)
            try Self.replace(stored, with: update.keys, in: db)
            return update
        }
    }

    private static func keys(in db: any SQLConnection) throws -> [SigningKeyMaterial] {
        try SQLRow.fetchAll(db, sql: "SELECT * FROM signing_keys ORDER BY created_at_ms, kid").map(SigningKeyMaterial.init(row:))
    }

    /// Deletes the keys that are gone and writes the ones that are new or changed.
    private static func replace(_ stored: [SigningKeyMaterial], with keys: [SigningKeyMaterial], in db: any SQLConnection) throws {
        let kept = Set(keys.map(\.kid))
        for key in stored where !kept.contains(key.kid) {
            try db.execute(sql: "DELETE FROM signing_keys WHERE kid = ?", arguments: [key.kid])
        }
        for key in keys where !stored.contains(key) {
            try db.execute(
                sql: """
                    INSERT INTO signing_keys (kid, algorithm, public_key, private_key, from_secret, created_at_ms, retired_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (kid) DO UPDATE SET private_key = excluded.private_key, from_secret = excluded.from_secret,
                        created_at_ms = excluded.created_at_ms, retired_at_ms = excluded.retired_at_ms
                    """,
                arguments: [
                    key.kid, key.algorithm, key.publicKey, key.privateKey.flatMap { Data(base64URLEncoded: $0) }, key.fromSecret,
                    key.createdAtMs, key.retiredAtMs,
                ]
            )
        }
    }
}

extension SigningKeyMaterial {
    init(row: SQLRow) {
        kid = row["kid"]
        algorithm = row["algorithm"]
        publicKey = row["public_key"]
        privateKey = (row["private_key"] as Data?)?.base64URLEncodedString()
        fromSecret = row["from_secret"]
        createdAtMs = row["created_at_ms"]
        retiredAtMs = row["retired_at_ms"]
    }
}
