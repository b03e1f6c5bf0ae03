import CEOAPI
import CEODomain
import CEORPC
import CEOServiceKit
import Foundation
import Logging

/// One run being executed: phases in order, the tasks of a phase in parallel (bounded),
/// each task reserved, executed and settled through the store. A task the run's
/// approval policy stops waits for the owner's decision (or the request's expiry),
/// however many restarts happen in between.
struct RunExecution: Sendable {
    let store: JobStore
    let agents: any AgentCaller
    let settings: OrchestrationSettings
    let logger: Logger
    let jobID: String

    func run() async {
        // Every change this execution makes checks that this replica still holds the run.
        await JobStore.$executingReplica.withValue(settings.replicaID) { await execute() }
    }

    private func execute() async {
        do {
            // Where the run stands before each phase (read once after each phase): its
            // tasks' states decide what the phase runs; the tasks of one phase never
            // depend on each other, and the store checks every change it is asked for.
            var standing = try await store.begin(jobID)
            var failedRun = false
            for phase in standing.job.plan.phases.sorted(by: { $0.index < $1.index }) {
                if Task.isCancelled || failedRun || standing.endingRejection != nil { break }
                try await runPhase(phase, of: standing)
                guard let current = try await store.standing(jobID) else { return }
                standing = current
                failedRun = settings.failRunOnTaskFailure && standing.job.tasks.contains { $0.status == .failed }
            }
            try await end(standing.job, failedRun: failedRun, endedByRejection: standing.endingRejection)
        } catch {
            // Cancelled (by the user or by shutdown): the engine decides how the run ends;
            // database calls made from a cancelled task would be refused anyway.
            if Task.isCancelled { return }
            logger.error("run failed", metadata: ["job": "\(jobID)", "error": "\(error)"])
            try? await store.finish(jobID, status: .failed, reason: "the orchestrator could not continue: \(error)")
        }
    }

    /// Ends the run by its tasks' outcome. A cancelled run is left to the engine: ended
    /// as cancelled when a user asked, left unfinished for the next process on shutdown.
    private func end(_ job: Job, failedRun: Bool, endedByRejection: Approval? = nil) async throws {
        if Task.isCancelled { return }
        let succeeded = job.tasks.filter { $0.status == .succeeded }.count
        let status: JobStatus =
            if failedRun { .failed }
            else if succeeded == job.tasks.count { .succeeded }
            else if succeeded > 0 { .partiallySucceeded }
            else { .failed }
        var reason = status == .succeeded ? "" : "\(job.tasks.count - succeeded) of \(job.tasks.count) tasks did not succeed"
        if let rejected = endedByRejection {
            let what = rejected.status == .expired ? "the approval request for \(rejected.taskTitle) expired" : "the owner rejected \(rejected.taskTitle)"
            reason = "stopped: \(what), and the approval policy ends the run on a rejection; " + reason
        }
        try await store.finish(jobID, status: status, reason: reason)
    }

