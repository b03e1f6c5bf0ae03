import Foundation
public import GRDB

/// How every service opens its SQLite database: WAL (GRDB's pool), foreign keys on,
/// a busy timeout, `synchronous = NORMAL`, the parent folder created, then migrated.
public enum SQLitePool {
    public static func open(path: String, migrator: DatabaseMigrator) throws -> DatabasePool {
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
        let pool = try DatabasePool(path: path, configuration: configuration)
        try migrator.migrate(pool)
        return pool
    }
}
