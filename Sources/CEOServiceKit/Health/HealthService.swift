public import CEOAPI
public import CEORPC
import Foundation
import Synchronization

/// `ceo.health.v1.Health`, answered by every service.
public final class HealthService: RPCService {
    private let serviceName: String
    private let version: String
    private let startedAt = ContinuousClock.now
    private let status = Mutex(ServingStatus.serving)
    private let changes = Mutex<[Int: AsyncStream<ServingStatus>.Continuation]>([:])
    private let nextWatcher = Mutex(0)

    public init(serviceName: String, version: String = CEOVersion.current) {
        self.serviceName = serviceName
        self.version = version
    }

    /// Sets the status (for example NOT_SERVING while draining) and tells watchers.
    public func setStatus(_ newStatus: ServingStatus) {
        status.withLock { $0 = newStatus }
        for continuation in changes.withLock({ Array($0.values) }) { continuation.yield(newStatus) }
    }

    public func registerMethods(with router: inout RPCRouter) {
        router.register(HealthRPC.check) { [self] request, _ in
            try response(for: request)
        }
        router.register(HealthRPC.watch) { [self] request, writer, _ in
            let (stream, continuation) = AsyncStream.makeStream(of: ServingStatus.self, bufferingPolicy: .bufferingNewest(1))
            let id = nextWatcher.withLock { $0 += 1; return $0 }
            changes.withLock { $0[id] = continuation }
            defer { changes.withLock { _ = $0.removeValue(forKey: id) } }
            try await writer.send(try response(for: request))
            for await _ in stream {
                try await writer.send(try response(for: request))
            }
        }
    }

    private func response(for request: HealthCheckRequest) throws -> HealthCheckResponse {
        guard request.service.isEmpty || request.service == serviceName else {
            throw RPCError(.notFound, "unknown service '\(request.service)'; this is '\(serviceName)'")
        }
        var response = HealthCheckResponse()
        response.status = status.withLock { $0 }
        response.service = serviceName
        response.version = version
        response.uptimeSeconds = UInt64((ContinuousClock.now - startedAt).components.seconds)
        return response
    }
}

/// The product's version.
public enum CEOVersion {
    public static let current = "0.1.0"
}
