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
        #expect(written.count == 2 + 2 * DevelopmentPKI.services.count)
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

    @Test("service identities parse only from ceo://service/ URIs")
    func identityURIs() {
        #expect(ServiceIdentity(uri: "ceo://service/edge") == .edge)
        #expect(ServiceIdentity(uri: "https://service/edge") == nil)
        #expect(ServiceIdentity(uri: "ceo://service/") == nil)
        #expect(ServiceIdentity(uri: "ceo://service/a/b") == nil)
    }
}
