import Foundation
public import GRDB

/// How every service opens its SQLite database: WAL (GRDB's pool), foreign keys on,
/// a busy timeout, `synchronous = NORMAL`, a checkpoint every 8,000 WAL pages, the
/// parent folder created, then migrated — safely when several processes open the same
/// file at once.
public enum SQLitePool {
    public static func open(path: String, migrator: DatabaseMigrator) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // Durable enough for WAL: a power loss may lose the last commits, never corrupt.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The commit that fills the WAL to this many pages copies them into the database
            // and syncs both files, holding the writer meanwhile. At SQLite's default of
            // 1,000 pages (4 MiB) a busy orchestrator checkpointed every few runs, stalling
            // every run's next write; at 8,000 (a WAL of up to 32 MiB) a page written many
            // times is copied once. Measured: `docs/BENCHMARKS.md`, fifth pass.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 8000")
        }
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true
        )
        let pool = try openRetryingWhileBusy(path: path, configuration: configuration)
        do {
            try migrator.migrate(pool)
        } catch {
            // Several processes may open one file at once (replicas on one host): when
            // another one applied a migration between our check and our write, ours fails
            // on the objects it created. Once that migration is committed, migrating again
            // finds it applied and does nothing; a genuine failure fails again.
            try migrator.migrate(pool)
        }
        return pool
    }

    /// Switching a new file to WAL needs a moment of exclusive access, and SQLite answers
    /// BUSY at once (no busy handler) when another process is doing the same: retry a few
    /// times with a short, growing pause.
    private static func openRetryingWhileBusy(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && attempt < 20 {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.01 * Double(attempt))
            }
        }
    }
}
