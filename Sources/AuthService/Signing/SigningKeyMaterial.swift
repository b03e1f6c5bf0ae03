import CEOServiceKit
import CEOAuthTokens
import Crypto
import Foundation

/// One Ed25519 signing key of the keyring, as stored in `signing-keys.json` or in the
/// `signing_keys` table.
///
/// The private half is absent for a key that came from a secret (it is never
/// stored) and for retired keys, whose public half is all that is still
/// needed.
struct SigningKeyMaterial: Codable, Equatable, Sendable {
    /// RFC 7638 thumbprint of the public key: stable and derived, never chosen.
    var kid: String
    var algorithm: String
    /// Unpadded base64url of the 32-byte public key.
    var publicKey: String
    /// Unpadded base64url of the 32-byte private key (seed), when stored.
    var privateKey: String?
    var createdAtMs: Int64
    /// When the key stopped signing; nil for the active key.
    var retiredAtMs: Int64?
    /// True when the private key comes from a configured secret, not the store.
    var fromSecret: Bool

    enum CodingKeys: String, CodingKey {
        case kid, algorithm, publicKey = "public_key", privateKey = "private_key", createdAtMs = "created_at_ms"
        case retiredAtMs = "retired_at_ms", fromSecret = "from_secret"
    }

    /// A new entry for `key`.
    init(key: Curve25519.Signing.PrivateKey, createdAt: Date, storePrivateKey: Bool) {
        let publicKey = key.publicKey.rawRepresentation.base64URLEncodedString()
        kid = Self.thumbprint(ofPublicKey: publicKey)
        algorithm = AccessTokenDefaults.algorithm
        self.publicKey = publicKey
        privateKey = storePrivateKey ? key.rawRepresentation.base64URLEncodedString() : nil
        createdAtMs = createdAt.unixMilliseconds
        retiredAtMs = nil
        fromSecret = !storePrivateKey
    }

    /// The public key as a JWK (RFC 8037).
    var jwkJSON: String {
        #"{"kty":"OKP","crv":"Ed25519","x":"\#(publicKey)","kid":"\#(kid)","alg":"\#(algorithm)","use":"sig"}"#
    }

    /// RFC 7638: base64url(SHA-256 of the canonical JWK members, in lexical order).
    static func thumbprint(ofPublicKey x: String) -> String {
        let canonical = #"{"crv":"Ed25519","kty":"OKP","x":"\#(x)"}"#
        return Data(SHA256.hash(data: Data(canonical.utf8))).base64URLEncodedString()
    }
}
