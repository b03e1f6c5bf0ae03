public import CEOAPI
import CEODomain
import CEORPC

/// Streams a run's events to one watcher: the stored ones after `after_seq`, then live
/// ones, each sequence number exactly once and in order, until the run's final event.
public struct JobWatcher: Sendable {
    let store: JobStore

    public init(store: JobStore) { self.store = store }

    /// Hands every event of `jobID` after `afterSeq` to `deliver`, in order, once each;
    /// returns after the run's final event (or at once when the watcher already has it).
    public func watch(_ jobID: String, after afterSeq: Int64, deliver: (JobEvent) async throws -> Void) async throws {
        // Subscribe before reading the log: an event committed in between is then both
        // in the log and in the live stream, and the duplicate is dropped by its seq.
        let (subscription, live) = await store.hub.subscribe(jobID)
        do {
            try await stream(jobID, after: afterSeq, live: live, deliver: deliver)
            await store.hub.unsubscribe(jobID, id: subscription)
        } catch {
            await store.hub.unsubscribe(jobID, id: subscription)
            throw error
        }
    }

    private func stream(
        _ jobID: String, after afterSeq: Int64, live: AsyncStream<JobEvent>, deliver: (JobEvent) async throws -> Void
    ) async throws {
        guard let job = try await store.job(jobID, deliverables: false) else { throw RPCError(.notFound, "no run \(jobID)") }
        var last = max(0, afterSeq)
        /// Delivers what the log has after `last`; true once the final event is delivered.
        func catchUp() async throws -> Bool {
            while true {
                let stored = try await store.events(jobID: jobID, after: last, limit: 1_000)
                for event in stored {
                    try await deliver(event)
                    last = event.seq
                    if event.type.isFinal { return true }
                }
                if stored.count < 1_000 { return false }
            }
        }
        if try await catchUp() { return }
        if job.finishedAtUnixMs != 0, last >= job.lastSeq { return }
        for await event in live {
            if event.isWakeUp || event.seq > last + 1 {
                // Published out of order by two writers, or a wake-up: the log has what is missing.
                if try await catchUp() { return }
                continue
            }
            if event.seq <= last { continue }
            try await deliver(event)
            last = event.seq
            if event.type.isFinal { return }
        }
        try Task.checkCancellation()
    }
}
