import Crypto
import CryptoExtras
import Foundation
public import NIOPosix

/// Hashes and checks passwords with PBKDF2-HMAC-SHA256.
///
/// The stored form carries its parameters, so that they can be raised later:
/// `$pbkdf2-sha256$i=<iterations>$<salt>$<key>` (salt and key in unpadded base64).
/// Hashing runs on NIO's blocking thread pool, not on the concurrency pool.
public struct PasswordHasher: Sendable {
    public struct Parameters: Sendable, Equatable {
        public var iterations: Int
        public var saltByteCount: Int
        public var keyByteCount: Int

        public init(iterations: Int, saltByteCount: Int = 16, keyByteCount: Int = 32) {
            self.iterations = iterations
            self.saltByteCount = saltByteCount
            self.keyByteCount = keyByteCount
        }

        /// OWASP's Password Storage Cheat Sheet (2023–): PBKDF2-HMAC-SHA256 with
        /// 600,000 iterations and a per-user salt.
        public static let owasp = Parameters(iterations: 600_000)
    }

    public let parameters: Parameters
    private let threadPool: NIOThreadPool

    public init(parameters: Parameters = .owasp, threadPool: NIOThreadPool = .singleton) {
        self.parameters = parameters
        self.threadPool = threadPool
    }

    /// A new salted hash of `password`, in the stored form.
    public func hash(_ password: String) async throws -> String {
        let salt = SecureRandom.bytes(parameters.saltByteCount)
        let key = try await derive(password, salt: salt, iterations: parameters.iterations, byteCount: parameters.keyByteCount)
        return StoredPasswordHash(iterations: parameters.iterations, salt: salt, key: key).encoded
    }

    /// Whether `password` matches `stored`, compared in constant time. A stored hash
    /// that cannot be read never matches.
    public func verify(_ password: String, against stored: String) async throws -> Bool {
        guard let parsed = StoredPasswordHash(encoded: stored) else { return false }
        let key = try await derive(password, salt: parsed.salt, iterations: parsed.iterations, byteCount: parsed.key.count)
        return constantTimeEquals(key, parsed.key)
    }

    /// Whether `stored` was made with weaker parameters than the current ones.
    public func needsRehash(_ stored: String) -> Bool {
        guard let parsed = StoredPasswordHash(encoded: stored) else { return true }
        return parsed.iterations < parameters.iterations || parsed.key.count < parameters.keyByteCount
    }

    private func derive(_ password: String, salt: Data, iterations: Int, byteCount: Int) async throws -> Data {
        try await threadPool.runIfActive {
            let key = try KDF.Insecure.PBKDF2.deriveKey(
                from: Data(password.utf8), salt: salt, using: .sha256, outputByteCount: byteCount,
                unsafeUncheckedRounds: iterations
            )
            return key.withUnsafeBytes { Data($0) }
        }
    }
}

/// The parsed stored form of a password hash.
struct StoredPasswordHash: Equatable {
    static let scheme = "pbkdf2-sha256"
    let iterations: Int
    let salt: Data
    let key: Data

    init(iterations: Int, salt: Data, key: Data) {
        self.iterations = iterations
        self.salt = salt
        self.key = key
    }

    init?(encoded: String) {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == Self.scheme, parts[2].hasPrefix("i="),
              let iterations = Int(parts[2].dropFirst(2)), iterations > 0,
              let salt = Data(base64Encoded: Self.padded(parts[3])), let key = Data(base64Encoded: Self.padded(parts[4])),
              !salt.isEmpty, !key.isEmpty
        else { return nil }
        self.init(iterations: iterations, salt: salt, key: key)
    }

    var encoded: String {
        "$\(Self.scheme)$i=\(iterations)$\(Self.unpadded(salt))$\(Self.unpadded(key))"
    }

    private static func unpadded(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    private static func padded(_ text: Substring) -> String {
        String(text) + String(repeating: "=", count: (4 - text.count % 4) % 4)
    }
}
