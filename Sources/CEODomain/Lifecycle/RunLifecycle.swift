public import CEOAPI

// The lifecycle facts of a run, in one place: which statuses and events are final,
// and the names the public API gives them. Every switch is exhaustive, so a status or
// event type added to the proto does not compile until it is placed here.

extension JobStatus {
    /// The statuses a run can have, in lifecycle order.
    public static let lifecycle: [JobStatus] = [.pending, .running, .awaitingApproval, .succeeded, .partiallySucceeded, .failed, .cancelled]

    /// Each status's API name, and whether the run has ended (nothing about it changes any more).
    private var facts: (apiName: String, isFinal: Bool) {
        switch self {
        case .pending: ("pending", false)
        case .running: ("running", false)
        case .awaitingApproval: ("awaiting_approval", false)
        case .succeeded: ("succeeded", true)
        case .partiallySucceeded: ("partially_succeeded", true)
        case .failed: ("failed", true)
        case .cancelled: ("cancelled", true)
        case .unspecified, .UNRECOGNIZED: ("unknown", false)
        }
    }

    /// True once the run has ended: nothing about it changes any more.
    public var isFinal: Bool { facts.isFinal }

    /// `running`, `partially_succeeded`, …
    public var apiName: String { facts.apiName }

    /// Parses an API name.
    public init?(apiName: String) {
        guard let status = Self.lifecycle.first(where: { $0.apiName == apiName }) else { return nil }
        self = status
    }
}

extension TaskStatus {
    /// The statuses a task can have, in lifecycle order.
    public static let lifecycle: [TaskStatus] = [.pending, .running, .succeeded, .failed, .skipped, .cancelled]

    /// Each status's API name, and whether the task has ended.
    private var facts: (apiName: String, isFinal: Bool) {
        switch self {
        case .pending: ("pending", false)
        case .running: ("running", false)
        case .succeeded: ("succeeded", true)
        case .failed: ("failed", true)
        case .skipped: ("skipped", true)
        case .cancelled: ("cancelled", true)
        case .unspecified, .UNRECOGNIZED: ("unknown", false)
        }
    }

    /// True once the task has ended.
    public var isFinal: Bool { facts.isFinal }

    /// `succeeded`, `skipped`, …
    public var apiName: String { facts.apiName }
}

extension JobEventType {
    /// Every event type, in the order a run emits them.
    public static let lifecycle: [JobEventType] = [
        .jobStarted, .phaseStarted, .phaseCompleted, .taskStarted, .taskProgress, .taskCompleted, .taskFailed, .taskSkipped,
        .budgetUpdated, .approvalRequested, .approvalDecided, .ledgerChanged, .jobCompleted, .jobFailed, .jobCancelled,
    ]

    /// The run's last event: completed, failed or cancelled. A watch ends after it.
    public var isFinal: Bool {
        switch self {
        case .jobCompleted, .jobFailed, .jobCancelled: true
        case .jobStarted, .phaseStarted, .phaseCompleted, .taskStarted, .taskProgress, .taskCompleted, .taskFailed, .taskSkipped,
             .budgetUpdated, .approvalRequested, .approvalDecided, .ledgerChanged, .unspecified, .UNRECOGNIZED:
            false
        }
    }

    /// The event's name on the public WebSocket: `orchestration_complete`,
    /// `agent_status_update` (every task event), `phase` (both phase events), …
    public var apiName: String {
        switch self {
        case .jobStarted: "orchestration_started"
        case .phaseStarted, .phaseCompleted: "phase"
        case .taskStarted, .taskProgress, .taskCompleted, .taskFailed, .taskSkipped: "agent_status_update"
        case .budgetUpdated, .ledgerChanged: "budget_update"
        case .approvalRequested: "approval_requested"
        case .approvalDecided: "approval_decided"
        case .jobCompleted: "orchestration_complete"
        case .jobFailed: "orchestration_failed"
        case .jobCancelled: "orchestration_cancelled"
        case .unspecified, .UNRECOGNIZED: "unknown"
        }
    }
}
