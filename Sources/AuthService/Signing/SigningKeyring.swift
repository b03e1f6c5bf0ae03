import CEOServiceKit
public import CEOAPI
public import CEOAuthTokens
import Crypto
public import Foundation
public import JWTKit
public import Logging

/// The keys that sign access tokens: one active key signs; retired keys stay
/// published until the last token they signed has expired.
///
/// A single process keeps the keyring in `signing-keys.json` in its data folder
/// (``init(file:secretKey:publicationAfterRetirement:rotationInterval:clock:logger:)``).
/// Replicas share it in their PostgreSQL database
/// (``init(database:secretKey:publicationAfterRetirement:rotationInterval:reloadInterval:clock:logger:)``):
/// every change is made under the database's lock from the keys stored there, and
/// each replica re-reads the keys when its copy is older than the reload interval, so
/// a rotation on one replica is published by all of them. A key may instead come from
/// a secret, in which case its private half is never stored. Private keys are never logged.
public actor SigningKeyring {
    private let store: any SigningKeyStore
    private let secretKey: Curve25519.Signing.PrivateKey?
    /// How long a retired key stays published: the longest token lifetime.
    private let publicationAfterRetirement: Duration
    /// When set, the active key is replaced once it is this old.
    private let rotationInterval: Duration?
    /// How old this copy of a shared keyring may get before it is read again (nil: the
    /// keyring is this process's own and only changes here).
    private let reloadInterval: Duration?
    private let clock: AuthClock
    private let logger: Logger
    private var keys: [SigningKeyMaterial] = []
    private var signers = JWTKeyCollection()
    private var loadedAt: Date?
    /// Counts the adoptions, so that keys read before a newer adoption here (a reload
    /// racing a rotation) do not replace the newer ones.
    private var generation = 0

    /// A keyring kept in `file`, for a single process.
    public init(
        file: URL,
        secretKey: Data? = nil,
        publicationAfterRetirement: Duration,
        rotationInterval: Duration? = nil,
        clock: AuthClock = .system,
        logger: Logger
    ) throws {
        try self.init(
            store: SigningKeyFile(url: file), secretKey: secretKey, publicationAfterRetirement: publicationAfterRetirement,
            rotationInterval: rotationInterval, reloadInterval: nil, clock: clock, logger: logger
        )
    }

    /// A keyring shared by the replicas through `database` (its `signing_keys` table),
    /// read again when this copy is older than `reloadInterval`. Retired keys stay
    /// published for `publicationAfterRetirement`, which should include the reload
    /// interval: another replica may sign with a key for that long after it was retired.
    public init(
        database: AuthDatabase,
        secretKey: Data? = nil,
        publicationAfterRetirement: Duration,
        rotationInterval: Duration? = nil,
        reloadInterval: Duration,
        clock: AuthClock = .system,
        logger: Logger
    ) throws {
        try self.init(
            store: DatabaseSigningKeyStore(database: database), secretKey: secretKey,
            publicationAfterRetirement: publicationAfterRetirement, rotationInterval: rotationInterval,
            reloadInterval: reloadInterval, clock: clock, logger: logger
        )
    }

    private init(
        store: any SigningKeyStore, secretKey: Data?, publicationAfterRetirement: Duration, rotationInterval: Duration?,
        reloadInterval: Duration?, clock: AuthClock, logger: Logger
    ) throws {
        self.store = store
        self.secretKey = try secretKey.map {
            do { return try Curve25519.Signing.PrivateKey(rawRepresentation: $0) } catch {
                throw SigningKeyringError("the configured signing key is not a 32-byte Ed25519 private key")
            }
        }
        self.publicationAfterRetirement = publicationAfterRetirement
        self.rotationInterval = rotationInterval
        self.reloadInterval = reloadInterval
        self.clock = clock
        self.logger = logger
    }

    /// Loads the keyring, creating or adopting the active key as needed. Call once
    /// before signing.
    public func load() async throws {
        let now = clock.now()
        let secret = secretKey.map { SigningKeyMaterial(key: $0, createdAt: now, storePrivateKey: false) }
        let publication = publicationAfterRetirement
        try await apply(at: now) { stored in Self.prepared(stored, secret: secret, at: now, publication: publication) }
    }

    /// Reads the keys from the store again (another replica may have rotated them).
    public func reload() async throws {
        let now = clock.now()
        let before = generation
        let stored = try await store.load()
        guard generation == before else { return }
        try await adopt(stored, at: now)
    }

    /// The key that signs now, rotating it first when it is older than the rotation interval.
    public func signer() async throws -> (kid: String, keys: JWTKeyCollection) {
        await reloadIfStale()
        if let rotationInterval, secretKey == nil, let active, Self.age(of: active, at: clock.now()) >= rotationInterval.timeInterval {
            let now = clock.now()
            let publication = publicationAfterRetirement
            try await apply(at: now) { stored in
                // Another replica may have replaced it already: rotate only a key still too old.
                guard let current = Self.active(in: stored), Self.age(of: current, at: now) >= rotationInterval.timeInterval else {
                    return SigningKeyUpdate(keys: stored, reason: nil)
                }
                return Self.rotated(stored, at: now, reason: "rotation interval reached", publication: publication)
            }
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
        let now = clock.now()
        let publication = publicationAfterRetirement
        try await apply(at: now) { stored in Self.rotated(stored, at: now, reason: "requested", publication: publication) }
        return publishedKeys()
    }

    /// The public keys that verify tokens now: the active key and retired keys whose
    /// tokens may still be valid (a shared keyring is read again first when this copy is
    /// older than the reload interval).
    public func published() async -> SigningKeys {
        await reloadIfStale()
        return publishedKeys()
    }

    /// The kid of the active key.
    public var activeKeyID: String? { active?.kid }

    private var active: SigningKeyMaterial? { Self.active(in: keys) }

    private func publishedKeys() -> SigningKeys {
        let now = clock.now()
        var result = SigningKeys()
        for key in keys where Self.isPublished(key, at: now, publication: publicationAfterRetirement) {
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

    /// Reads a shared keyring again when this copy is older than the reload interval.
    /// A failed read keeps the keys this replica has (they stay valid), and is retried
    /// at the next use.
    private func reloadIfStale() async {
        guard let reloadInterval, let loadedAt, clock.now().timeIntervalSince(loadedAt) >= reloadInterval.timeInterval else { return }
        do {
            try await reload()
        } catch {
            logger.warning("cannot read the signing keys again; using the ones loaded before", metadata: ["error": "\(error)"])
        }
    }

    /// Changes the stored keys with `change` and adopts the result.
    private func apply(at now: Date, _ change: @escaping @Sendable ([SigningKeyMaterial]) throws -> SigningKeyUpdate) async throws {
        let update = try await store.update(change)
        if let reason = update.reason, let active = Self.active(in: update.keys) {
            logger.info("new signing key", metadata: ["kid": "\(active.kid)", "reason": "\(reason)"])
        }
        try await adopt(update.keys, at: now)
    }

    /// Makes `stored` this replica's keys, with the active key as the signer — unless a
    /// newer adoption started meanwhile (the actor is reentrant across the await).
    private func adopt(_ stored: [SigningKeyMaterial], at now: Date) async throws {
        generation += 1
        let mine = generation
        let collection = JWTKeyCollection()
        if let active = Self.active(in: stored) {
            await collection.add(eddsa: EdDSA.PrivateKey(backing: try privateKey(of: active)), kid: JWKIdentifier(string: active.kid))
        }
        guard generation == mine else { return }
        keys = stored.filter { Self.isPublished($0, at: now, publication: publicationAfterRetirement) }
        signers = collection
        loadedAt = now
    }

    /// The active key's private half: from the secret, or from the store.
    private func privateKey(of key: SigningKeyMaterial) throws -> Curve25519.Signing.PrivateKey {
        if key.fromSecret {
            guard let secretKey, SigningKeyMaterial.thumbprint(ofPublicKey: secretKey.publicKey.rawRepresentation.base64URLEncodedString()) == key.kid else {
                throw SigningKeyringError("the active signing key \(key.kid) comes from a secret that this process is not configured with")
            }
            return secretKey
        }
        guard let stored = key.privateKey.flatMap({ Data(base64URLEncoded: $0) }) else {
            throw SigningKeyringError("the active signing key has no private key")
        }
        return try Curve25519.Signing.PrivateKey(rawRepresentation: stored)
    }

    // MARK: - Changes (pure: they run inside the store's lock, possibly more than once)

    /// The keys to start with: the configured secret's key active, or else a stored key
    /// with its private half, or else a new key.
    static func prepared(
        _ stored: [SigningKeyMaterial], secret: SigningKeyMaterial?, at now: Date, publication: Duration
    ) -> SigningKeyUpdate {
        if let secret {
            guard active(in: stored)?.kid != secret.kid else { return pruned(stored, at: now, reason: nil, publication: publication) }
            var keys = retiringActive(stored, at: now)
            keys.removeAll { $0.kid == secret.kid }
            keys.append(secret)
            return pruned(keys, at: now, reason: "the configured secret", publication: publication)
        }
        guard let current = active(in: stored) else {
            return rotated(stored, at: now, reason: "first start", publication: publication)
        }
        guard current.privateKey != nil else {
            return rotated(stored, at: now, reason: "configured secret key removed", publication: publication)
        }
        return pruned(stored, at: now, reason: nil, publication: publication)
    }

    /// `stored` with its active key retired and a new key active.
    static func rotated(_ stored: [SigningKeyMaterial], at now: Date, reason: String, publication: Duration) -> SigningKeyUpdate {
        var keys = retiringActive(stored, at: now)
        keys.append(SigningKeyMaterial(key: Curve25519.Signing.PrivateKey(), createdAt: now, storePrivateKey: true))
        return pruned(keys, at: now, reason: reason, publication: publication)
    }

    private static func retiringActive(_ stored: [SigningKeyMaterial], at now: Date) -> [SigningKeyMaterial] {
        stored.map { key in
            guard key.retiredAtMs == nil else { return key }
            var retired = key
            retired.retiredAtMs = now.unixMilliseconds
            // A retired key only verifies; its private half is no longer needed.
            retired.privateKey = nil
            return retired
        }
    }

    /// Leaves out the retired keys that are no longer published.
    private static func pruned(_ keys: [SigningKeyMaterial], at now: Date, reason: String?, publication: Duration) -> SigningKeyUpdate {
        SigningKeyUpdate(keys: keys.filter { isPublished($0, at: now, publication: publication) }, reason: reason)
    }

    static func active(in keys: [SigningKeyMaterial]) -> SigningKeyMaterial? { keys.last { $0.retiredAtMs == nil } }

    private static func age(of key: SigningKeyMaterial, at now: Date) -> TimeInterval {
        now.timeIntervalSince(Date(unixMilliseconds: key.createdAtMs))
    }

    private static func isPublished(_ key: SigningKeyMaterial, at now: Date, publication: Duration) -> Bool {
        guard let retired = key.retiredAtMs else { return true }
        return now.timeIntervalSince(Date(unixMilliseconds: retired)) < publication.timeInterval
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
