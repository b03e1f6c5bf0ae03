public import CEOAPI
public import Foundation

/// Fans committed events out to the watchers of each run. Watchers subscribe before
/// they read the stored log, so nothing written in between is missed; the watcher
/// drops what it already has and re-reads the log when it sees a gap.
public actor JobEventHub {
    private var subscribers: [String: [UUID: AsyncStream<JobEvent>.Continuation]] = [:]

    public init() {}

    /// Live events of `jobID` from now on. The stream ends when `unsubscribe` is called.
    public func subscribe(_ jobID: String) -> (id: UUID, events: AsyncStream<JobEvent>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: JobEvent.self, bufferingPolicy: .unbounded)
        subscribers[jobID, default: [:]][id] = continuation
        return (id, stream)
    }

    public func unsubscribe(_ jobID: String, id: UUID) {
        subscribers[jobID]?.removeValue(forKey: id)?.finish()
        if subscribers[jobID]?.isEmpty == true { subscribers[jobID] = nil }
    }

    func publish(_ events: [JobEvent], jobID: String) {
        guard let watchers = subscribers[jobID] else { return }
        for continuation in watchers.values {
            for event in events { continuation.yield(event) }
        }
    }

    /// Tells the watchers of `jobID` to re-read the log (a wake-up: an event with seq 0),
    /// when events may have been committed without reaching this hub.
    func wake(_ jobID: String) {
        guard let watchers = subscribers[jobID] else { return }
        for continuation in watchers.values { continuation.yield(JobEvent.wakeUp) }
    }

    /// Wakes the watchers of every run.
    func wakeAll() {
        for jobID in subscribers.keys { wake(jobID) }
    }

    /// How many watchers `jobID` has (for tests and metrics).
    public func watcherCount(_ jobID: String) -> Int { subscribers[jobID]?.count ?? 0 }
}

extension JobEvent {
    /// Not an event: tells a watcher to re-read the log (seq 0 is never stored).
    static let wakeUp = JobEvent()

    var isWakeUp: Bool { seq == 0 }
}
