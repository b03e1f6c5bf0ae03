import CEOAPI
import Synchronization

/// Events that change no state — agents' progress steps, a phase's start and end — held
/// until their run's next change stores them in its transaction, so that quick ones
/// cost no transaction each.
///
/// An event is written at once when its run's last write is older than `interval`:
/// a slow agent's progress (a remote model's, seconds apart) still shows live, while a
/// fast one's steps go out with the task's completion a moment later. Every task ends
/// with a change of its run (completed, failed, or the run's end), a phase's start is
/// followed by its tasks' starts, and a phase's end by the next phase's first task or the
/// run's end: each stores what is held. Held events are lost only with the process, as
/// events in flight would be.
public final class ProgressBuffer: Sendable {
    /// How recent a run's last write must be for a step to wait for the next one.
    public static let defaultInterval = Duration.milliseconds(250)

    private struct Run {
        var held: [JobEvent] = []
        var lastWrite: ContinuousClock.Instant
    }

    private let runs = Mutex<[String: Run]>([:])
    let interval: Duration

    init(interval: Duration = ProgressBuffer.defaultInterval) { self.interval = interval }

    /// Holds `event` when its run was written less than `interval` ago and returns true;
    /// returns false when the caller must write it now (the next change takes what is held).
    func hold(_ event: JobEvent, jobID: String, now: ContinuousClock.Instant = .now) -> Bool {
        runs.withLock { runs in
            guard var run = runs[jobID], now - run.lastWrite < interval else { return false }
            run.held.append(event)
            runs[jobID] = run
            return true
        }
    }

    /// Takes the steps held for `jobID`, for a change about to be written.
    func take(_ jobID: String) -> [JobEvent] {
        runs.withLock { runs in
            guard var run = runs[jobID] else { return [] }
            defer { run.held = []; runs[jobID] = run }
            return run.held
        }
    }

    /// A change of `jobID` committed: steps in the next `interval` wait for the next one.
    /// Every change of every run passes here (also those this replica only decides or
    /// cancels), so past 1,024 runs the entries that hold nothing and were written more
    /// than `interval` ago — the same as no entry — are dropped.
    func written(_ jobID: String, at now: ContinuousClock.Instant = .now) {
        runs.withLock { runs in
            var run = runs[jobID] ?? Run(lastWrite: now)
            run.lastWrite = now
            runs[jobID] = run
            if runs.count > 1_024 {
                runs = runs.filter { !$0.value.held.isEmpty || now - $0.value.lastWrite < interval }
            }
        }
    }

    /// Puts back steps taken for a change that did not commit, before any held since.
    func restore(_ events: [JobEvent], jobID: String) {
        guard !events.isEmpty else { return }
        runs.withLock { runs in
            var run = runs[jobID] ?? Run(lastWrite: .now)
            run.held.insert(contentsOf: events, at: 0)
            runs[jobID] = run
        }
    }

    /// Forgets `jobID` (its run has ended, or this replica no longer runs it).
    func forget(_ jobID: String) {
        _ = runs.withLock { $0.removeValue(forKey: jobID) }
    }

    /// How many runs have an entry (for tests).
    var trackedRuns: Int { runs.withLock { $0.count } }
}
