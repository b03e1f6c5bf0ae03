public import GRDB

/// One step of a service's schema, written for each engine. Never edit a shipped
/// migration: add one. The SQLite step runs through GRDB's migrator (the identifiers
/// are the ones earlier releases recorded); the PostgreSQL step is plain DDL, recorded
/// in `schema_migrations` and run under an advisory lock so that replicas starting
/// together apply it once.
public struct SQLMigration: Sendable {
    public let identifier: String
    public let sqlite: @Sendable (Database) throws -> Void
    public let postgres: String

    public init(_ identifier: String, sqlite: @escaping @Sendable (Database) throws -> Void, postgres: String) {
        self.identifier = identifier
        self.sqlite = sqlite
        self.postgres = postgres
    }

    /// A step whose SQLite DDL is a script.
    public init(_ identifier: String, sqlite script: String, postgres: String) {
        self.init(identifier, sqlite: { db in try db.execute(sql: script) }, postgres: postgres)
    }
}
