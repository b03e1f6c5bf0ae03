import Synchronization

/// A counter safe to bump from any task.
final class ManagedAtomicCounter: Sendable {
    private let value = Atomic<Int>(0)

    func increment() { value.add(1, ordering: .relaxed) }
    var current: Int { value.load(ordering: .relaxed) }
}
