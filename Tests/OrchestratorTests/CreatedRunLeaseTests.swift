import CEOAPI
import CEOTestSupport
import Foundation
import Orchestrator
import Testing

/// A run is stored holding the lease of the replica that creates it, which then executes
/// it without taking the lease in a write of its own.
@Suite("A new run holds its creating replica's lease", .timeLimit(.minutes(2)))
struct CreatedRunLeaseTests {
    let plan = try! Founders.plan(Founders.delawareSaaS, Founders.saasObjectives)

    func settings(_ replica: String, lease: Duration = .seconds(30)) -> OrchestrationSettings {
        OrchestrationSettings(replicaID: replica, leaseDuration: lease, leaseScanInterval: .milliseconds(200))
    }

    @Test("another replica neither claims nor starts it; its creator executes it once, however start and the scan interleave", arguments: StoreBackend.available)
    func heldByItsCreator(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        let agents = SlowAgents(inner: ScriptedAgents { $0.budgetCents / 2 }, delay: .milliseconds(20))
        let creator = OrchestrationEngine(store: store, agents: agents, settings: settings("replica-a"), logger: TestHarness.logger)
        let other = OrchestrationEngine(store: store, agents: agents, settings: settings("replica-b"), logger: TestHarness.logger)
        var jobIDs: [String] = []
        for _ in 0..<5 {
            let (job, created) = try await store.create(owner: "owner", plan: plan, idempotencyKey: nil, lease: creator.leaseForCreatedRuns)
            #expect(created && job.status == .pending)
            #expect(Array(try await store.leaseHolders().keys) == ["replica-a"])
            #expect(!(try await store.claimableJobIDs().contains(job.id)))
            #expect(try await other.resumeUnfinished() == 0, "a run its creator holds is not claimable")
            #expect(!(await other.start(job.id)), "another replica does not take a held lease")
            await withTaskGroup(of: Void.self) { group in
                group.addTask { _ = try? await creator.resumeUnfinished() }
                group.addTask { await creator.startCreated(job.id) }
                group.addTask { await Task.yield(); await creator.startCreated(job.id) }
            }
            jobIDs.append(job.id)
        }
        for id in jobIDs {
            let job = try await waitForRun(store, id) { $0.finishedAtUnixMs != 0 }
            #expect(job.status == .succeeded, "run \(id): \(job.status) \(job.failureReason)")
            #expect(job.tasks.allSatisfy { $0.attempts == 1 }, "run \(id): attempts \(job.tasks.map(\.attempts))")
        }
        #expect(await other.runningCount == 0)
    }

    @Test("a run whose creator died before starting it is claimed by another replica once the lease expires", arguments: StoreBackend.available)
    func claimedAfterItsCreatorDied(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        let job = try await store.create(
            owner: "owner", plan: plan, idempotencyKey: nil, lease: RunLease(owner: "replica-gone", ttl: .milliseconds(300))
        ).job
        let survivor = OrchestrationEngine(store: store, agents: ScriptedAgents { $0.budgetCents / 2 }, settings: settings("replica-b"), logger: TestHarness.logger)
        // Claimed at the first scan after the lease lapses (the scan polls, as the engine's upkeep does).
        var resumed = 0
        while resumed == 0 {
            resumed = try await survivor.resumeUnfinished()
            if resumed == 0 { try await Task.sleep(for: .milliseconds(100)) }
        }
        let finished = try await waitForRun(store, job.id) { $0.finishedAtUnixMs != 0 }
        #expect(finished.status == .succeeded, "\(finished.status) \(finished.failureReason)")
        #expect(finished.tasks.allSatisfy { $0.attempts == 1 })
    }

    @Test("the same idempotency key returns the stored run, whose lease stays where it is", arguments: StoreBackend.available)
    func idempotentCreateKeepsTheLease(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        let first = try await store.create(owner: "owner", plan: plan, idempotencyKey: "key-1", lease: RunLease(owner: "replica-a", ttl: .seconds(30)))
        let again = try await store.create(owner: "owner", plan: plan, idempotencyKey: "key-1", lease: RunLease(owner: "replica-b", ttl: .seconds(30)))
        #expect(first.created && !again.created)
        #expect(again.job.id == first.job.id && again.job.tasks.count == plan.tasks.count)
        #expect(try await store.leaseHolders() == ["replica-a": 1])
    }
}
