import CEOServiceKit
import Metrics

/// AgentService's metrics (swift-metrics): executions by agent and outcome with their
/// duration, and calls to a language model by model and outcome with their latency.
enum AgentMetrics {
    static func execution(agent: String, status: String, duration: Duration) {
        Counter(label: "ceo_agent_executions_total", dimensions: [("agent", agent), ("status", status)]).increment()
        Timer(label: "ceo_agent_execution_duration_seconds", dimensions: [("agent", agent)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(duration.nanoseconds)
    }

    static func modelCall(model: String, status: String, duration: Duration) {
        Counter(label: "ceo_llm_calls_total", dimensions: [("model", model), ("status", status)]).increment()
        Timer(label: "ceo_llm_call_duration_seconds", dimensions: [("model", model)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(duration.nanoseconds)
    }
}
