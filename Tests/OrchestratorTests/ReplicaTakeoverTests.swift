import CEOAPI
import CEOStorage
import CEOTestSupport
import Foundation
import Orchestrator
import Synchronization
import Testing

/// Agents that never answer: the calls of a replica that stopped making progress.
struct HangingAgents: AgentCaller {
    func execute(_ request: ExecuteTaskRequest, timeout: Duration, progress: @escaping @Sendable (CEOAPI.Progress) async throws -> Void) async throws -> AgentResult {
        try await Task.sleep(for: .seconds(3_600))
        throw CancellationError()
    }
}

/// Agents that answer only once the test opens the gate: the calls of a replica that
/// stalled (a long pause), whose answers arrive after another replica took its runs.
final class GatedAgents: AgentCaller {
    let open = Mutex(false)

    func execute(_ request: ExecuteTaskRequest, timeout: Duration, progress: @escaping @Sendable (CEOAPI.Progress) async throws -> Void) async throws -> AgentResult {
        while !open.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
        return result(request.agent, spent: request.budgetCents / 3)
    }
}

/// Replicas of the Orchestrator on one PostgreSQL database: leases, takeover, and
/// events that reach the watchers of another replica.
@Suite("Orchestrator replicas on PostgreSQL", .enabled(if: TestPostgres.serverURL != nil, "needs the test PostgreSQL server (scripts/test.sh starts it)"), .timeLimit(.minutes(3)))
struct ReplicaTakeoverTests {
    let plan = try! Founders.plan(Founders.delawareSaaS, Founders.saasObjectives)

    func settings(_ replica: String, lease: Duration = .seconds(2)) -> OrchestrationSettings {
        OrchestrationSettings(maxConcurrentTasks: 3, taskTimeout: .seconds(20), replicaID: replica, leaseDuration: lease, leaseScanInterval: .milliseconds(200))
    }

    @Test("a replica that stalls loses its runs to another, which finishes them; each task charged once; a third replica's watchers get every seq once; the stalled replica's late answers are refused")
    func takeover() async throws {
        let database = try await TestPostgres.freshDatabase(poolSize: 6)
        let storeA = try await JobStore.open(postgres: database, logger: TestHarness.logger)
        let storeB = try await JobStore.open(postgres: database, logger: TestHarness.logger)
        let storeW = try await JobStore.open(postgres: database, logger: TestHarness.logger)
        let stalled = GatedAgents()
        let stuck = OrchestrationEngine(store: storeA, agents: stalled, settings: settings("replica-a", lease: .seconds(5)), logger: TestHarness.logger)
        let taker = OrchestrationEngine(store: storeB, agents: ScriptedAgents { $0.budgetCents / 2 }, settings: settings("replica-b"), logger: TestHarness.logger)
        let runs = 4
        var jobIDs: [String] = []
        for index in 0..<runs {
            let job = try await storeA.create(owner: "owner-\(index % 2)", plan: plan, idempotencyKey: nil).job
            #expect(await stuck.start(job.id))
            #expect(!(await taker.start(job.id)), "a lease held by another replica is not taken")
            jobIDs.append(job.id)
        }
        // Replica A holds every run, and its agent calls never return: it neither
        // progresses nor renews (its engine's upkeep loop is not running).
        for id in jobIDs { _ = try await waitForRun(storeA, id) { $0.tasks.contains { $0.status == .running } } }

        try await withThrowingTaskGroup(of: (String, [Int64]).self) { group in
            // The watchers' replica: a relay and watchers of every run from the start.
            let relayDatabase = try #require(storeW.database as? PostgresDatabase)
            group.addTask {
                try await JobEventRelay(store: storeW, database: relayDatabase, logger: TestHarness.logger).run()
                return ("", [])
            }
            for id in jobIDs {
                group.addTask {
                    let seen = Mutex<[Int64]>([])
                    try await JobWatcher(store: storeW).watch(id, after: 0) { event in seen.withLock { $0.append(event.seq) } }
                    return (id, seen.withLock { $0 })
                }
            }
            // Replica B's upkeep claims the runs once A's leases expire.
            group.addTask {
                try await taker.run()
                return ("", [])
            }
            var watched = 0
            for try await (id, seqs) in group where !id.isEmpty {
                watched += 1
                let job = try #require(try await storeW.job(id))
                #expect(job.status == .succeeded, "\(job.failureReason)")
                #expect(seqs == Array(1...job.lastSeq), "the watcher of \(id) got \(seqs.count) of \(job.lastSeq) events")
                try await checkLedgerInvariant(storeW, id)
                let ledger = try #require(try await storeW.ledger(jobID: id))
                let settles = ledger.entries.filter { $0.kind == .settle }.map(\.taskID)
                #expect(settles.count == job.tasks.count && Set(settles).count == settles.count, "each task settled once")
                if watched == runs { group.cancelAll() }
            }
            #expect(watched == runs)
        }
        #expect(try await storeB.leaseHolders().isEmpty, "finished runs hold no live lease")
        // The stalled replica wakes up: its agents answer, but it no longer holds the runs,
        // so none of its changes is written.
        let before = try await jobIDs.asyncMap { try await storeW.ledger(jobID: $0)?.entries.count ?? 0 }
        let eventsBefore = try await jobIDs.asyncMap { try await storeW.job($0)?.lastSeq ?? 0 }
        stalled.open.withLock { $0 = true }
        for id in jobIDs { await stuck.waitUntilFinished(id) }
        for (index, id) in jobIDs.enumerated() {
            let job = try #require(try await storeW.job(id))
            #expect(job.status == .succeeded)
            #expect(try await storeW.ledger(jobID: id)?.entries.count == before[index], "no ledger entry after the takeover")
            let late = try await storeW.events(jobID: id, after: eventsBefore[index]).map { "\($0.type) \($0.message)" }
            #expect(job.lastSeq == eventsBefore[index], "no event after the takeover: \(late)")
        }
    }

    @Test("a cancel through any replica ends the run; the replica executing it stops it at its next renewal")
    func cancelThroughAnotherReplica() async throws {
        let database = try await TestPostgres.freshDatabase(poolSize: 4)
        let storeA = try await JobStore.open(postgres: database, logger: TestHarness.logger)
        let storeB = try await JobStore.open(postgres: database, logger: TestHarness.logger)
        let executor = OrchestrationEngine(store: storeA, agents: HangingAgents(), settings: settings("replica-a"), logger: TestHarness.logger)
        let other = OrchestrationEngine(store: storeB, agents: HangingAgents(), settings: settings("replica-b"), logger: TestHarness.logger)
        let job = try await storeA.create(owner: "owner", plan: plan, idempotencyKey: nil).job
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await executor.run() }
            #expect(await executor.start(job.id))
            _ = try await waitForRun(storeB, job.id) { $0.tasks.contains { $0.status == .running } }
            #expect(try await other.cancel(job.id, reason: "cancelled by the user"))
            let done = try await waitForRun(storeB, job.id) { $0.finishedAtUnixMs != 0 }
            #expect(done.status == .cancelled && done.budget.reservedCents == 0)
            // The executor's renewal no longer returns the run: it stops executing it.
            for _ in 0..<1_000 where await executor.runningCount > 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(await executor.runningCount == 0)
            try await checkLedgerInvariant(storeB, job.id)
            group.cancelAll()
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
