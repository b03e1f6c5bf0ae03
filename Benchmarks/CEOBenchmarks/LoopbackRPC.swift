public import CEORPC
import CEOServiceKit
public import Logging
import NIOCore

/// A server and a client of the internal RPC on a loopback ephemeral port, for timing.
public enum LoopbackRPC {
    /// Runs a server with `services` on 127.0.0.1, and a client of it, for the
    /// duration of `body`; both stop when it returns.
    ///
    /// - Parameter serverName: the name the client checks in the server's certificate
    ///   (nil: the endpoint's host).
    public static func withServerAndClient<Result: Sendable>(
        services: [any RPCService],
        serverSecurity: RPCTransportSecurity,
        clientSecurity: RPCTransportSecurity,
        serverName: String? = nil,
        logger: Logger,
        body: (RPCClient) async throws -> Result
    ) async throws -> Result {
        let server = RPCServer(
            configuration: RPCSettings.defaults.server(security: serverSecurity),
            router: RPCRouter(services: services),
            logger: logger
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            defer { group.cancelAll() }
            let port = try await server.boundAddress().port!
            let configuration = RPCSettings.defaults.client(
                endpoints: [RPCEndpoint(host: "127.0.0.1", port: port, serverName: serverName)], security: clientSecurity
            )
            return try await RPCClient.withRunning(configuration, logger: logger, body: body)
        }
    }
}
