import CEOAPI
import CEODomain
import Metrics

/// The Orchestrator's metrics (swift-metrics), taken from committed events so that a
/// retried transaction never counts twice: budget settled by agent, tasks and runs by
/// outcome, and the runs executing in this process.
enum OrchestratorMetrics {
    static func committed(_ events: [JobEvent]) {
        for event in events {
            if event.type == .jobStarted { Counter(label: "ceo_orchestrator_runs_started_total").increment() }
            if event.type == .approvalRequested {
                Counter(label: "ceo_orchestrator_approvals_requested_total", dimensions: [("kind", event.approval.kind.apiName)]).increment()
            }
            if event.type == .approvalDecided {
                Counter(label: "ceo_orchestrator_approvals_decided_total", dimensions: [("status", event.approval.status.apiName)]).increment()
            }
            if event.type.isFinal {
                Counter(label: "ceo_orchestrator_runs_finished_total", dimensions: [("status", event.status.apiName)]).increment()
            }
            guard let status = taskOutcome(event.type) else { continue }
            let agent = event.agent.machineName
            if event.type == .taskCompleted {
                Counter(label: "ceo_orchestrator_budget_spent_cents_total", dimensions: [("agent", agent)]).increment(by: Int64(event.budgetUsedCents))
            }
            Counter(label: "ceo_orchestrator_tasks_total", dimensions: [("agent", agent), ("status", status.apiName)]).increment()
        }
    }

    /// The task status a task's final event reports; nil for every other event.
    private static func taskOutcome(_ type: JobEventType) -> TaskStatus? {
        switch type {
        case .taskCompleted: .succeeded
        case .taskFailed: .failed
        case .taskSkipped: .skipped
        case .jobStarted, .phaseStarted, .phaseCompleted, .taskStarted, .taskProgress, .budgetUpdated, .jobCompleted, .jobFailed,
             .jobCancelled, .approvalRequested, .approvalDecided, .ledgerChanged, .unspecified, .UNRECOGNIZED:
            nil
        }
    }

    /// Runs executing in this process now.
    static func activeRuns(_ count: Int) {
        Gauge(label: "ceo_orchestrator_active_runs").record(count)
    }
}
