import Foundation
import HTTPTypes
import CEOAPI
import CEORPC
import Hummingbird

/// `GET /health` (the process is up) and `GET /health/ready` (every internal service
/// answers `Health/Check` as serving; 503 naming the ones that do not).
struct HealthRoutes {
    let backends: EdgeBackends

    /// `status` is today's; `timestamp` and `checks` are the original app's fields, kept
    /// for its clients (its own `status` was "healthy").
    struct Liveness: Encodable {
        var status = "ok"
        var timestamp: String
        var checks = ["edge": "ok"]
    }

    struct Readiness: Encodable {
        var status: String
        var services: [String: String]
        var timestamp: String
        /// The same as `services`, under the original app's name.
        var checks: [String: String]
    }

    func register(on router: Router<EdgeRequestContext>) {
        router.get("/health") { _, _ in try JSONResponse.make(.ok, Liveness(timestamp: Date().formatted(.iso8601))) }
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
            return try JSONResponse.make(ready ? .ok : .serviceUnavailable,
                                         Readiness(status: ready ? "ready" : "not_ready", services: states, timestamp: Date().formatted(.iso8601), checks: states))
        }
    }
}
