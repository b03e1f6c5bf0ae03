import AuthService
import CEOAuthTokens
import CEOStorage
import CEOTestSupport
import Crypto
import Foundation
import Testing

/// Builds JWTs by hand (independently of the library the service uses), to present
/// the verifier with every kind of bad token.
struct TokenForger {
    var header: [String: String]
    var claims: [String: Any]

    init(kid: String, alg: String = "EdDSA", userID: String = "u-1", role: String = "user", now: Date, lifetime: TimeInterval = 900) {
        header = ["alg": alg, "kid": kid, "typ": "JWT"]
        claims = [
            "iss": AccessTokenDefaults.issuer, "aud": [AccessTokenDefaults.audience], "sub": userID, "role": role,
            "scope": "plans:read", "jti": UUID().uuidString, "iat": now.timeIntervalSince1970,
            "nbf": now.timeIntervalSince1970, "exp": now.timeIntervalSince1970 + lifetime,
        ]
    }

    var signingInput: String {
        func part(_ object: Any) -> String {
            (try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).base64URLEncodedString()
        }
        return part(header) + "." + part(claims)
    }

    func signed(with key: Curve25519.Signing.PrivateKey) throws -> String {
        let input = signingInput
        return input + "." + (try key.signature(for: Data(input.utf8))).base64URLEncodedString()
    }

    func hmacSigned(secret: String) -> String {
        let input = signingInput
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return input + "." + Data(mac).base64URLEncodedString()
    }

    var unsigned: String { signingInput + "." }
}

/// The active private key, read from the keyring file in `directory`.
func activeSigningKey(in directory: URL) throws -> (kid: String, key: Curve25519.Signing.PrivateKey) {
    struct Document: Decodable {
        struct Key: Decodable {
            var kid: String
            var private_key: String?
            var retired_at_ms: Int64?
        }
        var keys: [Key]
    }
    let document = try JSONDecoder().decode(Document.self, from: Data(contentsOf: directory.appendingPathComponent("signing-keys.json")))
    let active = try #require(document.keys.last { $0.retired_at_ms == nil })
    let encoded = try #require(active.private_key)
    let raw = try #require(Data(base64URLEncoded: encoded))
    return (active.kid, try Curve25519.Signing.PrivateKey(rawRepresentation: raw))
}

/// The active private key of `core`: from the keyring file on SQLite, from the
/// `signing_keys` table on PostgreSQL.
func activeSigningKey(of core: AuthCore, in env: AuthTestEnvironment) async throws -> (kid: String, key: Curve25519.Signing.PrivateKey) {
    switch env.backend {
    case .sqlite:
        return try activeSigningKey(in: env.directory)
    case .postgres:
        let row = try await core.database.read { db in
            try SQLRow.fetchOne(db, sql: "SELECT kid, private_key FROM signing_keys WHERE retired_at_ms IS NULL")
        }
        let active = try #require(row)
        return (active["kid"], try Curve25519.Signing.PrivateKey(rawRepresentation: active["private_key"] as Data))
    }
}
