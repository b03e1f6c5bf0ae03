public import CEOStorage
public import Logging

/// AuthService's database: SQLite in the data folder (one process, the default) or
/// PostgreSQL shared by the service's replicas. Both run the same statements in the
/// same transactions; a transaction that checks something before it writes takes a
/// lock on it first (``SQLConnection/lock(_:)``), which serializes it across replicas.
public struct AuthDatabase: Sendable {
    /// The engine underneath, with AuthService's migrations applied.
    public let engine: any SQLDatabase

    /// Opens (creating when missing) the SQLite database at `path` and migrates it to
    /// the latest schema.
    public init(path: String) throws {
        engine = try SQLiteDatabase(path: path, migrations: AuthMigrations.all)
    }

    /// Connects to the PostgreSQL database of `settings` and migrates it, under an
    /// advisory lock so that replicas starting together apply each migration once.
    public static func open(postgres settings: PostgresSettings, logger: Logger) async throws -> AuthDatabase {
        AuthDatabase(engine: try await PostgresDatabase.open(
            settings: settings, migrations: AuthMigrations.all, lockName: "ceo-auth-migrations", logger: logger
        ))
    }

    private init(engine: any SQLDatabase) {
        self.engine = engine
    }

    /// Which engine this is.
    public var dialect: SQLDialect { engine.dialect }

    /// A read-only transaction on a consistent snapshot.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await engine.read(body)
    }

    /// A read-write transaction: all of its statements commit, or none. The body may run
    /// more than once (PostgreSQL repeats one that lost a conflict): it must have no
    /// effect outside the database but its return value.
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await engine.write(body)
    }

    /// Releases the database's connections.
    public func close() async throws {
        try await engine.close()
    }
}
