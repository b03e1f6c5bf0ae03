import Foundation
public import GRDB

/// AuthService's own SQLite database: WAL mode, foreign keys on, versioned migrations.
public struct AuthDatabase: Sendable {
    /// The pool: concurrent reads, one writer at a time.
    public let pool: DatabasePool

    /// Opens (creating when missing) the database at `path` and migrates it to the
    /// latest schema.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // Durable enough for WAL: a power loss may lose the last commits, never corrupt.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true
        )
        pool = try DatabasePool(path: path, configuration: configuration)
        try AuthMigrations.migrator.migrate(pool)
    }
}
