public import GRDB

/// A service's SQLite database (GRDB's WAL pool): reads run concurrently on snapshots,
/// writes one at a time in `BEGIN IMMEDIATE` transactions.
public struct SQLiteDatabase: SQLDatabase {
    /// The GRDB pool, for the few callers that need GRDB itself.
    public let pool: DatabasePool
    public var dialect: SQLDialect { .sqlite }

    /// Opens (creating when missing) the file at `path` and applies `migrations`.
    public init(path: String, migrations: [SQLMigration]) throws {
        var migrator = DatabaseMigrator()
        for migration in migrations { migrator.registerMigration(migration.identifier, migrate: migration.sqlite) }
        pool = try SQLitePool.open(path: path, migrator: migrator)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await pool.read { db in try body(GRDBConnection(db: db)) }
    }

    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await pool.write { db in try body(GRDBConnection(db: db)) }
    }

    public func close() async throws { try pool.close() }
}

/// A GRDB connection inside a transaction, seen through ``SQLConnection``.
///
/// Statements are prepared once per connection and reused, which holds only while a
/// statement never compares a bound parameter with a partial index's condition
/// (`status = ?` against an index `… WHERE status = 1`): SQLite then re-prepares the
/// statement at every bind, because the value might change its plan. Such columns are
/// compared with literals (the orchestrator's `StatementPreparationTests` checks its run).
struct GRDBConnection: SQLConnection {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    @discardableResult
    func execute(sql: String, arguments: SQLArguments) throws -> Int {
        if Self.isSingleStatement(sql) {
            try db.cachedStatement(sql: sql).execute(arguments: Self.statementArguments(arguments))
        } else {
            try db.execute(sql: sql, arguments: Self.statementArguments(arguments))
        }
        return db.changesCount
    }

    /// Rows of a statement prepared once per connection (GRDB's statement cache): a
    /// statement's preparation, with GRDB's authorizer, cost more than running it.
    func fetchAll(sql: String, arguments: SQLArguments) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        let index = SQLRow.index(of: statement.columnNames)
        return try Row.fetchAll(statement, arguments: Self.statementArguments(arguments)).map { row in
            SQLRow(index: index, values: row.databaseValues.map(Self.value))
        }
    }

    /// Whether `sql` is one statement (a trailing semicolon allowed), which may be
    /// cached; scripts of several run uncached.
    ///
    /// Read by bytes: white space after the semicolon is ASCII (other white space reads as
    /// a further statement, which only costs the cache).
    static func isSingleStatement(_ sql: String) -> Bool {
        let bytes = sql.utf8
        guard let semicolon = bytes.firstIndex(of: UInt8(ascii: ";")) else { return true }
        return bytes[bytes.index(after: semicolon)...].allSatisfy { $0 == 0x20 || (0x09...0x0D).contains($0) }
    }

    /// The arguments as GRDB's values. Built as optional existentials: GRDB's initialiser
    /// for a sequence of one concrete type reads each value through a key path, which
    /// cost more than the statement's own work.
    static func statementArguments(_ arguments: SQLArguments) -> StatementArguments {
        StatementArguments(arguments.values.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .null: DatabaseValue.null
            case .integer(let int): int.databaseValue
            case .real(let double): double.databaseValue
            case .text(let text): text.databaseValue
            case .blob(let data): data.databaseValue
            }
        })
    }

    static func value(_ stored: DatabaseValue) -> SQLValue {
        switch stored.storage {
        case .null: .null
        case .int64(let int): .integer(int)
        case .double(let double): .real(double)
        case .string(let text): .text(text)
        case .blob(let data): .blob(data)
        }
    }
}
