import CEOAPI
import CEODomain
import CEOStorage
import CEOTestSupport
import GRDB
import GRDBSQLite
import Orchestrator
import Testing

/// SQLite re-prepares a cached statement at its next step whenever a bound parameter is
/// compared with a partial index's condition (`approvals.status = ?` against the index
/// "WHERE status = 1"): it might choose another plan for the new value. The run's
/// statements compare such columns with literals, so each is prepared once per connection.
@Suite("Job store: statements prepared once")
struct StatementPreparationTests {
    @Test("a run's reads and changes never re-prepare a statement (SQLite)")
    func runsDoNotReprepare() async throws {
        let store = try await makeStore(.sqlite)
        let database = try #require(store.database as? SQLiteDatabase)
        let plan = try Founders.plan(Founders.delawareSaaS, Founders.saasObjectives)
        for _ in 0..<3 {
            let (job, _) = try await store.create(owner: "user-a", plan: plan, idempotencyKey: nil)
            try await store.begin(job.id)
            for task in job.tasks {
                _ = try await store.startTask(job.id, taskID: task.taskID)
                try await store.progress(job.id, taskID: task.taskID, agent: task.agent, percent: 50, message: "halfway")
                _ = try await store.completeTask(job.id, taskID: task.taskID, result: result(task.agent, spent: 100))
                _ = try await store.job(job.id)
                _ = try await store.job(job.id, deliverables: false)
            }
            _ = try await store.approvals(owner: "user-a", jobID: job.id, status: .pending, page: PageRequest())
        }
        let written = try await database.pool.write { db in Self.reprepares(db) }
        let read = try await database.pool.read { db in Self.reprepares(db) }
        #expect(written.statements > 10 && read.statements > 0, "the run should have used cached statements")
        #expect(written.reprepares == 0, "statements re-prepared on the writer: \(written.reprepares)")
        #expect(read.reprepares == 0, "statements re-prepared on a reader: \(read.reprepares)")
    }

    /// The statements open on `db`'s connection and how often SQLite re-prepared them.
    static func reprepares(_ db: Database) -> (statements: Int, reprepares: Int) {
        var statements = 0
        var reprepares = 0
        var statement = sqlite3_next_stmt(db.sqliteConnection, nil)
        while let current = statement {
            statements += 1
            reprepares += Int(sqlite3_stmt_status(current, SQLITE_STMTSTATUS_REPREPARE, 0))
            statement = sqlite3_next_stmt(db.sqliteConnection, current)
        }
        return (statements, reprepares)
    }
}
