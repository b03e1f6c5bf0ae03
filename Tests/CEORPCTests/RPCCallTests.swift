import CEOTestSupport
import CEOAPI
import CEORPC
import Foundation
import Synchronization
import Testing

@Suite("RPC calls over mutual TLS", .timeLimit(.minutes(1)))
struct RPCCallTests {
    let pki: TestPKI

    init() throws { pki = try TestPKI() }

    static let echoService = ClosureRPCService { router in
        router.register(BenchmarkRPC.echo) { request, context in
            if request.delayMs > 0 { try await Task.sleep(for: .milliseconds(Int(request.delayMs))) }
            var response = BenchEchoResponse()
            response.payload = request.payload
            response.sequence = context.callID
            return response
        }
    }

    @Test("unary round trip carries the request and the caller's metadata")
    func unaryRoundTrip() async throws {
        let seen = Mutex<(String?, String?)>((nil, nil))
        let service = ClosureRPCService { router in
            router.register(BenchmarkRPC.echo) { request, context in
                seen.withLock { $0 = (context.caller?.name, context.metadata["request-id"]) }
                var response = BenchEchoResponse()
                response.payload = request.payload
                return response
            }
        }
        try await TestHarness.withServer(pki: pki, services: [service]) { port in
            try await TestHarness.withClient(pki: pki, identity: "edge", ports: [port]) { client in
                let response = try await client.unary(
                    BenchmarkRPC.echo, echo("hello"), options: CallOptions(metadata: ["request-id": "req-1"])
                )
                #expect(String(decoding: response.payload, as: UTF8.self) == "hello")
            }
        }
        #expect(seen.withLock { $0 } == ("edge", "req-1"))
    }

