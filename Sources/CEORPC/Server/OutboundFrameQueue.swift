import NIOCore
import Synchronization

/// The frames the calls of one connection send, written in batches: every frame queued
/// while a write is under way goes out with the next batch, under one flush (one
/// system call, not one per message). A server stream's messages are queued faster
/// than the socket takes them, so a fast stream costs a flush per batch, not per
/// message.
///
/// Memory stays bounded: a sender waits while more than `limit` bytes of payload are
/// queued (each call is also held to its flow-control window before it queues), and
/// the writer waits while the channel is not writable.
final class OutboundFrameQueue: Sendable {
    private struct State {
        var frames: [WireFrame] = []
        var bytes = 0
        var writer: CheckedContinuation<Void, Never>?
        /// Senders waiting for room, by ticket.
        var senders: [Int: CheckedContinuation<Void, any Error>] = [:]
        var nextTicket = 0
        var closed = false
        /// Close the channel once everything queued before has been written.
        var closeWhenWritten = false
    }

    private let state = Mutex(State())
    let limit: Int

    init(limit: Int = 256 << 10) { self.limit = limit }

    /// Queues `frame`, waiting first while the queue is over its limit; throws
    /// `CancellationError` once the queue is closed.
    func send(_ frame: WireFrame) async throws {
        let size = frame.message.payload.count
        if let writer = try enqueueIfRoom(frame, size: size) {
            writer?.resume()
            return
        }
        let ticket = state.withLock { state in
            defer { state.nextTicket += 1 }
            return state.nextTicket
        }
        while true {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let resume: Result<Void, any Error>? = state.withLock { state in
                        if state.closed || Task.isCancelled { return .failure(CancellationError()) }
                        if state.bytes + size <= limit || state.bytes == 0 { return .success(()) }
                        state.senders[ticket] = continuation
                        return nil
                    }
                    if let resume { continuation.resume(with: resume) }
                }
            } onCancel: {
                state.withLock { $0.senders.removeValue(forKey: ticket) }?.resume(throwing: CancellationError())
            }
            if let writer = try enqueueIfRoom(frame, size: size) {
                writer?.resume()
                return
            }
        }
    }

    /// Appends `frame` when there is room: returns the writer to wake (if it waits), or
    /// nil when there is no room.
    private func enqueueIfRoom(_ frame: WireFrame, size: Int) throws -> CheckedContinuation<Void, Never>?? {
        try state.withLock { state -> CheckedContinuation<Void, Never>?? in
            if state.closed { throw CancellationError() }
            guard state.bytes + size <= limit || state.bytes == 0 else { return nil }
            state.frames.append(frame)
            state.bytes += size
            defer { state.writer = nil }
            return .some(state.writer)
        }
    }

    /// Closes `channel` once every frame queued before this call has been written (a
    /// draining connection's last call has ended).
    func closeChannelWhenWritten() {
        let writer = state.withLock { state in
            state.closeWhenWritten = true
            defer { state.writer = nil }
            return state.writer
        }
        writer?.resume()
    }

    /// Writes batches to `outbound` until the task is cancelled or a write fails; then
    /// closes the queue (waiting senders throw).
    func run(writingTo outbound: NIOAsyncChannelOutboundWriter<WireFrame>, channel: any Channel) async {
        defer { close() }
        while let (batch, closeAfter) = await nextBatch() {
            if !batch.isEmpty {
                do {
                    try await outbound.write(contentsOf: batch)
                } catch {
                    return
                }
            }
            if closeAfter {
                channel.close(promise: nil)
                return
            }
        }
    }

    /// The frames queued now (waiting for one), and whether to close the channel after
    /// them; nil once closed or cancelled.
    private func nextBatch() async -> (frames: [WireFrame], closeAfter: Bool)? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state in
                    if !state.frames.isEmpty || state.closed || state.closeWhenWritten { return true }
                    state.writer = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            close()
        }
        let (batch, senders) = state.withLock { state -> ((frames: [WireFrame], closeAfter: Bool)?, [CheckedContinuation<Void, any Error>]) in
            if state.closed { return (nil, []) }
            let batch = (frames: state.frames, closeAfter: state.closeWhenWritten)
            state.frames = []
            state.bytes = 0
            let senders = Array(state.senders.values)
            state.senders = [:]
            return (batch, senders)
        }
        // Room again: the waiting senders queue for the next batch.
        for sender in senders { sender.resume() }
        return batch
    }

    /// Closes the queue: frames not yet written are dropped, waiting senders throw.
    func close() {
        let (writer, senders) = state.withLock { state in
            state.closed = true
            state.frames = []
            state.bytes = 0
            defer {
                state.writer = nil
                state.senders = [:]
            }
            return (state.writer, Array(state.senders.values))
        }
        writer?.resume()
        for sender in senders { sender.resume(throwing: CancellationError()) }
    }
}
