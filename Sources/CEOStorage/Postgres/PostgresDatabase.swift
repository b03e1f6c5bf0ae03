import Foundation
public import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// A service's PostgreSQL database, shared by its replicas.
///
/// Transactions run on a pool of `poolSize` threads, each with its own connection, as
/// GRDB runs SQLite's: the transaction bodies stay synchronous and the same for both
/// engines. Writes run READ COMMITTED with the advisory locks their bodies take
/// (``SQLConnection/lock(_:)``); one that loses a deadlock or serialization conflict
/// (SQLSTATE 40P01 or 40001) is rolled back and run again. Reads run READ ONLY on a
/// REPEATABLE READ snapshot.
public final class PostgresDatabase: SQLDatabase {
    public var dialect: SQLDialect { .postgres }
    let settings: PostgresSettings
    private let configuration: PostgresConnection.Configuration
    private let threads: NIOThreadPool
    private let idle = NIOLockedValueBox<[PostgresConnection]>([])
    private let nextConnectionID = NIOLockedValueBox(0)
    private let logger: Logger
    /// How often a write is tried before its conflict is reported.
    static let maxAttempts = 30

    /// Connects (lazily) to `settings`' server and applies `migrations` under an
    /// advisory lock named `lockName`, so that replicas starting together apply each once.
    public static func open(settings: PostgresSettings, migrations: [SQLMigration], lockName: String, logger: Logger) async throws -> PostgresDatabase {
        let database = try PostgresDatabase(settings: settings, logger: logger)
        do {
            try await database.migrate(migrations, lockName: lockName)
        } catch {
            try? await database.close()
            throw error
        }
        return database
    }

