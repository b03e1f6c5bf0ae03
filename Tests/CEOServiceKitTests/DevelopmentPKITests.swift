import CEORPC
import CEOServiceKit
import Foundation
import NIOSSL
import Testing

@Suite("Development PKI")
struct DevelopmentPKITests {
    @Test("creates a CA and one certificate per service, keys 0600, once")
    func createsOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pki-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pki = DevelopmentPKI(dataDirectory: folder)
        let written = try pki.ensure()
        // The CA's key and certificate, the CA certificate for clients, and per service
        // its certificate, its key and a copy of the CA certificate.
        #expect(written.count == 3 + 3 * DevelopmentPKI.services.count)
        for service in DevelopmentPKI.services {
            let mode = try FileManager.default.attributesOfItem(atPath: pki.privateKeyPath(for: service))[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let certificate = try NIOSSLCertificate.fromPEMFile(pki.certificatePath(for: service))
            #expect(ServiceIdentity(certificate: certificate[0]) == service)
        }
        let before = try String(contentsOfFile: pki.certificatePath(for: .edge), encoding: .utf8)
        #expect(try pki.ensure().isEmpty)
        #expect(try String(contentsOfFile: pki.certificatePath(for: .edge), encoding: .utf8) == before)
    }

    @Test("a missing service certificate is issued by the existing CA")
    func fillsGaps() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pki-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pki = DevelopmentPKI(dataDirectory: folder)
        try pki.ensure()
        let ca = try String(contentsOfFile: pki.caCertificatePath, encoding: .utf8)
        try FileManager.default.removeItem(atPath: pki.certificatePath(for: .agents))
        #expect(try pki.ensure().count == 2)
        #expect(try String(contentsOfFile: pki.caCertificatePath, encoding: .utf8) == ca)
        _ = try pki.tlsConfiguration(for: .agents).makeServerContext()
    }

    @Test("the CA's key is kept apart: a service's folder holds only its certificate, its key and the CA certificate")
    func caKeyApart() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pki-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pki = DevelopmentPKI(dataDirectory: folder)
        try pki.ensure()
        let files = FileManager.default
        for service in DevelopmentPKI.services {
            #expect(try files.contentsOfDirectory(atPath: pki.serviceDirectory(for: service).path).sorted() == ["ca.pem", "cert.pem", "key.pem"])
            let mode = try files.attributesOfItem(atPath: pki.serviceDirectory(for: service).path)[.posixPermissions] as? Int
            #expect(mode == 0o700)
            #expect(try String(contentsOfFile: pki.caCertificatePath(for: service), encoding: .utf8) == String(contentsOfFile: pki.caCertificatePath, encoding: .utf8))
        }
        let everything = files.enumerator(atPath: pki.directory.path)?.compactMap { $0 as? String } ?? []
        #expect(!everything.contains { $0.contains("ca-key") }, "\(everything)")
        #expect(try files.contentsOfDirectory(atPath: pki.authorityDirectory.path).sorted() == ["ca-key.pem", "ca.pem"])
        // The CA may live anywhere else, for example on a machine of its own.
        let elsewhere = folder.appendingPathComponent("offline-ca")
        let apart = DevelopmentPKI(dataDirectory: folder.appendingPathComponent("other"), authorityDirectory: elsewhere)
        try apart.ensure(services: [.edge])
        #expect(files.fileExists(atPath: elsewhere.appendingPathComponent("ca-key.pem").path))
        #expect(!files.fileExists(atPath: folder.appendingPathComponent("other/ca").path))
    }

    @Test("a folder of the earlier layout (the CA key beside the service keys) is moved, keeping its CA and certificates")
    func earlierLayoutMoved() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pki-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = folder.appendingPathComponent("pki")
        try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
        let ca = try CertificateAuthority(commonName: "CEO Executive Agent development CA")
        try ca.privateKeyPEM.write(to: old.appendingPathComponent("ca-key.pem"), atomically: true, encoding: .utf8)
        try ca.certificatePEM.write(to: old.appendingPathComponent("ca.pem"), atomically: true, encoding: .utf8)
        let edge = try ca.issue(identity: .edge, dnsNames: ["localhost"])
        try edge.certificatePEM.write(to: old.appendingPathComponent("edge.pem"), atomically: true, encoding: .utf8)
        try edge.privateKeyPEM.write(to: old.appendingPathComponent("edge-key.pem"), atomically: true, encoding: .utf8)

        let pki = DevelopmentPKI(dataDirectory: folder)
        try pki.ensure()
        for leftover in ["ca-key.pem", "edge.pem", "edge-key.pem"] {
            #expect(!FileManager.default.fileExists(atPath: old.appendingPathComponent(leftover).path), "\(leftover) left in pki/")
        }
        #expect(try String(contentsOfFile: pki.caCertificatePath, encoding: .utf8) == ca.certificatePEM)
        #expect(try String(contentsOfFile: pki.certificatePath(for: .edge), encoding: .utf8) == edge.certificatePEM)
        #expect(try String(contentsOfFile: pki.authorityDirectory.appendingPathComponent("ca-key.pem").path, encoding: .utf8) == ca.privateKeyPEM)
    }

    @Test("service identities parse only from ceo://service/ URIs")
    func identityURIs() {
        #expect(ServiceIdentity(uri: "ceo://service/edge") == .edge)
        #expect(ServiceIdentity(uri: "https://service/edge") == nil)
        #expect(ServiceIdentity(uri: "ceo://service/") == nil)
        #expect(ServiceIdentity(uri: "ceo://service/a/b") == nil)
    }
}
