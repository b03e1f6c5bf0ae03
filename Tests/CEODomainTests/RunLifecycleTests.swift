import CEOAPI
import CEODomain
import Testing

@Suite("Run lifecycle facts: final statuses and events, API names")
struct RunLifecycleTests {
    @Test("a run is final once it succeeded, partly succeeded, failed or was cancelled")
    func jobStatuses() {
        #expect(JobStatus.lifecycle.filter(\.isFinal) == [.succeeded, .partiallySucceeded, .failed, .cancelled])
        #expect(JobStatus.lifecycle.map(\.apiName) == ["pending", "running", "awaiting_approval", "succeeded", "partially_succeeded", "failed", "cancelled"])
        for status in JobStatus.lifecycle { #expect(JobStatus(apiName: status.apiName) == status) }
        #expect(JobStatus(apiName: "unknown") == nil)
    }

    @Test("every status and event type of the proto is in the lifecycle lists")
    func complete() {
        #expect(Set(JobStatus.allCases.filter { $0 != .unspecified }) == Set(JobStatus.lifecycle))
        #expect(Set(TaskStatus.allCases.filter { $0 != .unspecified }) == Set(TaskStatus.lifecycle))
        #expect(Set(JobEventType.allCases.filter { $0 != .unspecified }) == Set(JobEventType.lifecycle))
        #expect(Set(ApprovalStatus.allCases.filter { $0 != .unspecified }) == Set(ApprovalStatus.lifecycle))
        for status in ApprovalStatus.lifecycle { #expect(ApprovalStatus(apiName: status.apiName) == status) }
    }

    @Test("a task ends when it succeeded, failed, was skipped or cancelled; a run's stream ends with its last event")
    func finals() {
        #expect(TaskStatus.lifecycle.filter(\.isFinal) == [.succeeded, .failed, .skipped, .cancelled])
        #expect(JobEventType.lifecycle.filter(\.isFinal).map(\.apiName) == ["orchestration_complete", "orchestration_failed", "orchestration_cancelled"])
    }
}