    init(settings: PostgresSettings, logger: Logger) throws {
        self.settings = settings
        self.logger = logger
        var configuration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port, username: settings.username, password: settings.password,
            database: settings.database, tls: try settings.tlsConfiguration().map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable
        )
        configuration.options.connectTimeout = .seconds(10)
        self.configuration = configuration
        threads = NIOThreadPool(numberOfThreads: settings.poolSize)
        threads.start()
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await threads.runIfActive {
            try self.withConnection { connection in
                try connection.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
            }
        }
    }

    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await threads.runIfActive {
            try self.withConnection { connection in
                var attempt = 1
                while true {
                    do {
                        return try connection.transaction("BEGIN ISOLATION LEVEL READ COMMITTED", body)
                    } catch let error as PostgresServerError where error.isConflict && attempt < Self.maxAttempts {
                        // Lost to a concurrent transaction: nothing of ours committed. Wait a
                        // little (more each time, jittered) and run the body again.
                        attempt += 1
                        Thread.sleep(forTimeInterval: Double.random(in: 0.001...0.004) * Double(min(attempt, 10)))
                    }
                }
            }
        }
    }

    /// Runs `body` with a connection of this thread's, outside any transaction (for LISTEN,
    /// advisory locks and migrations).
    func withConnection<T>(_ body: (PostgresTransactionConnection) throws -> T) throws -> T {
        let connection = try checkOut()
        do {
            let result = try body(PostgresTransactionConnection(connection: connection, logger: logger))
            idle.withLockedValue { $0.append(connection) }
            return result
        } catch let error as PostgresConnectionError where Self.isConnectionLoss(error.underlying) {
            // The connection is gone: drop it; the next transaction opens a new one.
            let _: EventLoopFuture<Void> = connection.close()
            throw error
        } catch {
            idle.withLockedValue { $0.append(connection) }
            throw error
        }
    }

    private func checkOut() throws -> PostgresConnection {
        while let connection = idle.withLockedValue({ $0.popLast() }) {
            if !connection.isClosed { return connection }
        }
        let id = nextConnectionID.withLockedValue { value -> Int in value += 1; return value }
        do {
            return try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id, logger: logger
            ).wait()
        } catch let error as PSQLError {
            throw PostgresConnectionError(error, connecting: "\(settings.host):\(settings.port)")
        }
    }

    deinit {
        // Dropped without close(): close what is left; each connection is kept until it is.
        for connection in idle.withLockedValue({ $0 }) {
            connection.close().whenComplete { _ in _ = connection }
        }
        threads.shutdownGracefully { _ in }
    }

    public func close() async throws {
        let connections = idle.withLockedValue { connections -> [PostgresConnection] in
            defer { connections = [] }
            return connections
        }
        for connection in connections { try? await connection.close().get() }
        try await threads.shutdownGracefully()
    }

    /// Runs statements that cannot run inside a transaction (`CREATE DATABASE`).
    public func executeOutsideTransaction(sql: String) async throws {
        try await threads.runIfActive {
            try self.withConnection { connection in _ = try connection.execute(sql: sql) }
        }
    }

    /// A new connection of its own, outside the pool (a listener's).
    func dedicatedConnection() async throws -> PostgresConnection {
        let id = nextConnectionID.withLockedValue { value -> Int in value += 1; return value }
        return try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id, logger: logger
        ).get()
    }

    // MARK: - Migrations

    private func migrate(_ migrations: [SQLMigration], lockName: String) async throws {
        try await threads.runIfActive {
            try self.withConnection { connection in
                // Session-level lock: held across the migrations' transactions.
                try connection.execute(sql: "SELECT pg_advisory_lock(hashtext(?))", arguments: [lockName])
                defer { _ = try? connection.execute(sql: "SELECT pg_advisory_unlock(hashtext(?))", arguments: [lockName]) }
                try connection.execute(sql: """
                    CREATE TABLE IF NOT EXISTS schema_migrations (identifier TEXT PRIMARY KEY, applied_at_ms BIGINT NOT NULL)
                    """)
                let applied = Set(try String.fetchAll(connection, sql: "SELECT identifier FROM schema_migrations"))
                for migration in migrations where !applied.contains(migration.identifier) {
                    try connection.transaction("BEGIN") { db in
                        for statement in Self.statements(migration.postgres) { try db.execute(sql: statement) }
                        try db.execute(
                            sql: "INSERT INTO schema_migrations (identifier, applied_at_ms) VALUES (?, ?)",
                            arguments: [migration.identifier, Int64(Date().timeIntervalSince1970 * 1000)]
                        )
                    }
                    self.logger.info("applied migration", metadata: ["migration": "\(migration.identifier)"])
                }
            }
        }
    }

    /// A DDL script split into its statements (the extended protocol takes one at a time).
    static func statements(_ script: String) -> [String] {
        script.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    // MARK: - Errors

    static func sqlState(_ error: any Error) -> String? {
        (error as? PostgresServerError)?.sqlState ?? (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func isConnectionLoss(_ error: PSQLError) -> Bool {
        [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown].contains(error.code)
    }
}

/// A pooled connection on its transaction thread: every call waits for its result.
struct PostgresTransactionConnection: SQLConnection {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }

    @discardableResult
    func execute(sql: String, arguments: SQLArguments) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    func fetchAll(sql: String, arguments: SQLArguments) throws -> [SQLRow] {
        try run(sql, arguments).rows.map(PostgresStatement.row)
    }

    private func run(_ sql: String, _ arguments: SQLArguments) throws -> PostgresQueryResult {
        do {
            return try connection.query(try PostgresStatement.query(sql, arguments), logger: logger).wait()
        } catch let error as PSQLError where error.code == .server {
            throw PostgresServerError(error, statement: sql)
        } catch let error as PSQLError {
            throw PostgresConnectionError(error)
        }
    }

    /// Runs `body` between `begin` and COMMIT; rolls back when it throws.
    func transaction<T>(_ begin: String, _ body: (any SQLConnection) throws -> T) throws -> T {
        try execute(sql: begin)
        do {
            let result = try body(self)
            try execute(sql: "COMMIT")
            return result
        } catch {
            _ = try? execute(sql: "ROLLBACK")
            throw error
        }
    }
}

/// An error the server reported for a statement: its SQLSTATE and message (never the
/// statement's values, which may be personal data).
public struct PostgresServerError: Error, CustomStringConvertible {
    public let sqlState: String
    public let message: String
    public let statement: String

    init(_ error: PSQLError, statement: String) {
        sqlState = error.serverInfo?[.sqlState] ?? "?????"
        message = error.serverInfo?[.message] ?? "unknown error"
        self.statement = statement
    }

    /// A serialization failure or a deadlock: the transaction may succeed when run again.
    public var isConflict: Bool { sqlState == "40001" || sqlState == "40P01" }

    public var description: String {
        "PostgreSQL \(sqlState): \(message) (in: \(statement.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ").prefix(160)))"
    }
}

/// A failure to reach the server or to keep talking to it (never a statement's values).
public struct PostgresConnectionError: Error, CustomStringConvertible {
    let underlying: PSQLError
    let connecting: String?

    init(_ error: PSQLError, connecting: String? = nil) {
        underlying = error
        self.connecting = connecting
    }

    public var description: String {
        let cause = underlying.underlying.map { ": \($0)" } ?? ""
        return (connecting.map { "could not connect to PostgreSQL at \($0) (" } ?? "PostgreSQL connection failed (") + "\(underlying.code)\(cause))"
    }
}
