import CEOStorage
import Foundation
import Testing

/// The SQLite side of ``SQLConnection``: values bound and read back unchanged, scripts of
/// several statements run whole, one statement (a trailing semicolon allowed) cached.
@Suite("SQLite connection: arguments and statements")
struct SQLiteConnectionTests {
    @Test("every kind of value binds and reads back; a script runs every statement; a cached statement runs again with new values")
    func valuesAndScripts() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-connection-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try SQLiteDatabase(path: folder.appendingPathComponent("test.sqlite").path, migrations: [])
        try await database.write { db in
            // A script of two statements and a trailing semicolon: both run.
            try db.execute(sql: "CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT); CREATE TABLE u (x INTEGER);")
            for (index, text) in ["plain", "café — €4,800", ""].enumerated() {
                try db.execute(
                    sql: "INSERT INTO t (i, r, s, b, n) VALUES (?, ?, ?, ?, ?);  \n",
                    arguments: SQLArguments([.integer(Int64(index) - 1), .real(0.5 + Double(index)), .text(text), .blob(Data([0, 255, UInt8(index)])), .null])
                )
            }
            try db.execute(sql: "INSERT INTO u (x) VALUES (?)", arguments: SQLArguments([.integer(Int64.max)]))
        }
        let rows = try await database.read { db in try db.fetchAll(sql: "SELECT i, r, s, b, n FROM t ORDER BY i", arguments: []) }
        #expect(rows.map { $0["i"] as Int64 } == [-1, 0, 1])
        #expect(rows.map { $0["r"] as Double } == [0.5, 1.5, 2.5])
        #expect(rows.map { $0["s"] as String } == ["plain", "café — €4,800", ""])
        #expect(rows.map { $0["b"] as Data } == [Data([0, 255, 0]), Data([0, 255, 1]), Data([0, 255, 2])])
        #expect(rows.allSatisfy { ($0["n"] as String?) == nil })
        let max = try await database.read { db in try db.fetchAll(sql: "SELECT x FROM u", arguments: []) }
        #expect(max.map { $0["x"] as Int64 } == [Int64.max])
        try await database.close()
    }
}

/// The settings every service's SQLite database is opened with (``SQLitePool``).
@Suite("SQLite connection: the settings every database opens with")
struct SQLiteSettingsTests {
    @Test("WAL, synchronous NORMAL, foreign keys on and a checkpoint every 8,000 WAL pages, for the writer and the readers alike")
    func settings() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-settings-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try SQLiteDatabase(path: folder.appendingPathComponent("test.sqlite").path, migrations: [])
        // Each pragma read on its own: `wal_autocheckpoint` has no table-valued form.
        @Sendable func settings(_ db: any SQLConnection) throws -> [String: String] {
            var values: [String: String] = [:]
            for pragma in ["journal_mode", "synchronous", "foreign_keys", "wal_autocheckpoint"] {
                let row = try #require(try db.fetchAll(sql: "PRAGMA \(pragma)", arguments: []).first)
                values[pragma] = switch row.value(pragma) {
                case .integer(let number): String(number)
                case .text(let text): text
                case let other: "\(other)"
                }
            }
            return values
        }
        let written = try await database.write { db in try settings(db) }
        let read = try await database.read { db in try settings(db) }
        for values in [written, read] {
            #expect(values == ["journal_mode": "wal", "synchronous": "1", "foreign_keys": "1", "wal_autocheckpoint": "8000"])  // synchronous 1: NORMAL
        }
        try await database.close()
    }
}