    /// Runs the tasks of `phase` that the run before the phase shows unfinished.
    private func runPhase(_ phase: Phase, of standing: RunStanding) async throws {
        let job = standing.job
        // Pending tasks, and tasks whose result waits for the owner since before a restart.
        let pending = phase.taskIds.filter { id in
            guard let task = job.tasks.first(where: { $0.taskID == id }) else { return false }
            return task.status == .pending || (task.status == .running && !task.awaitingApprovalID.isEmpty)
        }
        guard !pending.isEmpty else { return }  // finished before a restart
        try await store.phase(jobID, phase, completed: false)
        // The tasks nothing can hold back (no approval policy to consult, their
        // dependencies met) start together, in one change, as many as may run at once.
        let ready = standing.policyMayStopTasks ? [] : Array(pending.filter { startsAtOnce($0, in: job) }.prefix(settings.maxConcurrentTasks))
        let together = ready.count > 1 ? ready : []
        let started = together.isEmpty ? [:] : try await store.startTasksIfPending(jobID, taskIDs: together)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for taskID in pending {
                if inFlight == settings.maxConcurrentTasks {
                    try await group.next()
                    inFlight -= 1
                }
                if Task.isCancelled { break }
                if together.contains(taskID) {
                    // Started with the others, or closed meanwhile (then not run).
                    guard let reserved = started[taskID] else { continue }
                    group.addTask { try await self.execute(taskID, reserved: reserved, of: standing) }
                } else {
                    group.addTask { try await self.runTask(taskID, of: standing) }
                }
                inFlight += 1
            }
            try await group.waitForAll()
        }
        if !Task.isCancelled { try await store.phase(jobID, phase, completed: true) }
    }

    /// Runs one task of the run as it stood before the task's phase.
    private func runTask(_ taskID: String, of standing: RunStanding) async throws {
        let job = standing.job
        let plan = job.plan
        guard let planned = plan.tasks.first(where: { $0.id == taskID }) else { return }
        if let current = job.tasks.first(where: { $0.taskID == taskID }), current.status == .running, !current.awaitingApprovalID.isEmpty {
            // Its result waits for the owner: the decision settles or skips it.
            _ = try await awaitDecision(current.awaitingApprovalID)
            return
        }
        let unmet = Self.unmetDependencies(of: planned, in: job)
        if !unmet.isEmpty {
            // Named as the founder reads them (the tasks' titles), not by their ids.
            let names = unmet.map { id in plan.tasks.first { $0.id == id }?.title ?? id }
            try await store.skipTask(jobID, taskID: taskID, reason: "skipped: it needs \(names.joined(separator: " and ")), which did not succeed")
            return
        }
        // Only a policy with an amount stops a task before it starts; without one the
        // start itself finds a task closed meanwhile (skipped, or the run cancelled).
        if standing.policyMayStopTasks {
            switch try await store.gate(jobID, taskID: taskID) {
            case .proceed: break
            case .closed, .rejected: return
            case .waiting(let approval):
                // Approved: the task runs (with any raise); rejected or expired: it was skipped.
                guard try await awaitDecision(approval.id).status == .approved else { return }
            }
        }
        guard let reserved = try await store.startTaskIfPending(jobID, taskID: taskID) else { return }
        try await execute(taskID, reserved: reserved, of: standing)
    }

    /// Whether the task is pending with every dependency met in `job`: nothing but the
    /// budget decides its start.
    private func startsAtOnce(_ taskID: String, in job: Job) -> Bool {
        guard let task = job.tasks.first(where: { $0.taskID == taskID }), task.status == .pending,
              let planned = job.plan.tasks.first(where: { $0.id == taskID }) else { return false }
        return Self.unmetDependencies(of: planned, in: job).isEmpty
    }

    /// The tasks `planned` depends on that have not succeeded in `job`.
    private static func unmetDependencies(of planned: PlannedTask, in job: Job) -> [String] {
        planned.dependsOn.filter { dependency in job.tasks.first { $0.taskID == dependency }?.status != .succeeded }
    }

    /// Calls the agent for a started task (`reserved`), retrying while it is unavailable,
    /// and settles the task with its result or fails it.
    private func execute(_ taskID: String, reserved: TaskRun, of standing: RunStanding) async throws {
        let plan = standing.job.plan
        guard let planned = plan.tasks.first(where: { $0.id == taskID }) else { return }
        let request = Self.request(jobID: jobID, task: planned, plan: plan, budgetCents: reserved.budgetReservedCents)
        var attempt = 0
        while true {
            attempt += 1
            do {
                let result = try await agents.execute(request, timeout: settings.taskTimeout) { step in
                    try await store.progress(jobID, taskID: taskID, agent: planned.agent, percent: step.percent, message: step.message)
                }
                if case .awaitingApproval(let approval) = try await store.completeTask(jobID, taskID: taskID, result: result) {
                    _ = try await awaitDecision(approval.id)
                }
                return
            } catch {
                if Task.isCancelled { return }  // the run's end releases the reservation (or a restart re-runs it)
                let rpcError = error as? RPCError
                if rpcError?.code == .unavailable, attempt < settings.attemptsOnUnavailable {
                    // Back off, so that a restarting AgentService has time to come back.
                    let pause = Duration.milliseconds(min(8_000, 500 << min(attempt - 1, 4)))
                    logger.warning("agent unavailable; retrying", metadata: ["job": "\(jobID)", "task": "\(taskID)", "attempt": "\(attempt)", "pause": "\(pause)"])
                    do { try await Task.sleep(for: pause) } catch { return }
                    continue
                }
                let reason = rpcError.map { "\($0.code): \($0.message)" } ?? "\(error)"
                try await store.failTask(jobID, taskID: taskID, reason: reason)
                return
            }
        }
    }

    /// Waits until the request `approvalID` is decided, and expires it when its time
    /// comes first. Returns the decided request.
    private func awaitDecision(_ approvalID: String) async throws -> Approval {
        while true {
            // Subscribe before reading, so that a decision made in between is not missed.
            let (subscription, live) = await store.hub.subscribe(jobID)
            let current: Approval?
            do {
                current = try await store.approval(approvalID)
            } catch {
                await store.hub.unsubscribe(jobID, id: subscription)
                throw error
            }
            guard let current else {
                await store.hub.unsubscribe(jobID, id: subscription)
                throw RPCError(.internal, "approval request \(approvalID) vanished")
            }
            if current.status != .pending {
                await store.hub.unsubscribe(jobID, id: subscription)
                return current
            }
            let remaining = Double(current.expiresAtUnixMs - store.now().unixMilliseconds) / 1000
            if remaining <= 0 {
                await store.hub.unsubscribe(jobID, id: subscription)
                return try await store.expire(approvalID)
            }
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in live where event.isWakeUp || (event.type == .approvalDecided && event.approval.id == approvalID) { return }
                }
                group.addTask { try? await Task.sleep(for: .milliseconds(Int64(remaining * 1000) + 1)) }
                await group.next()
                group.cancelAll()
            }
            await store.hub.unsubscribe(jobID, id: subscription)
            try Task.checkCancellation()
        }
    }

    /// The agent's request for a planned task; the idempotency key makes a re-run after
    /// a restart a cache hit at the agent.
    static func request(jobID: String, task: PlannedTask, plan: Plan, budgetCents: Int64) -> ExecuteTaskRequest {
        ExecuteTaskRequest(task: task, of: plan, budgetCents: budgetCents, idempotencyKey: "\(jobID)/\(task.id)")
    }
}
