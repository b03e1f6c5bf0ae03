public import CEORPC
public import Foundation

/// The development PKI of a local stack: one CA and one certificate per service, in
/// `<data>/pki/`. Created once; later calls keep what exists. Private keys are 0600.
public struct DevelopmentPKI: Sendable {
    /// The services that get a certificate, with the names clients reach them by
    /// (localhost, and the compose/Kubernetes service names).
    public static let services: [ServiceIdentity] = [.auth, .orchestrator, .agents, .edge]

    public let directory: URL

    public init(dataDirectory: URL) {
        directory = dataDirectory.appendingPathComponent("pki", isDirectory: true)
    }

    public var caCertificatePath: String { directory.appendingPathComponent("ca.pem").path }
    var caKeyPath: String { directory.appendingPathComponent("ca-key.pem").path }
    public func certificatePath(for service: ServiceIdentity) -> String {
        directory.appendingPathComponent("\(service.name).pem").path
    }
    public func privateKeyPath(for service: ServiceIdentity) -> String {
        directory.appendingPathComponent("\(service.name)-key.pem").path
    }

    /// Creates whatever is missing; returns the paths it wrote (empty when all existed).
    @discardableResult
    public func ensure(services: [ServiceIdentity] = DevelopmentPKI.services) throws -> [String] {
        let files = FileManager.default
        try files.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var written: [String] = []
        let ca: CertificateAuthority
        if files.fileExists(atPath: caCertificatePath), files.fileExists(atPath: caKeyPath) {
            ca = try CertificateAuthority(
                certificatePEM: String(contentsOfFile: caCertificatePath, encoding: .utf8),
                privateKeyPEM: String(contentsOfFile: caKeyPath, encoding: .utf8)
            )
        } else {
            ca = try CertificateAuthority(commonName: "CEO Executive Agent development CA")
            try Self.writeFile(ca.privateKeyPEM, to: caKeyPath, mode: 0o600)
            try Self.writeFile(ca.certificatePEM, to: caCertificatePath, mode: 0o644)
            written += [caKeyPath, caCertificatePath]
        }
        for service in services {
            let certificate = certificatePath(for: service), key = privateKeyPath(for: service)
            if files.fileExists(atPath: certificate), files.fileExists(atPath: key) { continue }
            let issued = try ca.issue(
                identity: service,
                dnsNames: ["localhost", service.name, "ceo-\(service.name)"]
            )
            try Self.writeFile(issued.privateKeyPEM, to: key, mode: 0o600)
            try Self.writeFile(issued.certificatePEM, to: certificate, mode: 0o644)
            written += [key, certificate]
        }
        return written
    }

    /// The mutual-TLS configuration of `service`.
    public func tlsConfiguration(for service: ServiceIdentity) throws -> MutualTLSConfiguration {
        try MutualTLSConfiguration(
            certificatePath: certificatePath(for: service),
            privateKeyPath: privateKeyPath(for: service),
            caPath: caCertificatePath
        )
    }

    static func writeFile(_ text: String, to path: String, mode: Int) throws {
        // Create with the final mode so a key is never readable by others, even briefly.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode_t(mode))
        guard fd >= 0 else { throw PKIError("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw PKIError("short write to \(path)") }
        guard fchmod(fd, mode_t(mode)) == 0 else { throw PKIError("cannot set mode of \(path)") }
    }
}
