import CEOAPI
import CEODomain
import CEORPC
import Foundation
public import Logging
public import ServiceLifecycle

/// How runs are executed.
public struct OrchestrationSettings: Sendable {
    /// Agent calls of one phase running at once, per run.
    public var maxConcurrentTasks: Int
    /// Deadline of one agent call.
    public var taskTimeout: Duration
    /// Attempts of a task whose agent endpoint became unavailable mid-call, with a back-off
    /// of 0.5, 1, 2, 4 and 8 s between them (about 15 s in all, for a restarting replica).
    public var attemptsOnUnavailable: Int
    /// When true, the first failed task fails the whole run.
    public var failRunOnTaskFailure: Bool
    /// This process's name in the runs' leases; unique among the replicas.
    public var replicaID: String
    /// How long a lease lasts without renewal: a dead replica's runs are taken over
    /// within this time plus one `leaseScanInterval`.
    public var leaseDuration: Duration
    /// How often the runs' leases are renewed (a third of their duration).
    public var leaseRenewInterval: Duration { leaseDuration / 3 }
    /// How often unfinished runs nobody holds are looked for.
    public var leaseScanInterval: Duration

    public init(
        maxConcurrentTasks: Int = 3, taskTimeout: Duration = .seconds(120), attemptsOnUnavailable: Int = 6, failRunOnTaskFailure: Bool = false,
        replicaID: String = OrchestrationSettings.defaultReplicaID(), leaseDuration: Duration = .seconds(10), leaseScanInterval: Duration = .seconds(2)
    ) {
        self.maxConcurrentTasks = max(1, maxConcurrentTasks)
        self.taskTimeout = taskTimeout
        self.attemptsOnUnavailable = max(1, attemptsOnUnavailable)
        self.failRunOnTaskFailure = failRunOnTaskFailure
        self.replicaID = replicaID
        self.leaseDuration = max(.seconds(1), leaseDuration)
        self.leaseScanInterval = max(.milliseconds(100), leaseScanInterval)
    }

    /// The host's name, the process id and a random part: unique even when a pod's
    /// process restarts under the same name and pid.
    public static func defaultReplicaID() -> String {
        "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)/\(UUID().uuidString.prefix(8).lowercased())"
    }
}

