import HTTPTypes
import CEOAPI
import CEORPC
import Hummingbird

/// `GET /health` (the process is up) and `GET /health/ready` (every internal service
/// answers `Health/Check` as serving; 503 naming the ones that do not).
struct HealthRoutes {
    let backends: EdgeBackends

    struct Liveness: Encodable {
        var status = "ok"
    }

    struct Readiness: Encodable {
        var status: String
        var services: [String: String]
    }

    func register(on router: Router<EdgeRequestContext>) {
        router.get("/health") { _, _ in try JSONResponse.make(.ok, Liveness()) }
        router.get("/health/ready") { _, _ in
            let states = await withTaskGroup(of: (String, String).self) { group in
                for (name, client) in backends.all {
                    group.addTask {
                        do {
                            let response = try await client.unary(HealthRPC.check, HealthCheckRequest(), options: CallOptions(timeout: .seconds(2)))
                            return (name, response.status == .serving ? "serving" : "not_serving")
                        } catch let error as RPCError {
                            return (name, "unreachable: \(error.code)")
                        } catch {
                            return (name, "unreachable")
                        }
                    }
                }
                return await group.reduce(into: [String: String]()) { $0[$1.0] = $1.1 }
            }
            let ready = states.values.allSatisfy { $0 == "serving" }
            return try JSONResponse.make(ready ? .ok : .serviceUnavailable, Readiness(status: ready ? "ready" : "not_ready", services: states))
        }
    }
}
