import CEOServiceKit
public import CEOAPI
public import CEOAuthTokens
import Crypto
public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import JWTKit
public import Logging

/// The keys that sign access tokens: one active key signs; retired keys stay
/// published until the last token they signed has expired.
///
/// The keyring lives in `signing-keys.json` in AuthService's data folder, written
/// atomically with mode 0600. A key may instead come from a secret
/// (``SigningKeyring/init(file:secretKey:…)``), in which case its private half is
/// never written to disk. Private keys are never logged.
public actor SigningKeyring {
    private let file: URL
    private let secretKey: Curve25519.Signing.PrivateKey?
    /// How long a retired key stays published: the longest token lifetime.
    private let publicationAfterRetirement: Duration
    /// When set, the active key is replaced once it is this old.
    private let rotationInterval: Duration?
    private let clock: AuthClock
    private let logger: Logger
    private var keys: [SigningKeyMaterial] = []
    private var signers = JWTKeyCollection()

    public init(
        file: URL,
        secretKey: Data? = nil,
        publicationAfterRetirement: Duration,
        rotationInterval: Duration? = nil,
        clock: AuthClock = .system,
        logger: Logger
    ) throws {
        self.file = file
        self.secretKey = try secretKey.map {
            do { return try Curve25519.Signing.PrivateKey(rawRepresentation: $0) } catch {
                throw SigningKeyringError("the configured signing key is not a 32-byte Ed25519 private key")
            }
        }
        self.publicationAfterRetirement = publicationAfterRetirement
        self.rotationInterval = rotationInterval
        self.clock = clock
        self.logger = logger
    }

    /// Loads the keyring, creating or adopting the active key as needed. Call once
    /// before signing.
    public func load() async throws {
        keys = try Self.read(file)
        let now = clock.now()
        if let secretKey {
            let material = SigningKeyMaterial(key: secretKey, createdAt: now, storePrivateKey: false)
            if active?.kid != material.kid {
                retireActive(at: now)
                keys.removeAll { $0.kid == material.kid }
                keys.append(material)
                logger.info("signing key from the configured secret is active", metadata: ["kid": "\(material.kid)"])
            }
        } else if active == nil || active?.privateKey == nil {
            // No key yet, or the active one came from a secret that is no longer configured.
            try rotate(at: now, reason: active == nil ? "first start" : "configured secret key removed")
        }
        try await persistAndReload()
    }

    /// The key that signs now, rotating it first when it is older than the rotation interval.
    public func signer() async throws -> (kid: String, keys: JWTKeyCollection) {
        if let rotationInterval, secretKey == nil, let active,
           clock.now().timeIntervalSince(Date(unixMilliseconds: active.createdAtMs)) >= rotationInterval.timeInterval {
            try rotate(at: clock.now(), reason: "rotation interval reached")
            try await persistAndReload()
        }
        guard let active else { throw SigningKeyringError("the keyring has no active key; load() it first") }
        return (active.kid, signers)
    }

    /// Signs `claims` with the active key.
    public func sign(_ claims: AccessTokenClaims) async throws -> String {
        let (kid, signers) = try await signer()
        return try await signers.sign(claims, kid: JWKIdentifier(string: kid))
    }

    /// Replaces the active key with a new one now. Refused while the key comes from a
    /// secret (rotate by changing the secret).
    public func rotate() async throws -> SigningKeys {
        guard secretKey == nil else {
            throw SigningKeyringError("the signing key comes from a configured secret; rotate it by configuring a new one")
        }
        try rotate(at: clock.now(), reason: "requested")
        try await persistAndReload()
        return published()
    }

    /// The public keys that verify tokens now: the active key and retired keys whose
    /// tokens may still be valid.
    public func published() -> SigningKeys {
        let now = clock.now()
        var result = SigningKeys()
        for key in keys where isPublished(key, at: now) {
            var signingKey = SigningKey()
            signingKey.keyID = key.kid
            signingKey.algorithm = key.algorithm
            signingKey.jwkJson = key.jwkJSON
            signingKey.notAfterUnixMs = key.retiredAtMs.map { $0 + Int64(publicationAfterRetirement.timeInterval * 1000) } ?? 0
            result.keys.append(signingKey)
        }
        result.jwksJson = #"{"keys":[\#(result.keys.map(\.jwkJson).joined(separator: ","))]}"#
        return result
    }

    /// The kid of the active key.
    public var activeKeyID: String? { active?.kid }

    private var active: SigningKeyMaterial? { keys.last { $0.retiredAtMs == nil } }

    private func isPublished(_ key: SigningKeyMaterial, at now: Date) -> Bool {
        guard let retired = key.retiredAtMs else { return true }
        return now.timeIntervalSince(Date(unixMilliseconds: retired)) < publicationAfterRetirement.timeInterval
    }

    private func retireActive(at now: Date) {
        for index in keys.indices where keys[index].retiredAtMs == nil {
            keys[index].retiredAtMs = now.unixMilliseconds
            // A retired key only verifies; its private half is no longer needed.
            keys[index].privateKey = nil
        }
    }

    private func rotate(at now: Date, reason: String) throws {
        retireActive(at: now)
        let material = SigningKeyMaterial(key: Curve25519.Signing.PrivateKey(), createdAt: now, storePrivateKey: true)
        keys.append(material)
        logger.info("new signing key", metadata: ["kid": "\(material.kid)", "reason": "\(reason)"])
    }

    private func persistAndReload() async throws {
        let now = clock.now()
        keys.removeAll { !isPublished($0, at: now) }
        try Self.write(keys, to: file)
        let collection = JWTKeyCollection()
        if let active {
            await collection.add(eddsa: EdDSA.PrivateKey(backing: try privateKey(of: active)), kid: JWKIdentifier(string: active.kid))
        }
        signers = collection
    }

    /// The active key's private half: from the secret, or from the file.
    private func privateKey(of key: SigningKeyMaterial) throws -> Curve25519.Signing.PrivateKey {
        if key.fromSecret, let secretKey { return secretKey }
        guard let stored = key.privateKey.flatMap({ Data(base64URLEncoded: $0) }) else {
            throw SigningKeyringError("the active signing key has no private key")
        }
        return try Curve25519.Signing.PrivateKey(rawRepresentation: stored)
    }

    private struct Document: Codable {
        var keys: [SigningKeyMaterial]
    }

    private static func read(_ file: URL) throws -> [SigningKeyMaterial] {
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        do {
            return try JSONDecoder().decode(Document.self, from: Data(contentsOf: file)).keys
        } catch {
            throw SigningKeyringError("cannot read the signing keyring \(file.path): \(error)")
        }
    }

    /// Writes to a temporary file created 0600, then renames it over the keyring.
    private static func write(_ keys: [SigningKeyMaterial], to file: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(Document(keys: keys))
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw SigningKeyringError("cannot write \(temporary.path)")
        }
        guard rename(temporary.path, file.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw SigningKeyringError("cannot replace \(file.path): \(reason)")
        }
    }
}

/// The keyring cannot be used as configured; the message says why (never a key).
public struct SigningKeyringError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The keyring as the in-process verifier's key source.
public struct LocalSigningKeySource: SigningKeySource {
    let keyring: SigningKeyring
    public init(keyring: SigningKeyring) { self.keyring = keyring }
    public func signingKeys() async throws -> SigningKeys { await keyring.published() }
}
