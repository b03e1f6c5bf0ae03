import ArgumentParser
import Foundation
import NIOSSL

/// Where the edge is and how to trust and authenticate to it.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The edge's base URL (env CEO_URL).")
    var url: String = ProcessInfo.processInfo.environment["CEO_URL"] ?? "https://localhost:8443"

    @Option(name: .customLong("ca-file"), help: "A CA certificate (PEM) to trust for the edge (env CEO_CA_FILE; default: the development CA in <data>/pki/ca.pem when it exists, else the system's).")
    var caFileOption: String?

    @Option(name: .customLong("api-key"), help: "An API key to use instead of the signed-in session (env CEO_API_KEY).")
    var apiKeyOption: String?

    var caFile: String? { caFileOption ?? ProcessInfo.processInfo.environment["CEO_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 } }
    var apiKey: String? { apiKeyOption ?? ProcessInfo.processInfo.environment["CEO_API_KEY"].flatMap { $0.isEmpty ? nil : $0 } }

    @Flag(help: "Print JSON, for scripts.")
    var json = false

    func validate() throws {
        guard let parsed = URL(string: url), parsed.scheme == "https" || parsed.scheme == "http", parsed.host != nil else {
            throw ValidationError("--url must be an http(s) URL such as https://localhost:8443, got '\(url)'")
        }
    }

    /// The base URL without a trailing slash.
    var baseURL: String { url.hasSuffix("/") ? String(url.dropLast()) : url }

    func tlsConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        let dataDirectory = ProcessInfo.processInfo.environment["CEO_DATA_DIR"] ?? "data"
        let developmentCA = URL(fileURLWithPath: dataDirectory).appendingPathComponent("pki/ca.pem").path
        let path = caFile ?? (FileManager.default.fileExists(atPath: developmentCA) ? developmentCA : nil)
        if let path {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path))
            } catch {
                throw ClientFailure(.unexpected, "--ca-file: cannot read a PEM certificate from '\(path)'")
            }
        }
        return configuration
    }
}