/// Executes runs phase by phase, through the ledger, one replica per run.
///
/// A replica executes a run while it holds the run's lease in the database, renewing its
/// leases every third of their duration. When it starts, and every `leaseScanInterval`
/// after that, it claims unfinished runs that nobody holds — runs of a replica that died
/// — and resumes them as a restart does. As a `Service` it stops its runs on shutdown
/// without ending them and gives up their leases, so that another replica, or the next
/// process, picks them up at once.
public actor OrchestrationEngine: Service {
    let store: JobStore
    let agents: any AgentCaller
    let settings: OrchestrationSettings
    let logger: Logger
    private var running: [String: Task<Void, Never>] = [:]
    /// Runs between the first check and `execute` in ``start(_:)`` or
    /// ``resumeUnfinished()``: the actor is re-entered at each await in between, and a run
    /// must not be claimed (and its tasks requeued) twice.
    private var starting: Set<String> = []

    public init(store: JobStore, agents: any AgentCaller, settings: OrchestrationSettings = OrchestrationSettings(), logger: Logger) {
        self.store = store
        self.agents = agents
        self.settings = settings
        self.logger = logger
    }

    public var replicaID: String { settings.replicaID }

    /// Resumes unfinished runs, then renews its leases and claims abandoned runs until
    /// shutdown, then stops its runs (unfinished) and releases their leases.
    public func run() async throws {
        let resumed = try await resumeUnfinished()
        if resumed > 0 { logger.info("resumed unfinished runs", metadata: ["runs": "\(resumed)"]) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.every(self.settings.leaseRenewInterval) { try await self.renewLeases() } }
            group.addTask { await self.every(self.settings.leaseScanInterval) { try await self.resumeUnfinished() } }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        await stopAll()
    }

    private func every(_ interval: Duration, _ body: @Sendable () async throws -> Void) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            do { try await body() } catch {
                if Task.isCancelled { return }
                logger.warning("lease upkeep failed; trying again", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Starts executing `jobID` when this replica gets its lease (and it does not
    /// already run here); returns whether it runs here.
    @discardableResult
    public func start(_ jobID: String) async -> Bool {
        guard running[jobID] == nil, !starting.contains(jobID) else { return true }
        starting.insert(jobID)
        defer { starting.remove(jobID) }
        do {
            let lease = try await store.acquireLease(jobID, owner: settings.replicaID, ttl: settings.leaseDuration)
            guard lease.isHeld else { return false }
            // Its previous replica died mid-run: resume as after a restart.
            if lease == .takenOver { try await store.requeueInterrupted(jobID) }
        } catch {
            // The scan claims it once the database answers again.
            logger.warning("could not take the run's lease", metadata: ["job": "\(jobID)", "error": "\(error)"])
            return false
        }
        execute(jobID)
        return true
    }

    /// The lease a run created on this replica is stored with (``JobStore/create``), so
    /// that ``startCreated(_:)`` starts it without a write of its own.
    public nonisolated var leaseForCreatedRuns: RunLease {
        RunLease(owner: settings.replicaID, ttl: settings.leaseDuration)
    }

    /// Starts executing `jobID`, which this replica created holding its lease
    /// (``leaseForCreatedRuns``). Renewal keeps that lease from then on like any other;
    /// should this process die first, the lease expires and the run is claimed as any
    /// abandoned run is.
    public func startCreated(_ jobID: String) {
        guard running[jobID] == nil, !starting.contains(jobID) else { return }
        execute(jobID)
    }

    private func execute(_ jobID: String) {
        let execution = RunExecution(store: store, agents: agents, settings: settings, logger: logger, jobID: jobID)
        running[jobID] = Task {
            await execution.run()
            self.finished(jobID)
        }
        OrchestratorMetrics.activeRuns(running.count)
    }

    /// Cancels a run, wherever it executes: its agent calls are cancelled and its
    /// reservations released. Returns false when the run had already finished.
    public func cancel(_ jobID: String, reason: String) async throws -> Bool {
        guard try await store.requestCancel(jobID) else { return false }
        if let task = running[jobID] {
            task.cancel()
            await task.value
        }
        // From this (uncancelled) context: cancel what is left and release its reservations.
        // A run executing on another replica is ended here too; that replica stops it when
        // its lease renewal no longer returns the run.
        try await store.finish(jobID, status: .cancelled, reason: reason)
        return true
    }

    /// Waits until `jobID` is no longer executing in this process.
    public func waitUntilFinished(_ jobID: String) async {
        await running[jobID]?.value
    }

    /// Claims every unfinished run nobody holds, requeues its interrupted tasks and
    /// starts it; returns how many runs it resumed.
    @discardableResult
    public func resumeUnfinished() async throws -> Int {
        var resumed = 0
        for id in try await store.claimableJobIDs() where running[id] == nil && !starting.contains(id) {
            starting.insert(id)
            defer { starting.remove(id) }
            guard try await store.acquireLease(id, owner: settings.replicaID, ttl: settings.leaseDuration).isHeld else { continue }
            if try await store.cancelRequested(id) {
                // Cancelled just before its replica stopped: finish the cancel.
                try await store.finish(id, status: .cancelled, reason: "cancelled by the user")
                continue
            }
            try await store.requeueInterrupted(id)
            execute(id)
            resumed += 1
        }
        return resumed
    }

    /// Renews this replica's leases; stops the runs it no longer holds (finished
    /// through another replica, or taken over after a renewal came too late).
    func renewLeases() async throws {
        let held = try await store.renewLeases(owner: settings.replicaID, ttl: settings.leaseDuration)
        for (id, task) in running where !held.contains(id) {
            logger.info("stopping a run this replica no longer holds", metadata: ["job": "\(id)"])
            task.cancel()
        }
    }

    /// Stops every run in this process without ending it, and releases their leases (shutdown).
    public func stopAll() async {
        let ids = Array(running.keys)
        let tasks = Array(running.values)
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        do {
            try await store.releaseLeases(owner: settings.replicaID, jobIDs: ids)
        } catch {
            logger.warning("could not release the runs' leases; they expire by themselves", metadata: ["error": "\(error)"])
        }
    }

    public var runningCount: Int { running.count }

    private func finished(_ jobID: String) {
        running[jobID] = nil
        OrchestratorMetrics.activeRuns(running.count)
    }
}
