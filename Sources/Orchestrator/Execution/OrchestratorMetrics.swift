import CEOAPI
import CEODomain
import Metrics

/// The Orchestrator's metrics (swift-metrics), taken from committed events so that a
/// retried transaction never counts twice: budget settled by agent, tasks and runs by
/// outcome, and the runs executing in this process.
enum OrchestratorMetrics {
    static func committed(_ events: [JobEvent]) {
        for event in events {
            switch event.type {
            case .taskCompleted:
                Counter(label: "ceo_orchestrator_budget_spent_cents_total", dimensions: [("agent", event.agent.machineName)])
                    .increment(by: Int64(event.budgetUsedCents))
                Counter(label: "ceo_orchestrator_tasks_total", dimensions: [("agent", event.agent.machineName), ("status", "succeeded")]).increment()
            case .taskFailed:
                Counter(label: "ceo_orchestrator_tasks_total", dimensions: [("agent", event.agent.machineName), ("status", "failed")]).increment()
            case .taskSkipped:
                Counter(label: "ceo_orchestrator_tasks_total", dimensions: [("agent", event.agent.machineName), ("status", "skipped")]).increment()
            case .jobStarted:
                Counter(label: "ceo_orchestrator_runs_started_total").increment()
            case .jobCompleted, .jobFailed, .jobCancelled:
                Counter(label: "ceo_orchestrator_runs_finished_total", dimensions: [("status", String(describing: event.status))]).increment()
            default:
                break
            }
        }
    }

    /// Runs executing in this process now.
    static func activeRuns(_ count: Int) {
        Gauge(label: "ceo_orchestrator_active_runs").record(count)
    }
}
