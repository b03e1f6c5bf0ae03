public import CEORPC
import Crypto
public import Foundation
import NIOSSL
import SwiftASN1
import X509

/// A certificate with its private key, both PEM-encoded.
public struct IssuedCertificate: Sendable {
    public let certificatePEM: String
    public let privateKeyPEM: String
}

/// A certificate authority that issues the certificates of the internal RPC's mutual
/// TLS: ECDSA P-256, each leaf naming its service identity in a SAN URI.
public struct CertificateAuthority: Sendable {
    public let certificatePEM: String
    let certificate: Certificate
    let privateKey: P256.Signing.PrivateKey

    /// A new self-signed CA.
    public init(commonName: String, validity: TimeInterval = 5 * 365 * 86_400) throws {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            OrganizationName("CEO Executive Agent")
            CommonName(commonName)
        }
        let now = Date()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(-300),
            notValidAfter: now.addingTimeInterval(validity),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: Certificate.PublicKey(key.publicKey))
            },
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        self.init(certificate: certificate, privateKey: key)
    }

    /// A CA loaded from its PEM certificate and key.
    public init(certificatePEM: String, privateKeyPEM: String) throws {
        self.init(
            certificate: try Certificate(pemEncoded: certificatePEM),
            privateKey: try P256.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
        )
    }

    private init(certificate: Certificate, privateKey: P256.Signing.PrivateKey) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.certificatePEM = (try? certificate.serializeAsPEM().pemString) ?? ""
    }

    public var privateKeyPEM: String { privateKey.pemRepresentation }

    /// Issues a certificate for server and client use. `identity` becomes the SAN URI
    /// `ceo://service/<name>`; DNS names and IP addresses are what clients verify.
    public func issue(
        identity: ServiceIdentity?,
        dnsNames: [String] = ["localhost"],
        ipAddresses: [String] = ["127.0.0.1", "::1"],
        validity: TimeInterval = 825 * 86_400
    ) throws -> IssuedCertificate {
        let key = P256.Signing.PrivateKey()
        var names: [GeneralName] = dnsNames.map { .dnsName($0) }
        for address in ipAddresses {
            names.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(try Self.addressBytes(address)))))
        }
        if let identity { names.append(.uniformResourceIdentifier(identity.uri)) }
        let subject = try DistinguishedName {
            OrganizationName("CEO Executive Agent")
            CommonName(identity?.name ?? dnsNames.first ?? "peer")
        }
        let now = Date()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(-300),
            notValidAfter: now.addingTimeInterval(validity),
            issuer: self.certificate.subject,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth, .clientAuth])
                SubjectAlternativeNames(names)
                AuthorityKeyIdentifier(keyIdentifier: try self.certificate.extensions.subjectKeyIdentifier?.keyIdentifier)
            },
            issuerPrivateKey: Certificate.PrivateKey(privateKey)
        )
        return IssuedCertificate(certificatePEM: try certificate.serializeAsPEM().pemString, privateKeyPEM: key.pemRepresentation)
    }

    /// The mutual-TLS configuration of a party holding `issued`, trusting this CA.
    public func tlsConfiguration(for issued: IssuedCertificate) throws -> MutualTLSConfiguration {
        try MutualTLSConfiguration(
            certificateChain: [NIOSSLCertificate(bytes: Array(issued.certificatePEM.utf8), format: .pem)],
            privateKey: NIOSSLPrivateKey(bytes: Array(issued.privateKeyPEM.utf8), format: .pem),
            trustRoots: [NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)]
        )
    }

    static func addressBytes(_ address: String) throws -> [UInt8] {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, address, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        throw PKIError("'\(address)' is not an IP address")
    }
}

/// A failure of the development PKI, naming what is wrong.
public struct PKIError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
