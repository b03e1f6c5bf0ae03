import CEOAuthTokens
import Crypto
import Foundation

/// Random secrets and ids from the system's cryptographic generator.
enum SecureRandom {
    /// `count` random bytes.
    static func bytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// A token of `byteCount` random bytes in unpadded base64url.
    static func token(byteCount: Int = 32) -> String {
        bytes(byteCount).base64URLEncodedString()
    }

    /// A new random identifier (a lower-case UUID).
    static func identifier() -> String { UUID().uuidString.lowercased() }

    /// SHA-256 of a high-entropy secret, hex: what is stored instead of the secret.
    static func digest(of secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Compares two byte strings in time that depends only on their lengths.
func constantTimeEquals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for (x, y) in zip(a, b) { difference |= x ^ y }
    return difference == 0
}
