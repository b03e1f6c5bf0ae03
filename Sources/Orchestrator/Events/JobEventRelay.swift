import CEOAPI
public import CEOStorage
import Foundation
public import Logging
public import ServiceLifecycle

/// What a committed change tells the other replicas: which run has new events, by
/// their sequence numbers. The event log stays the truth; the notice only says where
/// to read.
struct JobEventNotice: Equatable {
    static let channel = "ceo_job_events"
    let store: String
    let jobID: String
    let firstSeq: Int64
    let lastSeq: Int64

    var payload: String { "\(store) \(jobID) \(firstSeq) \(lastSeq)" }

    init(store: String, jobID: String, firstSeq: Int64, lastSeq: Int64) {
        self.store = store
        self.jobID = jobID
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
    }

    init?(payload: String) {
        let parts = payload.split(separator: " ")
        guard parts.count == 4, let first = Int64(parts[2]), let last = Int64(parts[3]), first <= last else { return nil }
        self.init(store: String(parts[0]), jobID: String(parts[1]), firstSeq: first, lastSeq: last)
    }
}

/// Hands events committed by other replicas to this replica's watchers (PostgreSQL):
/// a LISTEN on ``JobEventNotice/channel``; for a run watched here, the events the
/// notice names are read from the log and published to the hub. After a lost
/// connection every watcher is woken to re-read the log, since notices sent meanwhile
/// are gone.
public struct JobEventRelay: Service {
    let listener: PostgresNotificationListener

    public init(store: JobStore, database: PostgresDatabase, logger: Logger) {
        listener = PostgresNotificationListener(
            database: database, channel: JobEventNotice.channel, logger: logger,
            onReconnect: { await store.hub.wakeAll() },
            handler: { payload in
                guard let notice = JobEventNotice(payload: payload), notice.store != store.instanceID,
                      await store.hub.watcherCount(notice.jobID) > 0 else { return }
                do {
                    let events = try await store.events(
                        jobID: notice.jobID, after: notice.firstSeq - 1, limit: Int(notice.lastSeq - notice.firstSeq + 1)
                    )
                    await store.hub.publish(events, jobID: notice.jobID)
                } catch {
                    logger.warning("could not read notified events; waking the run's watchers", metadata: ["job": "\(notice.jobID)", "error": "\(error)"])
                    await store.hub.wake(notice.jobID)
                }
            }
        )
    }

    public func run() async throws { try await listener.run() }
}
