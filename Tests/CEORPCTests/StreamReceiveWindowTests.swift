import CEOAPI
import CEOTestSupport
@testable import CEORPC
import Foundation
import SwiftProtobuf
import Synchronization
import Testing

@Suite("Server-stream receive window", .timeLimit(.minutes(1)))
struct StreamReceiveWindowTests {
    /// Consumes `count` messages of `bytes` each; returns the grants made.
    private func consume(_ window: inout StreamReceiveWindow, _ count: Int, bytes: Int) -> [Int] {
        (0..<count).compactMap { _ in window.consume(bytes: bytes) }
    }

    @Test("with no budget the window stays fixed and half of it is granted at a time")
    func fixedWindow() {
        var window = StreamReceiveWindow(initial: 64, budgetBytes: 0)
        #expect(consume(&window, 31, bytes: 10).isEmpty)
        #expect(window.consume(bytes: 10) == 32)
        #expect(consume(&window, 96, bytes: 10) == [32, 32, 32])
        #expect(window.window == 64)
    }

    @Test("small messages grow the window to the byte budget at the first grant")
    func growsForSmallMessages() {
        var window = StreamReceiveWindow(initial: 64, budgetBytes: 64 << 10)
        #expect(consume(&window, 31, bytes: 64).isEmpty)
        // 32 consumed, 32 still with the server: top up to 65,536 / 64 = 1,024.
        #expect(window.consume(bytes: 64) == 1_024 - 32)
        #expect(window.window == 1_024)
        // Then half the window at a time.
        #expect(consume(&window, 511, bytes: 64).isEmpty)
        #expect(window.consume(bytes: 64) == 512)
    }

    @Test("a larger message shrinks the window back, never below where it started")
    func shrinksForLargeMessages() {
        var window = StreamReceiveWindow(initial: 16, budgetBytes: 16 << 10)
        _ = consume(&window, 8, bytes: 16)
        #expect(window.window == 1_024)
        // 100-byte messages: the target is 163; no credit until the server's shrinks below it.
        for _ in 0..<2_000 { _ = window.consume(bytes: 100) }
        #expect(window.window == 163)
        // Messages above budget ÷ initial: the starting window, as a fixed one would be.
        for _ in 0..<2_000 { _ = window.consume(bytes: 4_096) }
        #expect(window.window == 16)
        #expect(window.target == 16)
    }

    @Test("the window never passes the protocol's 65,536 messages, and starts at least at one")
    func bounds() {
        var large = StreamReceiveWindow(initial: 64, budgetBytes: 1 << 30)
        _ = consume(&large, 32, bytes: 1)
        #expect(large.window == StreamReceiveWindow.maximumMessages)
        var tiny = StreamReceiveWindow(initial: 0, budgetBytes: 0)
        #expect(tiny.initial == 1)
        #expect(tiny.consume(bytes: 1) == 1)
        #expect(StreamReceiveWindow(initial: 1_000_000, budgetBytes: 0).initial == 65_536)
    }

    @Test("a server stream of small messages runs ahead to the byte budget and stops there for a stopped reader")
    func serverHeldAtTheBudget() async throws {
        let pki = try TestPKI()
        let sent = Mutex(0)
        let service = Self.countingStream(payloadBytes: 94) { sent.withLock { $0 += 1 } }
        try await TestHarness.withServer(pki: pki, services: [service]) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                var request = BenchStreamRequest()
                request.count = 1_000_000
                let options = CallOptions(streamWindow: 16, streamBufferBytes: 16 << 10)
                try await client.serverStreaming(BenchmarkRPC.stream, request, options: options) { stream in
                    var iterator = stream.makeAsyncIterator()
                    var bytes = 0
                    for _ in 0..<8 {
                        let message: BenchEchoResponse = try #require(try await iterator.next())
                        bytes = try (message.serializedBytes() as [UInt8]).count
                    }
                    // 8 taken; the window became budget ÷ message size beyond them.
                    let expected = 8 + (16 << 10) / bytes
                    #expect(expected > 16 + 100, "the budget should allow far more than the starting window")
                    // Wait for the grant to reach the server and the sender to use it: on a
                    // loaded machine that can take a while, so the wait is bounded generously
                    // (a window that never grew fails here, not by hanging).
                    let waitingSince = ContinuousClock.now
                    while sent.withLock({ $0 }) < expected, ContinuousClock.now - waitingSince < .seconds(30) {
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    #expect(sent.withLock { $0 } == expected, "the window did not grow to the byte budget")
                    // A stopped reader: the sender stays at its credit.
                    try await Task.sleep(for: .milliseconds(300))
                    #expect(sent.withLock { $0 } == expected, "the sender went past the byte budget of a stopped reader")
                }
            }
        }
    }

    /// `Benchmark.Stream` sending `count` messages of `payloadBytes` bytes, calling `sent`
    /// for each message `send` let through (the flow-control credit it was given).
    static func countingStream(payloadBytes: Int, sent: @escaping @Sendable () -> Void) -> ClosureRPCService {
        ClosureRPCService { router in
            router.register(BenchmarkRPC.stream) { request, writer, _ in
                var message = BenchEchoResponse()
                message.payload = Data(repeating: 1, count: payloadBytes)
                for sequence in 0..<request.count {
                    message.sequence = sequence
                    try await writer.send(message)
                    sent()
                }
            }
        }
    }
}
