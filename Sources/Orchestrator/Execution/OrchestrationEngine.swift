import CEOAPI
import CEODomain
import CEORPC
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

    public init(maxConcurrentTasks: Int = 3, taskTimeout: Duration = .seconds(120), attemptsOnUnavailable: Int = 6, failRunOnTaskFailure: Bool = false) {
        self.maxConcurrentTasks = max(1, maxConcurrentTasks)
        self.taskTimeout = taskTimeout
        self.attemptsOnUnavailable = max(1, attemptsOnUnavailable)
        self.failRunOnTaskFailure = failRunOnTaskFailure
    }
}

/// Executes runs phase by phase, through the ledger, and resumes unfinished runs when
/// it starts. As a `Service` it stops its runs on shutdown without ending them, so the
/// next process picks them up where they were.
public actor OrchestrationEngine: Service {
    let store: JobStore
    let agents: any AgentCaller
    let settings: OrchestrationSettings
    let logger: Logger
    private var running: [String: Task<Void, Never>] = [:]

    public init(store: JobStore, agents: any AgentCaller, settings: OrchestrationSettings = OrchestrationSettings(), logger: Logger) {
        self.store = store
        self.agents = agents
        self.settings = settings
        self.logger = logger
    }

    /// Resumes unfinished runs, then waits for shutdown and stops them (unfinished).
    public func run() async throws {
        let resumed = try await resumeUnfinished()
        if resumed > 0 { logger.info("resumed unfinished runs", metadata: ["runs": "\(resumed)"]) }
        try? await gracefulShutdown()
        await stopAll()
    }

    /// Starts executing `jobID` unless it already runs in this process.
    public func start(_ jobID: String) {
        guard running[jobID] == nil else { return }
        let execution = RunExecution(store: store, agents: agents, settings: settings, logger: logger, jobID: jobID)
        running[jobID] = Task {
            await execution.run()
            self.finished(jobID)
        }
        OrchestratorMetrics.activeRuns(running.count)
    }

    /// Cancels a run: its agent calls are cancelled and its reservations released.
    /// Returns false when the run had already finished.
    public func cancel(_ jobID: String, reason: String) async throws -> Bool {
        guard try await store.requestCancel(jobID) else { return false }
        if let task = running[jobID] {
            task.cancel()
            await task.value
        }
        // From this (uncancelled) context: cancel what is left and release its reservations.
        try await store.finish(jobID, status: .cancelled, reason: reason)
        return true
    }

    /// Waits until `jobID` is no longer executing in this process.
    public func waitUntilFinished(_ jobID: String) async {
        await running[jobID]?.value
    }

    /// Requeues the interrupted tasks of every unfinished run and starts the runs.
    @discardableResult
    public func resumeUnfinished() async throws -> Int {
        let ids = try await store.unfinishedJobIDs().filter { running[$0] == nil }
        for id in ids {
            if try await store.cancelRequested(id) {
                // Cancelled just before the previous process stopped: finish the cancel.
                try await store.finish(id, status: .cancelled, reason: "cancelled by the user")
                continue
            }
            try await store.requeueInterrupted(id)
            start(id)
        }
        return ids.count
    }

    /// Stops every run in this process without ending it (shutdown).
    public func stopAll() async {
        let tasks = Array(running.values)
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    public var runningCount: Int { running.count }

    private func finished(_ jobID: String) {
        running[jobID] = nil
        OrchestratorMetrics.activeRuns(running.count)
    }
}
