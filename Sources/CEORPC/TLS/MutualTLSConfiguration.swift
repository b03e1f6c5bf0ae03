public import NIOSSL

/// Certificates and key for one side of the internal RPC's mutual TLS.
///
/// Both sides present a certificate issued by the deployment's CA and trust only that
/// CA; TLS 1.3 only. Servers refuse clients without a certificate.
public struct MutualTLSConfiguration: Sendable {
    /// This service's certificate, leaf first.
    public var certificateChain: [NIOSSLCertificate]
    public var privateKey: NIOSSLPrivateKey
    /// The CA certificates that issue peers' certificates.
    public var trustRoots: [NIOSSLCertificate]

    public init(certificateChain: [NIOSSLCertificate], privateKey: NIOSSLPrivateKey, trustRoots: [NIOSSLCertificate]) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.trustRoots = trustRoots
    }

    /// Loads PEM files: the certificate (chain), its private key and the CA bundle.
    public init(certificatePath: String, privateKeyPath: String, caPath: String) throws {
        self.init(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificatePath),
            privateKey: try NIOSSLPrivateKey(file: privateKeyPath, format: .pem),
            trustRoots: try NIOSSLCertificate.fromPEMFile(caPath)
        )
    }

    /// The server side: requires and verifies a client certificate from the CA.
    public func makeServerContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeServerConfigurationWithMTLS(
            certificateChain: certificateChain.map { .certificate($0) },
            privateKey: .privateKey(privateKey),
            trustRoots: .certificates(trustRoots)
        )
        tls.minimumTLSVersion = .tlsv13
        tls.certificateVerification = .noHostnameVerification
        return try NIOSSLContext(configuration: tls)
    }

    /// The client side: presents this certificate and verifies the server's
    /// certificate and name (DNS name or IP address) against the CA.
    public func makeClientContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv13
        tls.certificateVerification = .fullVerification
        tls.trustRoots = .certificates(trustRoots)
        tls.certificateChain = certificateChain.map { .certificate($0) }
        tls.privateKey = .privateKey(privateKey)
        return try NIOSSLContext(configuration: tls)
    }
}

/// How a connection of the internal RPC is secured.
public enum RPCTransportSecurity: Sendable {
    /// Mutual TLS 1.3: the only setting services use.
    case mutualTLS(MutualTLSConfiguration)
    /// No TLS at all: the same framing over plain TCP. Only for the benchmark's
    /// baseline and tests; callers have no identity and only `*` methods admit them.
    case plaintext
}
