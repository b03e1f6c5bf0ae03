import CEOStorage
import CEOTestSupport
import Foundation
import Orchestrator

/// Where a test's job store lives: a new SQLite file, or a new database on the test
/// PostgreSQL server. Opening it again is what a restarted process does.
struct TestStoreLocation: Sendable {
    let backend: StoreBackend
    let sqlitePath: String
    let postgres: PostgresSettings?

    static func fresh(_ backend: StoreBackend) async throws -> TestStoreLocation {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orchestrator-tests-\(UUID().uuidString)")
        return TestStoreLocation(
            backend: backend,
            sqlitePath: folder.appendingPathComponent("orchestrator.sqlite").path,
            postgres: backend == .postgres ? try await TestPostgres.freshDatabase() : nil
        )
    }

    func open(now: @escaping @Sendable () -> Date = { Date() }, progressBatching: Duration = ProgressBuffer.defaultInterval) async throws -> JobStore {
        switch backend {
        case .sqlite:
            return try JobStore(path: sqlitePath, now: now, progressBatching: progressBatching)
        case .postgres:
            guard let settings = postgres else { throw TestPostgresError("no PostgreSQL database for this location") }
            return try await JobStore.open(postgres: settings, now: now, progressBatching: progressBatching, logger: TestHarness.logger)
        }
    }
}
