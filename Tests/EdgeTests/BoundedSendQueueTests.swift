@testable import Edge
import Synchronization
import Testing

@Suite("WebSocket send queue")
struct BoundedSendQueueTests {
    @Test("a reading client gets every message in order, and the queue ends when finished")
    func drains() async throws {
        let queue = BoundedSendQueue(capacity: 4)
        for index in 0..<3 { #expect(queue.enqueue("m\(index)")) }
        queue.finish()
        let written = Mutex<[String]>([])
        let overflowed = Mutex(false)
        try await queue.drain(write: { message in written.withLock { $0.append(message) } }) { overflowed.withLock { $0 = true } }
        #expect(written.withLock { $0 } == ["m0", "m1", "m2"])
        #expect(!overflowed.withLock { $0 } && !queue.isOverflowed)
    }

    @Test("a client that stops reading overflows the bounded queue: the notice fires, the stalled writer is cancelled, nothing grows")
    func overflow() async throws {
        let queue = BoundedSendQueue(capacity: 8)
        let writes = Mutex(0)
        let writer = Task {
            try await queue.drain(write: { _ in
                writes.withLock { $0 += 1 }
                try await Task.sleep(for: .seconds(3_600))  // the client never reads
            }) {}
        }
        // The first message is taken by the write that stalls; then 8 wait and the next overflows.
        #expect(queue.enqueue("first"))
        while writes.withLock({ $0 }) == 0 { await Task.yield() }
        var accepted = 0
        for index in 0..<100 where queue.enqueue("m\(index)") { accepted += 1 }
        #expect(accepted == 8 && queue.isOverflowed)
        var notices = 0
        for await _ in queue.overflowNotice { notices += 1 }
        #expect(notices == 1)
        writer.cancel()
        await #expect(throws: CancellationError.self) { try await writer.value }
        #expect(writes.withLock { $0 } == 1)
        #expect(!queue.enqueue("late"))
    }
}
