import CEOAPI
import CEOTestSupport
import Foundation
import Orchestrator
import Testing

/// `start` (a new run, from its RPC) and the lease scan (`resumeUnfinished`) may claim the
/// same run at once: the engine's actor is re-entered at every await in between. Seen in
/// the replica process test as "task branding is running, not pending": the scan requeued
/// and executed a run that `start` was already executing.
@Suite("The engine claims a run once, however start and the scan interleave")
struct EngineStartRaceTests {
    let plan = try! Founders.plan(Founders.delawareSaaS, Founders.saasObjectives)

    @Test("start and the scan racing on 20 new runs: each run executes once, every task reserved and settled once", arguments: StoreBackend.available)
    func startAndScanRace(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        // Slow agents: a second execution would overlap the first and start its tasks again.
        let agents = SlowAgents(inner: ScriptedAgents { $0.budgetCents / 2 }, delay: .milliseconds(50))
        let engine = OrchestrationEngine(store: store, agents: agents, logger: TestHarness.logger)
        var jobIDs: [String] = []
        // Each new run is claimed by the scan and by its own start at the same moment.
        for _ in 0..<20 {
            let id = try await store.create(owner: "owner", plan: plan, idempotencyKey: nil).job.id
            jobIDs.append(id)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { _ = try? await engine.resumeUnfinished() }
                group.addTask { await Task.yield(); await engine.start(id) }
                group.addTask { await engine.start(id) }
            }
        }
        for id in jobIDs {
            let job = try await waitForRun(store, id) { $0.finishedAtUnixMs != 0 }
            #expect(job.status == .succeeded, "run \(id): \(job.status) \(job.failureReason)")
            #expect(job.tasks.allSatisfy { $0.attempts == 1 }, "run \(id): attempts \(job.tasks.map(\.attempts))")
            let ledger = try #require(try await store.ledger(jobID: id))
            let reserves = Dictionary(grouping: ledger.entries.filter { $0.kind == .reserve }, by: \.taskID)
            #expect(reserves.values.allSatisfy { $0.count == 1 } && reserves.count == job.tasks.count, "run \(id): \(reserves.mapValues(\.count))")
        }
    }
}
