import ArgumentParser
import CEOAPI
import CEORPC
import CEOServiceKit
import Logging

/// Asks a service's `Health/Check` over mutual TLS.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Call Health/Check on a service over mutual TLS; exit 0 when it is SERVING."
    )

    @OptionGroup var data: DataOptions

    @Option(help: "host:port of the service's RPC listener.")
    var endpoint: String

    @Option(help: "Whose development certificate to present (auth, orchestrator, agents, edge).")
    var caller: String = "edge"

    @Option(help: "Seconds to wait for the answer.")
    var timeout: Int = 5

    @Option(help: "Name the server's certificate must carry (default: the endpoint's host).")
    var serverName: String?

    @OptionGroup var tlsFiles: TLSFileOptions

    func run() async throws {
        guard var target = RPCEndpoint(endpoint) else {
            throw ValidationError("--endpoint must be host:port, got '\(endpoint)'")
        }
        target.serverName = serverName
        let tls: MutualTLSConfiguration
        if let paths = tlsFiles.paths {
            tls = try MutualTLSConfiguration(certificatePath: paths.certificate, privateKeyPath: paths.privateKey, caPath: paths.ca)
        } else {
            guard let identity = DevelopmentPKI.services.first(where: { $0.name == caller }) else {
                throw ValidationError("--caller must be one of \(DevelopmentPKI.services.map(\.name).joined(separator: ", "))")
            }
            tls = try DevelopmentPKI(dataDirectory: data.dataDirectory).tlsConfiguration(for: identity)
        }
        let response = try await RPCClient.withRunning(
            try RPCSettings(environment: ConfigurationFile.environment()).client(endpoints: [target], security: .mutualTLS(tls)),
            logger: Logger(label: "health")
        ) { client in
            try await client.unary(HealthRPC.check, HealthCheckRequest(), options: CallOptions(timeout: .seconds(timeout)))
        }
        print("\(response.service) \(response.version) \(response.status) uptime=\(response.uptimeSeconds)s")
        if response.status != .serving { throw ExitCode(1) }
    }
}
