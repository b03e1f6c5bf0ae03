public import CEOStorage
import Foundation
import Logging

/// The database engines the store suites run against: SQLite always, PostgreSQL when
/// the test command started a server (scripts/lib/test-postgres.sh sets
/// `CEO_TEST_POSTGRES_URL`; `scripts/test.sh` always does).
public enum StoreBackend: String, Sendable, CaseIterable {
    case sqlite
    case postgres

    /// The engines available to this test process.
    public static var available: [StoreBackend] {
        TestPostgres.serverURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }
}

/// The test server of ``StoreBackend/postgres``: each test gets a database of its own.
public enum TestPostgres {
    public static var serverURL: String? {
        ProcessInfo.processInfo.environment["CEO_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A new, empty database on the test server, with a small pool.
    public static func freshDatabase(poolSize: Int = 2) async throws -> PostgresSettings {
        guard let url = serverURL else { throw TestPostgresError("CEO_TEST_POSTGRES_URL is not set: run scripts/test.sh") }
        var settings = try PostgresSettings(url: url)
        settings.poolSize = 1
        let admin = try await PostgresDatabase.open(settings: settings, migrations: [], lockName: "ceo-tests", logger: Logger(label: "test-postgres"))
        let name = "ceo_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin.executeOutsideTransaction(sql: "CREATE DATABASE \(name)")
        try await admin.close()
        settings.database = name
        settings.poolSize = poolSize
        return settings
    }

    /// The URL of `settings` (for processes started with a database URL setting).
    public static func url(of settings: PostgresSettings) throws -> String {
        guard let server = serverURL, var components = URLComponents(string: server) else { throw TestPostgresError("CEO_TEST_POSTGRES_URL is not set") }
        components.path = "/" + settings.database
        return components.string ?? server
    }
}

public struct TestPostgresError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
