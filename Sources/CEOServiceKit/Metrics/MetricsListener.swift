import HTTPTypes
public import Hummingbird
public import Logging
import NIOCore
public import Prometheus

/// A service's metrics listener: plain HTTP serving only `GET /metrics` (Prometheus
/// text), on its own address, apart from the RPC and public ports.
public enum MetricsListener {
    /// The application, ready to run as a `Service`. `onListening` receives the bound port.
    public static func application(
        registry: PrometheusCollectorRegistry, host: String, port: Int, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: registry.emitToString()))
            )
        }
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }
}
