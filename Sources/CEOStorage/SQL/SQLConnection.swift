/// The two SQL engines a service can keep its state in.
public enum SQLDialect: String, Sendable {
    /// SQLite through GRDB: the embedded default, one file per service.
    case sqlite
    /// PostgreSQL through PostgresNIO: shared by the replicas of a service.
    case postgres
}

/// A connection inside one transaction. Statements use `?` placeholders and the SQL
/// both engines accept (`ON CONFLICT`, `RETURNING`, `CAST(… AS BIGINT)`); the few
/// places that differ ask `dialect`.
public protocol SQLConnection {
    var dialect: SQLDialect { get }

    /// Runs a statement; returns how many rows it inserted, updated or deleted.
    @discardableResult
    func execute(sql: String, arguments: SQLArguments) throws -> Int

    /// Runs a query and returns its rows.
    func fetchAll(sql: String, arguments: SQLArguments) throws -> [SQLRow]
}

extension SQLConnection {
    @discardableResult
    public func execute(sql: String) throws -> Int { try execute(sql: sql, arguments: []) }

    /// Holds the lock named `key` (a run, an owner) until the transaction ends, so that
    /// transactions that check an invariant about it and then write run one at a time.
    /// PostgreSQL takes a transaction-scoped advisory lock; SQLite already runs one write
    /// transaction at a time, so there it does nothing.
    public func lock(_ key: String) throws {
        guard dialect == .postgres else { return }
        try execute(sql: "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", arguments: [key])
    }
}

/// A service's database: transactions that read, and transactions that write and
/// commit all of their statements or none.
///
/// Transaction bodies are synchronous and may run more than once: PostgreSQL repeats one
/// that lost a deadlock or a serialization conflict, so a body must have no effect
/// outside the database but its return value. SQLite runs one write at a time;
/// PostgreSQL runs writes READ COMMITTED, side by side, so a body that checks something
/// before it writes first takes ``SQLConnection/lock(_:)`` on what it checks.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }

    /// A read-only transaction on a consistent snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T

    /// A read-write transaction: all of its statements commit, or none.
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T

    /// Releases the database's connections and threads.
    func close() async throws
}
