import CEOServiceKit
public import CEOAPI
import Crypto
public import Foundation
import CEOStorage
import GRDB
import SwiftProtobuf

/// Results of agent executions, kept in SQLite so that an identical request — or a
/// retry with the same idempotency key — is answered without running the agent again
/// and without a second charge.
///
/// Entries expire after ``Configuration/timeToLive``; the cache is bounded by
/// ``Configuration/maximumBytes`` and evicts the least recently used entries. A row that
/// cannot be read is dropped and counts as a miss: the cache never fails a request.
public final class AgentResultCache: Sendable {
    public struct Configuration: Sendable {
        public var timeToLive: Duration
        public var maximumBytes: Int
        /// A fingerprint of the reference data results are priced with (see
        /// ``ReferenceData/fingerprint()``): part of every key, so that a result priced with
        /// older figures is never served after the data changes.
        public var dataVersion: String

        public init(timeToLive: Duration = .seconds(24 * 3600), maximumBytes: Int = 64 << 20, dataVersion: String = "") {
            self.timeToLive = timeToLive
            self.maximumBytes = maximumBytes
            self.dataVersion = dataVersion
        }
    }

    private let pool: DatabasePool
    private let configuration: Configuration
    private let now: @Sendable () -> Date

    /// Opens (creating when missing) the cache database at `path`.
    public init(path: String, configuration: Configuration = Configuration(), now: @escaping @Sendable () -> Date = { Date() }) throws {
        self.configuration = configuration
        self.now = now
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: results") { db in
            try db.create(table: "results") { t in
                t.primaryKey("key", .text)
                t.column("agent", .text).notNull()
                t.column("result", .blob).notNull()
                t.column("size", .integer).notNull()
                t.column("created_at_ms", .integer).notNull()
                t.column("expires_at_ms", .integer).notNull()
                t.column("last_hit_at_ms", .integer).notNull()
            }
            try db.create(index: "results_by_use", on: "results", columns: ["last_hit_at_ms"])
            try db.create(table: "idempotency_keys") { t in
                t.primaryKey("idempotency_key", .text)
                t.column("result_key", .text).notNull().references("results", onDelete: .cascade)
            }
        }
        // Replicas on one host may share the file; SQLitePool makes their migrations safe.
        pool = try SQLitePool.open(path: path, migrator: migrator)
    }

    /// The cached result for `request` run by `model`, marked `cached`; nil on a miss.
    public func lookup(_ request: ExecuteTaskRequest, model: String) async throws -> AgentResult? {
        let key = try Self.key(for: request, model: model, dataVersion: configuration.dataVersion)
        let idempotencyKey = Self.idempotencyKey(for: request, model: model)
        let now = now().unixMilliseconds
        return try await pool.write { db -> AgentResult? in
            var resultKey = key
            if let idempotencyKey,
               let aliased = try String.fetchOne(db, sql: "SELECT result_key FROM idempotency_keys WHERE idempotency_key = ?", arguments: [idempotencyKey]) {
                resultKey = aliased
            }
            guard let row = try Row.fetchOne(db, sql: "SELECT result, expires_at_ms FROM results WHERE key = ?", arguments: [resultKey]) else {
                return nil
            }
            let expires: Int64 = row["expires_at_ms"]
            guard expires > now, var result = try? AgentResult(serializedBytes: row["result"] as Data) else {
                try db.execute(sql: "DELETE FROM results WHERE key = ?", arguments: [resultKey])
                return nil
            }
            try db.execute(sql: "UPDATE results SET last_hit_at_ms = ? WHERE key = ?", arguments: [now, resultKey])
            result.cached = true
            return result
        }
    }

    /// Keeps `result` for `request`, then evicts the least recently used entries beyond the size bound.
    public func store(_ result: AgentResult, for request: ExecuteTaskRequest, model: String) async throws {
        let key = try Self.key(for: request, model: model, dataVersion: configuration.dataVersion)
        let idempotencyKey = Self.idempotencyKey(for: request, model: model)
        var stored = result
        stored.cached = false
        let data = try stored.serializedData()
        let now = now()
        let expires = now.addingTimeInterval(configuration.timeToLive.timeInterval).unixMilliseconds
        let maximumBytes = configuration.maximumBytes
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO results (key, agent, result, size, created_at_ms, expires_at_ms, last_hit_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET result = excluded.result, size = excluded.size,
                        created_at_ms = excluded.created_at_ms, expires_at_ms = excluded.expires_at_ms,
                        last_hit_at_ms = excluded.last_hit_at_ms
                    """,
                arguments: [key, request.agent.rawValue.description, data, data.count, now.unixMilliseconds, expires, now.unixMilliseconds]
            )
            if let idempotencyKey {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO idempotency_keys (idempotency_key, result_key) VALUES (?, ?)",
                    arguments: [idempotencyKey, key]
                )
            }
            try db.execute(sql: "DELETE FROM results WHERE expires_at_ms <= ?", arguments: [now.unixMilliseconds])
            var total = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(size), 0) FROM results") ?? 0
            while total > maximumBytes,
                  let oldest = try Row.fetchOne(db, sql: "SELECT key, size FROM results WHERE key != ? ORDER BY last_hit_at_ms, created_at_ms LIMIT 1", arguments: [key]) {
                try db.execute(sql: "DELETE FROM results WHERE key = ?", arguments: [oldest["key"] as String])
                total -= oldest["size"] as Int
            }
        }
    }

    /// How many results are kept, and their size in bytes.
    public func statistics() async throws -> (entries: Int, bytes: Int) {
        try await pool.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM results")!
            return (row["n"], row["bytes"])
        }
    }

    /// SHA-256 of the model, the reference data's version and the request's deterministic
    /// encoding, without its idempotency key.
    static func key(for request: ExecuteTaskRequest, model: String, dataVersion: String = "") throws -> String {
        var content = request
        content.idempotencyKey = ""
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        var input = Data(model.utf8)
        input.append(0)
        input.append(Data(dataVersion.utf8))
        input.append(0)
        input.append(try content.serializedData(options: options))
        return SHA256.hash(data: input).map { String(format: "%02x", $0) }.joined()
    }

    static func idempotencyKey(for request: ExecuteTaskRequest, model: String) -> String? {
        // A printable separator: SQLite would end the text at a NUL.
        request.idempotencyKey.isEmpty ? nil : "\(model)|\(request.agent.rawValue)|\(request.idempotencyKey)"
    }
}