    @Test("1,000 calls are in flight at once on one connection")
    func thousandCallsInFlight() async throws {
        let inFlight = Mutex(0)
        let allArrived = AsyncPromise<Void>()
        let service = ClosureRPCService { router in
            router.register(BenchmarkRPC.echo) { request, _ in
                let count = inFlight.withLock { $0 += 1; return $0 }
                if count == 1000 { allArrived.succeed() }
                // Nobody answers until all 1,000 are open on the server at the same time.
                try await allArrived.value()
                var response = BenchEchoResponse()
                response.payload = request.payload
                return response
            }
        }
        try await TestHarness.withServer(pki: pki, services: [service]) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<1000 {
                        group.addTask {
                            let response = try await client.unary(BenchmarkRPC.echo, echo("\(index)"), options: CallOptions(timeout: .seconds(30)))
                            return String(decoding: response.payload, as: UTF8.self) == "\(index)"
                        }
                    }
                    var correct = 0
                    for try await ok in group where ok { correct += 1 }
                    #expect(correct == 1000)
                }
            }
        }
        #expect(inFlight.withLock { $0 } == 1000)
    }

    @Test("a server stream to a consumer that stops reading stops at the flow-control window")
    func slowConsumerBoundsTheSender() async throws {
        let sent = Mutex(0)
        let service = StreamReceiveWindowTests.countingStream(payloadBytes: 1024) { sent.withLock { $0 += 1 } }
        try await TestHarness.withServer(pki: pki, services: [service]) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                var request = BenchStreamRequest()
                request.count = 1_000_000
                try await client.serverStreaming(BenchmarkRPC.stream, request, options: CallOptions(streamWindow: 16)) { stream in
                    var iterator = stream.makeAsyncIterator()
                    _ = try await iterator.next()
                    // The consumer stops reading; the server must stop at the window.
                    try await Task.sleep(for: .milliseconds(500))
                    let stalledAt = sent.withLock { $0 }
                    #expect(stalledAt <= 16, "server sent \(stalledAt) messages to a reader that took 1 (window 16)")
                    try await Task.sleep(for: .milliseconds(300))
                    #expect(sent.withLock { $0 } == stalledAt, "the sender kept going while the reader was stopped")
                    // Reading again lets it continue.
                    for _ in 0..<40 { _ = try await iterator.next() }
                }
            }
        }
        #expect(sent.withLock { $0 } >= 41)
    }

    @Test("a call past its deadline ends with DEADLINE_EXCEEDED and the handler is cancelled")
    func deadlineExceeded() async throws {
        let handlerCancelled = AsyncPromise<Void>()
        let service = ClosureRPCService { router in
            router.register(HealthRPC.check) { _, _ in HealthCheckResponse() }
            router.register(BenchmarkRPC.echo) { _, _ in
                do {
                    try await Task.sleep(for: .seconds(30))
                } catch is CancellationError {
                    handlerCancelled.succeed()
                    throw CancellationError()
                }
                return BenchEchoResponse()
            }
        }
        try await TestHarness.withServer(pki: pki, services: [service]) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                // Connect first, so the deadline is spent on the call, not on the handshake.
                _ = try await client.unary(HealthRPC.check, HealthCheckRequest())
                let start = ContinuousClock.now
                let error = await #expect(throws: RPCError.self) {
                    try await client.unary(BenchmarkRPC.echo, echo("slow"), options: CallOptions(timeout: .milliseconds(300)))
                }
                #expect(error?.code == .deadlineExceeded)
                #expect(ContinuousClock.now - start < .seconds(5))
                try await within(.seconds(60), "handler cancellation") { try await handlerCancelled.value() }
            }
        }
    }

    @Test("a handler's downstream call inherits its deadline")
    func deadlinePropagates() async throws {
        let downstreamTimeout = Mutex<Duration?>(nil)
        let downstream = ClosureRPCService { router in
            router.register(BenchmarkRPC.echo) { _, context in
                downstreamTimeout.withLock { $0 = context.deadline.map { $0 - .now } }
                return BenchEchoResponse()
            }
        }
        try await TestHarness.withServer(pki: pki, identity: "agents", services: [downstream]) { downstreamPort in
            try await TestHarness.withClient(pki: pki, identity: "orchestrator", ports: [downstreamPort]) { downstreamClient in
                let upstream = ClosureRPCService { router in
                    router.register(BenchmarkRPC.echo) { request, _ in
                        // No timeout of its own: the caller's deadline applies.
                        try await downstreamClient.unary(BenchmarkRPC.echo, request)
                    }
                }
                try await TestHarness.withServer(pki: pki, identity: "orchestrator", services: [upstream]) { upstreamPort in
                    try await TestHarness.withClient(pki: pki, ports: [upstreamPort]) { client in
                        // Generous: two TLS handshakes happen inside this deadline, on a busy CI machine.
                        _ = try await client.unary(BenchmarkRPC.echo, echo("x"), options: CallOptions(timeout: .seconds(20)))
                    }
                }
            }
        }
        let inherited = try #require(downstreamTimeout.withLock { $0 })
        #expect(inherited > .zero && inherited <= .seconds(20))
    }

    @Test("cancelling the calling task cancels the server's handler")
    func clientCancellationReachesHandler() async throws {
        let started = AsyncPromise<Void>()
        let handlerCancelled = AsyncPromise<Void>()
        let service = ClosureRPCService { router in
            router.register(BenchmarkRPC.echo) { _, _ in
                started.succeed()
                do {
                    try await Task.sleep(for: .seconds(30))
                } catch {
                    handlerCancelled.succeed()
                    throw error
                }
                return BenchEchoResponse()
            }
        }
        try await TestHarness.withServer(pki: pki, services: [service]) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                let call = Task { try await client.unary(BenchmarkRPC.echo, echo("x")) }
                try await within(.seconds(60), "handler start") { try await started.value() }
                call.cancel()
                let result = await call.result
                #expect(throws: RPCError.self) { try result.get() }
                try await within(.seconds(60), "handler cancellation") { try await handlerCancelled.value() }
            }
        }
    }

    @Test("an unknown method is UNIMPLEMENTED")
    func unknownMethod() async throws {
        try await TestHarness.withServer(pki: pki, services: []) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                let error = await #expect(throws: RPCError.self) {
                    try await client.unary(BenchmarkRPC.echo, echo("x"))
                }
                #expect(error?.code == .unimplemented)
            }
        }
    }

    @Test("metadata over the limit is refused with RESOURCE_EXHAUSTED naming the limit")
    func metadataLimit() async throws {
        try await TestHarness.withServer(pki: pki, services: [Self.echoService], configure: { $0.limits.maxMetadataBytes = 100 }) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                let error = await #expect(throws: RPCError.self) {
                    try await client.unary(BenchmarkRPC.echo, echo("x"), options: CallOptions(metadata: ["big": String(repeating: "a", count: 200)]))
                }
                #expect(error?.code == .resourceExhausted)
                #expect(error?.message.contains("100 bytes") == true)
                // The connection still serves calls within the limit.
                _ = try await client.unary(BenchmarkRPC.echo, echo("ok"))
            }
        }
    }

    @Test("calls over the per-connection concurrency limit are refused, others proceed")
    func concurrencyLimit() async throws {
        // The admitted calls wait in their handler until the test opens the gate: when two
        // calls have been refused, or (a limit not enforced) when all four got in. Nothing
        // depends on how fast a loaded machine delivers the four calls.
        let gate = CallGate()
        let service = ClosureRPCService { router in
            router.register(BenchmarkRPC.echo) { request, _ in
                gate.entered.withLock { $0 += 1 }
                while !gate.open.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
                var response = BenchEchoResponse()
                response.payload = request.payload
                return response
            }
        }
        try await TestHarness.withServer(pki: pki, services: [service], configure: { $0.limits.maxConcurrentCalls = 2 }) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                let codes = try await withThrowingTaskGroup(of: RPCStatusCode?.self) { group in
                    for _ in 0..<4 {
                        group.addTask {
                            do {
                                _ = try await client.unary(BenchmarkRPC.echo, echo("x"))
                                return .ok
                            } catch let error as RPCError {
                                return error.code
                            }
                        }
                    }
                    group.addTask {
                        while gate.entered.withLock({ $0 }) < 4, !gate.open.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
                        gate.open.withLock { $0 = true }
                        return nil
                    }
                    var codes: [RPCStatusCode] = []
                    for try await code in group {
                        guard let code else { continue }
                        codes.append(code)
                        if codes.filter({ $0 == .resourceExhausted }).count == 2 { gate.open.withLock { $0 = true } }
                    }
                    return codes
                }
                #expect(codes.filter { $0 == .ok }.count == 2)
                #expect(codes.filter { $0 == .resourceExhausted }.count == 2)
            }
        }
    }

    @Test("a handler's RPCError reaches the caller with code, message and field details")
    func errorDetails() async throws {
        let service = ClosureRPCService { router in
            router.register(BenchmarkRPC.echo) { _, _ in
                throw RPCError(.invalidArgument, "bad request", details: [FieldViolation(field: "payload", description: "must not be empty")])
            }
        }
        try await TestHarness.withServer(pki: pki, services: [service]) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                let error = await #expect(throws: RPCError.self) {
                    try await client.unary(BenchmarkRPC.echo, echo(""))
                }
                #expect(error?.code == .invalidArgument)
                #expect(error?.message == "bad request")
                #expect(error?.details == [FieldViolation(field: "payload", description: "must not be empty")])
            }
        }
    }
}

/// Calls held in their handler until a test opens the gate; counts those that got in.
final class CallGate: Sendable {
    let entered = Mutex(0)
    let open = Mutex(false)
}
