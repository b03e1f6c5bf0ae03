import CEOAPI
import CEORPC
import CEOTestSupport
import Foundation
import Orchestrator
import Synchronization
import Testing

@Suite("Watching a run")
struct JobWatcherTests {
    let plan = try! Founders.plan(Founders.delawareSaaS, Founders.saasObjectives)

    @Test("watchers that join at any point while events are being written get every seq after theirs exactly once, in order", arguments: StoreBackend.available)
    func catchUpRace(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        let job = try await store.create(owner: "user-a", plan: plan, idempotencyKey: nil).job
        let watcher = JobWatcher(store: store)
        let progressEvents = 300
        try await withThrowingTaskGroup(of: (Int64, [Int64]).self) { group in
            // The writer: progress events from two concurrent writers, then the end.
            group.addTask {
                try await store.begin(job.id)
                try await withThrowingTaskGroup(of: Void.self) { writers in
                    for writer in 0..<2 {
                        writers.addTask {
                            for step in 0..<(progressEvents / 2) {
                                try await store.progress(job.id, taskID: "branding", agent: .branding, percent: Int32(step % 100), message: "w\(writer)")
                                if step % 25 == 0 { await Task.yield() }
                            }
                        }
                    }
                    try await writers.waitForAll()
                }
                try await store.finish(job.id, status: .succeeded)
                return (-1, [])
            }
            // Watchers joining while the writer runs, each from a different after_seq.
            for index in 0..<20 {
                group.addTask {
                    try await Task.sleep(for: .microseconds(index * 700))
                    let start = try await store.job(job.id)?.lastSeq ?? 0
                    let after = index % 3 == 0 ? 0 : max(0, start - Int64(index))
                    let received = Mutex<[Int64]>([])
                    try await watcher.watch(job.id, after: after) { event in received.withLock { $0.append(event.seq) } }
                    return (after, received.withLock { $0 })
                }
            }
            var watchers = 0
            for try await (after, seqs) in group where after >= 0 {
                watchers += 1
                let total = Int64(progressEvents + 2)
                #expect(seqs == Array((after + 1)...total), "watcher after \(after) got \(seqs.count) events")
            }
            #expect(watchers == 20)
        }
        #expect(await store.hub.watcherCount(job.id) == 0)
    }

    @Test("a watcher of a finished run gets the rest of the log and returns; one that has everything returns at once", arguments: StoreBackend.available)
    func finishedRun(backend: StoreBackend) async throws {
        let store = try await makeStore(backend)
        let job = try await store.create(owner: "user-a", plan: plan, idempotencyKey: nil).job
        try await store.begin(job.id)
        try await store.finish(job.id, status: .succeeded)
        let watcher = JobWatcher(store: store)
        let all = Mutex<[JobEventType]>([])
        try await watcher.watch(job.id, after: 0) { event in all.withLock { $0.append(event.type) } }
        #expect(all.withLock { $0 } == [.jobStarted, .jobCompleted])
        let none = Mutex(0)
        try await within(.seconds(60), "watching a finished run from past its end") {
            try await watcher.watch(job.id, after: 100) { _ in none.withLock { $0 += 1 } }
        }
        #expect(none.withLock { $0 } == 0)
        let error = await #expect(throws: RPCError.self) { try await watcher.watch("no-such-run", after: 0) { _ in } }
        #expect(error?.code == .notFound)
    }
}
