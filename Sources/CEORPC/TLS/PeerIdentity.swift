public import NIOSSL
import SwiftASN1
import X509

extension ServiceIdentity {
    /// The identity a certificate carries in its SAN URIs (`ceo://service/<name>`), or nil.
    public init?(certificate: NIOSSLCertificate) {
        guard let der = try? certificate.toDERBytes(),
              let parsed = try? Certificate(derEncoded: der),
              let names = try? parsed.extensions.subjectAlternativeNames
        else { return nil }
        for name in names {
            if case .uniformResourceIdentifier(let uri) = name, let identity = ServiceIdentity(uri: uri) {
                self = identity
                return
            }
        }
        return nil
    }
}
