public import CEORPC
public import Foundation
public import Prometheus
import SwiftASN1
import X509

/// The settings of one service process, with defaults for a local stack.
public struct ServiceSettings: Sendable {
    public var descriptor: ServiceDescriptor
    /// Where the service's data and the development PKI live.
    public var dataDirectory: URL
    public var host: String
    public var port: Int
    /// PEM files of the service's certificate, key and the CA; the development PKI's
    /// files in the data folder when nil.
    public var certificatePath: String?
    public var privateKeyPath: String?
    public var caPath: String?
    public var drainGracePeriod: Duration
    /// Every setting of the process: the configuration file's, overridden by the
    /// environment (see ``ConfigurationFile``).
    public var environment: [String: String] = [:]
    public var profile: DeploymentProfile = .development
    /// The RPC settings every server and client of the process is built from.
    public var rpc: RPCSettings = .defaults
    /// The process's metrics, exported by its metrics listener (the registry behind
    /// swift-metrics, bootstrapped once per process).
    public var metricsRegistry = PrometheusCollectorRegistry()

    public init(
        descriptor: ServiceDescriptor,
        dataDirectory: URL,
        host: String = "127.0.0.1",
        port: Int? = nil,
        certificatePath: String? = nil,
        privateKeyPath: String? = nil,
        caPath: String? = nil,
        drainGracePeriod: Duration = .seconds(10)
    ) {
        self.descriptor = descriptor
        self.dataDirectory = dataDirectory
        self.host = host
        self.port = port ?? descriptor.defaultPort
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.caPath = caPath
        self.drainGracePeriod = drainGracePeriod
    }

    /// What production asks of every service: internal TLS from explicit files, issued
    /// by a CA that is not the development one.
    public func commonReview() -> ProfileReview {
        var review = ProfileReview()
        review.require(certificatePath != nil, "internal mutual TLS would use the development PKI: pass --tls-cert, --tls-key and --tls-ca")
        if let caPath, let pem = try? String(contentsOfFile: caPath, encoding: .utf8), let ca = try? Certificate(pemEncoded: pem) {
            review.require(!String(describing: ca.subject).contains("development CA"), "--tls-ca '\(caPath)' is the development CA")
        }
        return review
    }

    /// The mutual-TLS material: the configured files, or the service's own folder of the
    /// development PKI (`<data>/pki/<service>/`). A service never creates the PKI and never
    /// reads the CA's key: `ceo pki init` (or `ceo stack`) makes them.
    public func tlsConfiguration() throws -> MutualTLSConfiguration {
        if let certificatePath, let privateKeyPath, let caPath {
            return try Self.load(certificatePath, privateKeyPath, caPath)
        }
        guard certificatePath == nil, privateKeyPath == nil, caPath == nil else {
            throw ServiceSettingsError("set all three of the certificate, private key and CA paths, or none")
        }
        let pki = DevelopmentPKI(dataDirectory: dataDirectory)
        let identity = descriptor.identity
        let files = [pki.certificatePath(for: identity), pki.privateKeyPath(for: identity), pki.caCertificatePath(for: identity)]
        guard files.allSatisfy(FileManager.default.fileExists(atPath:)) else {
            throw ServiceSettingsError(
                "no TLS files for \(identity.name) in \(pki.serviceDirectory(for: identity).path): run `ceo pki init --data-dir \(dataDirectory.path)` (ceo stack does), or pass --tls-cert, --tls-key and --tls-ca"
            )
        }
        return try Self.load(files[0], files[1], files[2])
    }

    private static func load(_ certificate: String, _ key: String, _ ca: String) throws -> MutualTLSConfiguration {
        for (setting, path) in [("certificate", certificate), ("private key", key), ("CA", ca)]
        where !FileManager.default.isReadableFile(atPath: path) {
            throw ServiceSettingsError("the \(setting) file '\(path)' does not exist or is not readable")
        }
        do {
            return try MutualTLSConfiguration(certificatePath: certificate, privateKeyPath: key, caPath: ca)
        } catch {
            throw ServiceSettingsError("cannot load TLS files (\(certificate), \(key), \(ca)): \(error)")
        }
    }
}

/// A setting is invalid; the message names it.
public struct ServiceSettingsError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
