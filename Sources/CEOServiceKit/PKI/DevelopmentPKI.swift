public import CEORPC
public import Foundation

/// The development PKI of a local stack: one CA and one certificate per service.
///
/// The CA's key is kept apart from what the services read:
///
/// ```
/// <data>/ca/ca-key.pem, ca.pem        the CA (0700); only `ceo pki init` and `ceo stack` read it
/// <data>/pki/ca.pem                   the CA certificate, for clients
/// <data>/pki/<service>/cert.pem       one folder per service (0700): its certificate,
///                     key.pem         its private key (0600)
///                     ca.pem          and the CA certificate — all a service reads
/// ```
///
/// ``ensure(services:)`` creates what is missing and keeps what exists. A folder laid
/// out by an earlier version (the CA key beside the service keys in `<data>/pki/`) is
/// moved into this layout first.
public struct DevelopmentPKI: Sendable {
    /// The services that get a certificate, with the names clients reach them by
    /// (localhost, and the compose/Kubernetes service names).
    public static let services: [ServiceIdentity] = [.auth, .orchestrator, .agents, .edge]

    /// `<data>/pki`: the CA certificate and one folder per service.
    public let directory: URL
    /// Where the CA's key and certificate live (`<data>/ca` unless set).
    public let authorityDirectory: URL

    public init(dataDirectory: URL, authorityDirectory: URL? = nil) {
        directory = dataDirectory.appendingPathComponent("pki", isDirectory: true)
        self.authorityDirectory = authorityDirectory ?? dataDirectory.appendingPathComponent("ca", isDirectory: true)
    }

    /// The CA certificate clients trust (`<data>/pki/ca.pem`).
    public var caCertificatePath: String { directory.appendingPathComponent("ca.pem").path }
    var authorityCertificatePath: String { authorityDirectory.appendingPathComponent("ca.pem").path }
    var authorityKeyPath: String { authorityDirectory.appendingPathComponent("ca-key.pem").path }

    /// The folder that holds everything `service` reads: its certificate, its key and the CA certificate.
    public func serviceDirectory(for service: ServiceIdentity) -> URL {
        directory.appendingPathComponent(service.name, isDirectory: true)
    }
    public func certificatePath(for service: ServiceIdentity) -> String {
        serviceDirectory(for: service).appendingPathComponent("cert.pem").path
    }
    public func privateKeyPath(for service: ServiceIdentity) -> String {
        serviceDirectory(for: service).appendingPathComponent("key.pem").path
    }
    /// The copy of the CA certificate in the service's own folder.
    public func caCertificatePath(for service: ServiceIdentity) -> String {
        serviceDirectory(for: service).appendingPathComponent("ca.pem").path
    }

    /// Creates whatever is missing; returns the paths it wrote (empty when all existed).
    @discardableResult
    public func ensure(services: [ServiceIdentity] = DevelopmentPKI.services) throws -> [String] {
        let files = FileManager.default
        try Self.makeDirectory(directory)
        try Self.makeDirectory(authorityDirectory)
        try moveEarlierLayout()
        var written: [String] = []
        let ca: CertificateAuthority
        if files.fileExists(atPath: authorityCertificatePath), files.fileExists(atPath: authorityKeyPath) {
            ca = try CertificateAuthority(
                certificatePEM: String(contentsOfFile: authorityCertificatePath, encoding: .utf8),
                privateKeyPEM: String(contentsOfFile: authorityKeyPath, encoding: .utf8)
            )
        } else {
            ca = try CertificateAuthority(commonName: "CEO Executive Agent development CA")
            try Self.writeFile(ca.privateKeyPEM, to: authorityKeyPath, mode: 0o600)
            try Self.writeFile(ca.certificatePEM, to: authorityCertificatePath, mode: 0o644)
            written += [authorityKeyPath, authorityCertificatePath]
        }
        if (try? String(contentsOfFile: caCertificatePath, encoding: .utf8)) != ca.certificatePEM {
            try Self.writeFile(ca.certificatePEM, to: caCertificatePath, mode: 0o644)
            written.append(caCertificatePath)
        }
        for service in services {
            try Self.makeDirectory(serviceDirectory(for: service))
            let certificate = certificatePath(for: service), key = privateKeyPath(for: service)
            if !files.fileExists(atPath: certificate) || !files.fileExists(atPath: key) {
                let issued = try ca.issue(identity: service, dnsNames: ["localhost", service.name, "ceo-\(service.name)"])
                try Self.writeFile(issued.privateKeyPEM, to: key, mode: 0o600)
                try Self.writeFile(issued.certificatePEM, to: certificate, mode: 0o644)
                written += [key, certificate]
            }
            if (try? String(contentsOfFile: caCertificatePath(for: service), encoding: .utf8)) != ca.certificatePEM {
                try Self.writeFile(ca.certificatePEM, to: caCertificatePath(for: service), mode: 0o644)
                written.append(caCertificatePath(for: service))
            }
        }
        return written
    }

    /// The mutual-TLS configuration of `service`, from its own folder only.
    public func tlsConfiguration(for service: ServiceIdentity) throws -> MutualTLSConfiguration {
        try MutualTLSConfiguration(
            certificatePath: certificatePath(for: service),
            privateKeyPath: privateKeyPath(for: service),
            caPath: caCertificatePath(for: service)
        )
    }

    /// Moves the files of the earlier layout (`pki/ca-key.pem`, `pki/<service>.pem`,
    /// `pki/<service>-key.pem`) into this one, so the CA key leaves the services' folder.
    private func moveEarlierLayout() throws {
        let files = FileManager.default
        let earlierKey = directory.appendingPathComponent("ca-key.pem").path
        if files.fileExists(atPath: earlierKey) {
            if !files.fileExists(atPath: authorityKeyPath) {
                try files.moveItem(atPath: earlierKey, toPath: authorityKeyPath)
                if files.fileExists(atPath: caCertificatePath), !files.fileExists(atPath: authorityCertificatePath) {
                    try files.copyItem(atPath: caCertificatePath, toPath: authorityCertificatePath)
                }
            } else {
                try files.removeItem(atPath: earlierKey)
            }
        }
        for service in Self.services {
            let certificate = directory.appendingPathComponent("\(service.name).pem").path
            let key = directory.appendingPathComponent("\(service.name)-key.pem").path
            guard files.fileExists(atPath: certificate) || files.fileExists(atPath: key) else { continue }
            try Self.makeDirectory(serviceDirectory(for: service))
            for (from, to) in [(certificate, certificatePath(for: service)), (key, privateKeyPath(for: service))] where files.fileExists(atPath: from) {
                if files.fileExists(atPath: to) { try files.removeItem(atPath: from) } else { try files.moveItem(atPath: from, toPath: to) }
            }
        }
    }

    private static func makeDirectory(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
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
