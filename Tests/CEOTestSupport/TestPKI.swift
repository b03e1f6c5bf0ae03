public import CEORPC
public import CEOServiceKit

/// A CA made at test time, issuing certificates for any identity.
public struct TestPKI {
    public let ca: CertificateAuthority

    public init(name: String = "test CA") throws {
        ca = try CertificateAuthority(commonName: name)
    }

    /// Mutual-TLS material for `identity` (nil: a certificate without a service URI).
    public func tls(_ identity: String?, dnsNames: [String] = ["localhost"], ipAddresses: [String] = ["127.0.0.1", "::1"]) throws -> MutualTLSConfiguration {
        try ca.tlsConfiguration(for: ca.issue(identity: identity.map(ServiceIdentity.init), dnsNames: dnsNames, ipAddresses: ipAddresses))
    }
}
