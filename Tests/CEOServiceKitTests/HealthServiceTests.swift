import CEOTestSupport
import CEOAPI
import CEORPC
@testable import CEOServiceKit
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

@Suite("Health service", .timeLimit(.minutes(1)))
struct HealthServiceTests {
    @Test("Check answers SERVING with the service's name; an unknown service name is NOT_FOUND")
    func check() async throws {
        let pki = try TestPKI()
        let health = HealthService(serviceName: "agents")
        try await TestHarness.withServer(pki: pki, services: [health]) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                let response = try await client.unary(HealthRPC.check, HealthCheckRequest())
                #expect(response.status == .serving)
                #expect(response.service == "agents")
                var request = HealthCheckRequest()
                request.service = "billing"
                let other = request
                let error = await #expect(throws: RPCError.self) {
                    _ = try await client.unary(HealthRPC.check, other)
                }
                #expect(error?.code == .notFound)
            }
        }
    }

    @Test("Watch streams the current status, then each change")
    func watch() async throws {
        let pki = try TestPKI()
        let health = HealthService(serviceName: "auth")
        try await TestHarness.withServer(pki: pki, services: [health]) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                try await client.serverStreaming(HealthRPC.watch, HealthCheckRequest()) { stream in
                    var updates = stream.makeAsyncIterator()
                    let first = try await updates.next()
                    #expect(first?.status == .serving)
                    health.setStatus(.notServing)
                    let second = try await updates.next()
                    #expect(second?.status == .notServing)
                }
            }
        }
    }

    @Test("graceful shutdown turns Health to NOT_SERVING, which watchers see")
    func notServingOnDrain() async throws {
        let pki = try TestPKI()
        let health = HealthService(serviceName: "orchestrator")
        try await TestHarness.withServer(pki: pki, services: [health]) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                try await client.serverStreaming(HealthRPC.watch, HealthCheckRequest()) { stream in
                    var updates = stream.makeAsyncIterator()
                    let before = try await updates.next()
                    #expect(before?.status == .serving)
                    try await testGracefulShutdown { trigger in
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask { try await HealthDrainSignal(health: health).run() }
                            trigger.triggerGracefulShutdown()
                            try await group.next()
                        }
                    }
                    let after = try await updates.next()
                    #expect(after?.status == .notServing)
                }
            }
        }
    }
}
