import CEOStorage
public import GRDB

/// AuthService's own SQLite database: WAL mode, foreign keys on, versioned migrations.
public struct AuthDatabase: Sendable {
    /// The pool: concurrent reads, one writer at a time.
    public let pool: DatabasePool

    /// Opens (creating when missing) the database at `path` and migrates it to the
    /// latest schema.
    public init(path: String) throws {
        pool = try SQLitePool.open(path: path, migrator: AuthMigrations.migrator)
    }
}
