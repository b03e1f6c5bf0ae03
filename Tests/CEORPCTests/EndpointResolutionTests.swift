import CEOAPI
import CEORPC
import CEOTestSupport
import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing

@Suite("Endpoints by name: every address an endpoint, resolved again periodically and after failures", .timeLimit(.minutes(2)))
struct EndpointResolutionTests {
    let pki: TestPKI

    init() throws { pki = try TestPKI() }

    /// A free port on both 127.0.0.2 and 127.0.0.3 (two servers of one service share it).
    static func sharedPort() async throws -> Int {
        for _ in 0..<50 {
            let candidate = Int.random(in: 20_000..<30_000)
            if let a = try? await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.2", port: candidate).get() {
                let b = try? await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.3", port: candidate).get()
                try await a.close()
                if let b {
                    try await b.close()
                    return candidate
                }
            }
        }
        throw ProcessTestError("no port free on both 127.0.0.2 and 127.0.0.3")
    }

    @Test("a name that resolves to two loopback addresses balances calls over two real servers; when it resolves to one, calls follow; a dead address is replaced at once after the failure")
    func balancesAndFollowsTheName() async throws {
        let served = Mutex<[String: Int]>([:])
        func service(_ name: String) -> ClosureRPCService {
            ClosureRPCService { router in
                router.register(BenchmarkRPC.echo) { _, _ in
                    served.withLock { $0[name, default: 0] += 1 }
                    return BenchEchoResponse()
                }
            }
        }
        let port = try await Self.sharedPort()
        let answer = Mutex<[String]>(["127.0.0.2", "127.0.0.3"])
        let lookups = Mutex(0)
        let resolver = EndpointResolver(interval: .seconds(3_600)) { host in
            #expect(host == "localhost")
            lookups.withLock { $0 += 1 }
            return answer.withLock { $0 }
        }
        let serverA = try TestHarness.makeServer(pki: pki, services: [service("a")]) { $0.host = "127.0.0.2"; $0.port = port }
        let serverB = try TestHarness.makeServer(pki: pki, services: [service("b")]) { $0.host = "127.0.0.3"; $0.port = port }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await serverA.run() }
            let runningB = Task { try await serverB.run() }
            _ = try await serverA.boundAddress()
            _ = try await serverB.boundAddress()
            // The client knows the service only by name; its certificate is checked against that name.
            try await TestHarness.withClient(pki: pki, ports: [], configure: {
                $0.endpoints = [RPCEndpoint(host: "localhost", port: port)]
                $0.resolver = resolver
            }) { client in
                let resolved = try await eventually(timeout: .seconds(30)) { Set(client.currentEndpoints.map(\.host)) == ["127.0.0.2", "127.0.0.3"] }
                #expect(resolved, "\(client.currentEndpoints)")
                #expect(client.currentEndpoints.allSatisfy { $0.serverName == "localhost" })
                for _ in 0..<20 { _ = try await client.unary(BenchmarkRPC.echo, BenchEchoRequest(), options: CallOptions(timeout: .seconds(20))) }
                let balanced = served.withLock { $0 }
                #expect(balanced["a", default: 0] >= 5 && balanced["b", default: 0] >= 5, "\(balanced)")

                // B's server stops and the name now points at A only: the failed call wakes a
                // lookup at once (the interval is an hour), and every later call goes to A.
                answer.withLock { $0 = ["127.0.0.2"] }
                runningB.cancel()
                _ = try? await runningB.value
                let before = lookups.withLock { $0 }
                for _ in 0..<20 { _ = try await client.unary(BenchmarkRPC.echo, BenchEchoRequest(), options: CallOptions(timeout: .seconds(20))) }
                let relooked = try await eventually(timeout: .seconds(30)) { client.currentEndpoints.map(\.host) == ["127.0.0.2"] }
                #expect(relooked && lookups.withLock { $0 } > before, "\(client.currentEndpoints)")
                let aBefore = served.withLock { $0["a", default: 0] }
                for _ in 0..<10 { _ = try await client.unary(BenchmarkRPC.echo, BenchEchoRequest(), options: CallOptions(timeout: .seconds(20))) }
                #expect(served.withLock { $0["a", default: 0] } == aBefore + 10)
            }
            group.cancelAll()
        }
    }

    @Test("addresses are not looked up; a failed lookup keeps what the name had")
    func literalsAndFailures() async throws {
        #expect(EndpointResolver.isAddress("127.0.0.1") && EndpointResolver.isAddress("::1") && EndpointResolver.isAddress("fd00::5"))
        #expect(!EndpointResolver.isAddress("auth") && !EndpointResolver.isAddress("ceo-auth.ceo.svc.cluster.local"))
        let addresses = try await EndpointResolver.system("localhost")
        #expect(addresses.contains("127.0.0.1"), "\(addresses)")
        let failing = EndpointResolver(interval: .milliseconds(50)) { _ in throw RPCError(.unavailable, "no DNS") }
        try await TestHarness.withClient(pki: pki, ports: [], configure: {
            $0.endpoints = [RPCEndpoint(host: "auth", port: 7101)]
            $0.resolver = failing
        }) { client in
            try await Task.sleep(for: .milliseconds(200))
            #expect(client.currentEndpoints == [RPCEndpoint(host: "auth", port: 7101)])
        }
    }
}
