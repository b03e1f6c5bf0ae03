import AsyncHTTPClient
import CEOAPI
import CEORPC
import CEOServiceKit
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import ServiceLifecycle

/// Waits until every service answers SERVING over mutual TLS and the edge's
/// `/health/ready` is green over HTTPS, then prints where the stack runs (and, on the
/// first run, the admin's credentials, once).
struct ReadinessProbe: Service {
    let endpoints: [(String, RPCEndpoint)]
    let tls: MutualTLSConfiguration
    /// The stack's RPC settings, as its services use them.
    let rpc: RPCSettings
    /// The development CA, which signed the edge's HTTPS certificate.
    let caCertificatePath: String
    let timeout: Duration
    let webURL: String
    let firstRunAdmin: FirstRunAdmin?
    let logger: Logger

    func run() async throws {
        let start = ContinuousClock.now
        for (name, endpoint) in endpoints {
            while true {
                try Task.checkCancellation()
                do {
                    let response = try await RPCClient.withRunning(
                        rpc.client(endpoints: [endpoint], security: .mutualTLS(tls)), logger: logger
                    ) { client in
                        try await client.unary(HealthRPC.check, HealthCheckRequest(), options: CallOptions(timeout: .seconds(2)))
                    }
                    if response.status == .serving {
                        logger.info("\(name) is serving on \(endpoint) (mutual TLS)")
                        break
                    }
                } catch {
                    if ContinuousClock.now - start > timeout {
                        logger.error("\(name) did not become healthy on \(endpoint): \(error)")
                        throw error
                    }
                }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        try await waitForWebReadiness(since: start)
        // Written straight to the file descriptor: stdout is block-buffered when it is
        // not a terminal, and whoever started the stack waits for this line.
        var banner = """
            CEO Executive Agent stack is up: auth, agents, orchestrator and edge answer Health/Check over mutual TLS.
            RPC endpoints: \(endpoints.map { "\($0.0)=\($0.1)" }.joined(separator: " "))  (Ctrl-C stops the stack)
            Web app and API: \(webURL)  (development certificate: trust \(caCertificatePath))

            """
        if let firstRunAdmin { banner += firstRunAdmin.announcement + "\n" }
        FileHandle.standardOutput.write(Data(banner.utf8))
    }

    /// Polls `GET /health/ready` until it answers 200.
    private func waitForWebReadiness(since start: ContinuousClock.Instant) async throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caCertificatePath))
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(tlsConfiguration: configuration))
        defer { _ = client.shutdown() }
        let url = webURL + "health/ready"
        while true {
            try Task.checkCancellation()
            var lastProblem = "no answer"
            do {
                let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(3))
                _ = try await response.body.collect(upTo: 64 << 10)
                if response.status == .ok {
                    logger.info("the edge is ready at \(url)")
                    return
                }
                lastProblem = "\(response.status.code)"
            } catch {
                lastProblem = "\(error)"
            }
            if ContinuousClock.now - start > timeout {
                logger.error("the edge did not become ready at \(url): \(lastProblem)")
                throw StackError("the edge did not become ready at \(url): \(lastProblem)")
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }
}

struct StackError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
