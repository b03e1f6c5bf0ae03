import CEOAPI
import CEODomain
import CEORPC
import Foundation
import Logging

/// One run being executed: phases in order, the tasks of a phase in parallel (bounded),
/// each task reserved, executed and settled through the store.
struct RunExecution: Sendable {
    let store: JobStore
    let agents: any AgentCaller
    let settings: OrchestrationSettings
    let logger: Logger
    let jobID: String

    func run() async {
        do {
            try await store.begin(jobID)
            guard let job = try await store.job(jobID, deliverables: false) else { return }
            var failedRun = false
            for phase in job.plan.phases.sorted(by: { $0.index < $1.index }) {
                if Task.isCancelled || failedRun { break }
                try await runPhase(phase, plan: job.plan)
                if settings.failRunOnTaskFailure, let current = try await store.job(jobID, deliverables: false), current.tasks.contains(where: { $0.status == .failed }) {
                    failedRun = true
                }
            }
            try await end(failedRun: failedRun)
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
    private func end(failedRun: Bool) async throws {
        if Task.isCancelled { return }
        guard let job = try await store.job(jobID, deliverables: false) else { return }
        let succeeded = job.tasks.filter { $0.status == .succeeded }.count
        let status: JobStatus =
            if failedRun { .failed }
            else if succeeded == job.tasks.count { .succeeded }
            else if succeeded > 0 { .partiallySucceeded }
            else { .failed }
        let reason = status == .succeeded ? "" : "\(job.tasks.count - succeeded) of \(job.tasks.count) tasks did not succeed"
        try await store.finish(jobID, status: status, reason: reason)
    }

    private func runPhase(_ phase: Phase, plan: Plan) async throws {
        guard let job = try await store.job(jobID, deliverables: false) else { return }
        let pending = phase.taskIds.filter { id in job.tasks.first { $0.taskID == id }?.status == .pending }
        guard !pending.isEmpty else { return }  // finished before a restart
        try await store.phase(jobID, index: phase.index, completed: false)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for taskID in pending {
                if inFlight == settings.maxConcurrentTasks {
                    try await group.next()
                    inFlight -= 1
                }
                if Task.isCancelled { break }
                group.addTask { try await self.runTask(taskID, plan: plan) }
                inFlight += 1
            }
            try await group.waitForAll()
        }
        if !Task.isCancelled { try await store.phase(jobID, index: phase.index, completed: true) }
    }

    private func runTask(_ taskID: String, plan: Plan) async throws {
        guard let planned = plan.tasks.first(where: { $0.id == taskID }), let job = try await store.job(jobID, deliverables: false) else { return }
        let unmet = planned.dependsOn.filter { dependency in job.tasks.first { $0.taskID == dependency }?.status != .succeeded }
        if !unmet.isEmpty {
            try await store.skipTask(jobID, taskID: taskID, reason: "skipped: it depends on \(unmet.joined(separator: ", ")), which did not succeed")
            return
        }
        let reserved = try await store.startTask(jobID, taskID: taskID)
        let request = Self.request(jobID: jobID, task: planned, plan: plan, budgetCents: reserved.budgetReservedCents)
        var attempt = 0
        while true {
            attempt += 1
            do {
                let result = try await agents.execute(request, timeout: settings.taskTimeout) { step in
                    try await store.progress(jobID, taskID: taskID, agent: planned.agent, percent: step.percent, message: step.message)
                }
                try await store.completeTask(jobID, taskID: taskID, result: result)
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

    /// The agent's request for a planned task; the idempotency key makes a re-run after
    /// a restart a cache hit at the agent.
    static func request(jobID: String, task: PlannedTask, plan: Plan, budgetCents: Int64) -> ExecuteTaskRequest {
        ExecuteTaskRequest(task: task, of: plan, budgetCents: budgetCents, idempotencyKey: "\(jobID)/\(task.id)")
    }
}
