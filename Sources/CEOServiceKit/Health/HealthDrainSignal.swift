import CEOAPI
import ServiceLifecycle

/// Turns Health to NOT_SERVING as soon as graceful shutdown begins, before the RPC
/// server drains, so health checks and watchers see the service leaving.
struct HealthDrainSignal: Service {
    let health: HealthService

    func run() async throws {
        try? await gracefulShutdown()
        health.setStatus(.notServing)
    }
}
