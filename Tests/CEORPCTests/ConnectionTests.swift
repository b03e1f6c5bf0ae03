import CEOTestSupport
import CEOAPI
import CEORPC
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing

@Suite("Connections: hostile peers, limits, drain, balancing", .timeLimit(.minutes(1)))
struct ConnectionTests {
    let pki: TestPKI

    init() throws { pki = try TestPKI() }

    @Test("random garbage closes only that connection; a call in flight elsewhere completes")
    func garbageClosesOnlyThatConnection() async throws {
        try await TestHarness.withServer(pki: pki, services: [RPCCallTests.echoService]) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                _ = try await client.unary(BenchmarkRPC.echo, echo("warm"))
                async let slow = client.unary(BenchmarkRPC.echo, echo("survivor", delayMs: 500))
                var generator = SystemRandomNumberGenerator()
                for _ in 0..<3 {
                    let garbage = (0..<256).map { _ in UInt8.random(in: 0...255, using: &generator) }
                    let raw = try await RawConnection.connect(port: port, tls: try pki.tls("edge"))
                    let (_, closed) = try await raw.send(garbage)
                    #expect(closed)
                }
                let response = try await slow
                #expect(String(decoding: response.payload, as: UTF8.self) == "survivor")
                _ = try await client.unary(BenchmarkRPC.echo, echo("after"))
            }
        }
    }

    @Test("an oversize frame gets a go-away with RESOURCE_EXHAUSTED and the connection closes")
    func oversizeFrameLive() async throws {
        try await TestHarness.withServer(pki: pki, services: [RPCCallTests.echoService], configure: { $0.limits.maxFrameBytes = 1024 }) { port in
            let raw = try await RawConnection.connect(port: port, tls: try pki.tls("edge"))
            let (received, closed) = try await raw.send([0x00, 0x50, 0x00, 0x00] + Array(repeating: 0, count: 64))
            #expect(closed)
            let frames = try parseFrames(received)
            #expect(frames.count == 1)
            #expect(frames.first?.goAway.code == RPCStatusCode.resourceExhausted.rawValue)
            #expect(frames.first?.goAway.reason.contains("exceeds the maximum of 1024 bytes") == true)
        }
    }

    @Test("a zero-length frame is a protocol error: go-away and close")
    func zeroLengthFrameLive() async throws {
        try await TestHarness.withServer(pki: pki, services: [RPCCallTests.echoService]) { port in
            let raw = try await RawConnection.connect(port: port, tls: try pki.tls("edge"))
            let (received, closed) = try await raw.send([0, 0, 0, 0])
            #expect(closed)
            let goAway = try #require(try parseFrames(received).first?.goAway)
            #expect(goAway.reason.contains("malformed frame"))
        }
    }

    @Test("a call id that is even or not increasing is a protocol error: go-away and close", arguments: [
        [UInt64(2)], [UInt64(5), UInt64(3)],
    ])
    func badCallIDs(ids: [UInt64]) async throws {
        try await TestHarness.withServer(pki: pki, services: [RPCCallTests.echoService]) { port in
            var bytes: [UInt8] = []
            for id in ids {
                var headers = WireFrame()
                headers.callID = id
                headers.headers.method = BenchmarkRPC.echo.path
                bytes += try encodeFrame(headers)
            }
            let raw = try await RawConnection.connect(port: port, tls: try pki.tls("edge"))
            let (received, closed) = try await raw.send(bytes)
            #expect(closed)
            let goAway = try #require(try parseFrames(received).last?.goAway)
            #expect(goAway.reason.hasPrefix("protocol error: call id"))
        }
    }

    @Test("a call whose request message never comes ends DEADLINE_EXCEEDED at its deadline, counted from its headers, and frees its slot", arguments: [
        (UInt64(300), "with a deadline"), (UInt64(0), "without one, at the first-message timeout"),
    ])
    func requestMessageNeverComes(timeoutMs: UInt64, label: String) async throws {
        try await TestHarness.withServer(pki: pki, services: [RPCCallTests.echoService], configure: {
            $0.firstMessageTimeout = .milliseconds(300)
            // Once the call has ended the connection is idle and closes, which ends the read.
            $0.idleTimeout = .seconds(2)
        }) { port in
            var headers = WireFrame()
            headers.callID = 1
            headers.headers.method = BenchmarkRPC.echo.path
            headers.headers.timeoutMs = timeoutMs
            let raw = try await RawConnection.connect(port: port, tls: try pki.tls("edge"))
            let (received, closed) = try await raw.send(try encodeFrame(headers), timeout: .seconds(60))
            #expect(closed, "\(label)")
            let frames = try parseFrames(received)
            let end = try #require(frames.first { $0.callID == 1 && $0.end.hasStatus }, "\(label): \(frames)")
            #expect(end.end.status.code == RPCStatusCode.deadlineExceeded.rawValue, "\(label)")
            #expect(end.end.status.message.contains("request message did not arrive"), "\(label)")
            // The slot was freed: the connection went idle (it would stay open while a call was open).
            #expect(frames.last?.goAway.reason == "idle timeout", "\(label)")
        }
    }

    @Test("a ping is answered with a pong carrying the same payload")
    func pingPong() async throws {
        try await TestHarness.withServer(pki: pki, services: [], configure: { $0.idleTimeout = .milliseconds(400) }) { port in
            var ping = WireFrame()
            ping.ping.payload = 0xC0FFEE
            let raw = try await RawConnection.connect(port: port, tls: try pki.tls("edge"))
            let (received, closed) = try await raw.send(try encodeFrame(ping))
            let frames = try parseFrames(received)
            #expect(frames.first?.pong.payload == 0xC0FFEE)
            // Then, with no call open, the idle timeout closes the connection.
            #expect(closed)
            #expect(frames.last?.goAway.reason == "idle timeout")
        }
    }

    @Test("a peer that never completes the TLS handshake is disconnected after the handshake timeout")
    func handshakeTimeout() async throws {
        try await TestHarness.withServer(pki: pki, services: [], configure: { $0.handshakeTimeout = .milliseconds(300) }) { port in
            let raw = try await RawConnection.connect(port: port, context: nil)
            let start = ContinuousClock.now
            // The read would wait 60 s; the 300 ms handshake timeout closes the connection long
            // before (the margin is wide so that a loaded machine cannot fail it).
            let (_, closed) = try await raw.send([], timeout: .seconds(60))
            #expect(closed)
            #expect(ContinuousClock.now - start < .seconds(30))
        }
    }

    @Test("graceful shutdown finishes in-flight calls, refuses new ones and stops the server")
    func gracefulDrain() async throws {
        let started = AsyncPromise<Void>()
        let service = ClosureRPCService { router in
            router.register(BenchmarkRPC.echo) { request, _ in
                started.succeed()
                try await Task.sleep(for: .milliseconds(Int(request.delayMs)))
                var response = BenchEchoResponse()
                response.payload = request.payload
                return response
            }
        }
        let server = try TestHarness.makeServer(pki: pki, services: [service]) { $0.drainGracePeriod = .seconds(5) }
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                let port = try await server.boundAddress().port!
                try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                    async let inFlight = client.unary(BenchmarkRPC.echo, echo("in flight", delayMs: 600))
                    try await within(.seconds(60), "handler start") { try await started.value() }
                    trigger.triggerGracefulShutdown()
                    let response = try await inFlight
                    #expect(String(decoding: response.payload, as: UTF8.self) == "in flight")
                    let error = await #expect(throws: RPCError.self) {
                        try await client.unary(BenchmarkRPC.echo, echo("late"), options: CallOptions(timeout: .seconds(2)))
                    }
                    #expect(error?.code == .unavailable)
                }
                let stopping = ContinuousClock.now
                try await group.next()
                #expect(ContinuousClock.now - stopping < .seconds(3))
            }
        }
    }

    @Test("calls still running when the grace period ends are cut off and the server stops")
    func graceExpires() async throws {
        let server = try TestHarness.makeServer(pki: pki, services: [RPCCallTests.echoService]) { $0.drainGracePeriod = .milliseconds(300) }
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                let port = try await server.boundAddress().port!
                try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                    let stuck = Task { try await client.unary(BenchmarkRPC.echo, echo("stuck", delayMs: 120_000)) }
                    try await Task.sleep(for: .milliseconds(200))
                    let start = ContinuousClock.now
                    trigger.triggerGracefulShutdown()
                    await #expect(throws: RPCError.self) { try await stuck.value }
                    // Cut off at the grace period, not when the two-minute call would end (a
                    // loaded machine can take seconds to get there, so the bound is generous).
                    #expect(ContinuousClock.now - start < .seconds(60))
                }
                try await group.next()
            }
        }
    }

    @Test("calls are balanced round-robin; an unreachable endpoint is ejected and its calls retried elsewhere")
    func balancingAndEjection() async throws {
        let served = Mutex<[String: Int]>([:])
        func service(_ name: String) -> ClosureRPCService {
            ClosureRPCService { router in
                router.register(BenchmarkRPC.echo) { _, _ in
                    served.withLock { $0[name, default: 0] += 1 }
                    return BenchEchoResponse()
                }
            }
        }
        // A port that refuses connections, held so that no parallel test is given it.
        let dead = try RefusingPort()
        try await TestHarness.withServer(pki: pki, services: [service("a")]) { portA in
            try await TestHarness.withServer(pki: pki, services: [service("b")]) { portB in
                // Handshakes as patient as the product's: the whole suite shares two cores.
                try await TestHarness.withClient(pki: pki, ports: [portA, dead.port, portB], configure: { $0.handshakeTimeout = .seconds(10) }) { client in
                    for _ in 0..<30 {
                        _ = try await client.unary(BenchmarkRPC.echo, echo("x"), options: CallOptions(timeout: .seconds(20)))
                    }
                }
            }
        }
        withExtendedLifetime(dead) {}
        let counts = served.withLock { $0 }
        #expect(counts.values.reduce(0, +) == 30)
        #expect(counts["a", default: 0] >= 10)
        #expect(counts["b", default: 0] >= 10)
    }

    @Test("a restarted endpoint is used again after its ejection")
    func reconnectAfterRestart() async throws {
        let pki = self.pki
        // The endpoint is down (its port held, refusing), a call fails and ejects it; then
        // a server starts on that port and the client uses it again. The port is released
        // only just before the server binds it, so no parallel test can take it meanwhile.
        var down: RefusingPort? = try RefusingPort()
        let port = down!.port
        try await TestHarness.withClient(pki: pki, ports: [port]) { client in
            await #expect(throws: RPCError.self) {
                try await client.unary(BenchmarkRPC.echo, echo("x"), options: CallOptions(timeout: .seconds(2)))
            }
            down = nil
            try await TestHarness.withServer(pki: pki, services: [RPCCallTests.echoService], configure: { $0.port = port }) { _ in
                // Generous: on a loaded machine the new connection's TLS handshake alone can take seconds.
                let recovered = try await eventually(timeout: .seconds(60)) {
                    (try? await client.unary(BenchmarkRPC.echo, echo("x"), options: CallOptions(timeout: .seconds(10)))) != nil
                }
                #expect(recovered)
            }
        }
    }

    @Test("when one endpoint drains, new calls go to the others without failing")
    func drainingEndpointIsAvoided() async throws {
        let served = Mutex<[String: Int]>([:])
        func service(_ name: String) -> ClosureRPCService {
            ClosureRPCService { router in
                router.register(BenchmarkRPC.echo) { request, _ in
                    served.withLock { $0[name, default: 0] += 1 }
                    if request.delayMs > 0 { try await Task.sleep(for: .milliseconds(Int(request.delayMs))) }
                    return BenchEchoResponse()
                }
            }
        }
        // Server A binds an ephemeral port before the client learns of it, so no other
        // test can take the port in between. Only server A runs under the test's
        // graceful-shutdown trigger; server B and the client run outside it.
        let serverA = try TestHarness.makeServer(pki: pki, services: [service("a")])
        let (triggers, triggerSink) = AsyncStream.makeStream(of: GracefulShutdownTestTrigger.self)
        try await TestHarness.withServer(pki: pki, services: [service("b")]) { portB in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await testGracefulShutdown { trigger in
                        triggerSink.yield(trigger)
                        try await serverA.run()
                    }
                }
                var iterator = triggers.makeAsyncIterator()
                let trigger = try #require(await iterator.next())
                let portA = try await serverA.boundAddress().port!
                try await TestHarness.withClient(pki: pki, ports: [portA, portB]) { client in
                    for _ in 0..<10 { _ = try await client.unary(BenchmarkRPC.echo, echo("before")) }
                    #expect(served.withLock { $0["a", default: 0] } > 0)
                    trigger.triggerGracefulShutdown()
                    try await group.next()
                    let bBefore = served.withLock { $0["b", default: 0] }
                    for _ in 0..<10 {
                        _ = try await client.unary(BenchmarkRPC.echo, echo("after"), options: CallOptions(timeout: .seconds(30)))
                    }
                    #expect(served.withLock { $0["b", default: 0] } == bBefore + 10)
                }
            }
        }
    }

    @Test("a call's deadline bounds its wait for a connection whose handshake never completes")
    func deadlineBoundsTheConnectionWait() async throws {
        // A TCP server that accepts and never answers the client's TLS hello.
        let mute = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        defer { mute.close(promise: nil) }
        try await TestHarness.withClient(pki: pki, ports: [mute.localAddress!.port!], configure: { $0.handshakeTimeout = .seconds(30) }) { client in
            let start = ContinuousClock.now
            let error = await #expect(throws: RPCError.self) {
                try await client.unary(BenchmarkRPC.echo, echo("hello?"), options: CallOptions(timeout: .milliseconds(500)))
            }
            #expect(error?.code == .deadlineExceeded)
            #expect(error?.message.contains("while connecting to 127.0.0.1:") == true, "\(String(describing: error))")
            #expect(ContinuousClock.now - start < .seconds(10))
        }
    }

    @Test("a server that stops answering pings is detected by keepalive and the call fails fast")
    func keepaliveDetectsSilentPeer() async throws {
        // A TLS server that completes the handshake and then never says anything.
        let serverTLS = try pki.tls("server")
        let context = try serverTLS.makeServerContext()
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        let port = silent.localAddress!.port!
        try await TestHarness.withClient(pki: pki, ports: [port], configure: {
            $0.keepaliveInterval = .milliseconds(100)
            $0.keepaliveTimeout = .milliseconds(200)
        }) { client in
            let start = ContinuousClock.now
            let error = await #expect(throws: RPCError.self) {
                try await client.unary(BenchmarkRPC.echo, echo("anyone?"), options: CallOptions(timeout: .seconds(20)))
            }
            // UNAVAILABLE, not DEADLINE_EXCEEDED: keepalive found the silent peer, well
            // before the call's 20 s deadline (with room for a loaded machine).
            #expect(error?.code == .unavailable)
            #expect(ContinuousClock.now - start < .seconds(15))
        }
    }
}
