import CEOAPI
public import CEORPC
public import Foundation
import JWTKit
public import Logging

/// Verifies access tokens with the published public keys, which it caches.
///
/// Keys are fetched from a ``SigningKeySource`` on first use, when the cache is older
/// than ``Configuration/cacheLifetime``, and when a token names a key id the cache does
/// not know — but never more often than ``Configuration/minimumRefreshInterval``, so a
/// flood of tokens with made-up key ids cannot turn into a flood of key fetches.
///
/// With a ``RevocationSource``, a verified token is also checked against AuthService's
/// list of revoked tokens (ended sessions, users whose tokens were revoked), which is
/// fetched again in the background once it is older than
/// ``Configuration/revocationRefreshInterval``; ``refreshRevocations()`` fetches it now
/// (the edge does after a logout it served, so that the token stops there at once).
///
/// A token verified once is remembered, keyed by the token, until it expires (at most
/// ``Configuration/verifiedTokenCacheCapacity`` tokens): checking it again is a
/// dictionary lookup and the revocation check, without the actor, the JSON decoding
/// or the signature. The cache is emptied when the published keys change and when the
/// revocation list changes, and by ``forgetVerifiedTokens()``; while the keys are older
/// than ``Configuration/cacheLifetime`` every token is verified in full (which fetches
/// them again).
public actor AccessTokenVerifier {
    public struct Configuration: Sendable {
        /// The `iss` tokens must carry.
        public var issuer: String
        /// The `aud` tokens must include.
        public var audience: String
        /// The only accepted `alg`.
        public var algorithm: String
        /// How long fetched keys are trusted before they are fetched again.
        public var cacheLifetime: Duration
        /// The least time between two key fetches.
        public var minimumRefreshInterval: Duration
        /// Tolerated clock difference between services for `exp` and `nbf`.
        public var leeway: Duration
        /// How old the revocation list may grow before it is fetched again.
        public var revocationRefreshInterval: Duration
        /// The most verified tokens remembered at once (0: none, every token is verified in full).
        public var verifiedTokenCacheCapacity: Int

        public init(
            issuer: String = AccessTokenDefaults.issuer,
            audience: String = AccessTokenDefaults.audience,
            algorithm: String = AccessTokenDefaults.algorithm,
            cacheLifetime: Duration = .seconds(300),
            minimumRefreshInterval: Duration = .seconds(10),
            leeway: Duration = .seconds(5),
            revocationRefreshInterval: Duration = .seconds(2),
            verifiedTokenCacheCapacity: Int = 10_000
        ) {
            self.issuer = issuer
            self.audience = audience
            self.algorithm = algorithm
            self.cacheLifetime = cacheLifetime
            self.minimumRefreshInterval = minimumRefreshInterval
            self.leeway = leeway
            self.revocationRefreshInterval = revocationRefreshInterval
            self.verifiedTokenCacheCapacity = verifiedTokenCacheCapacity
        }
    }

    private let source: any SigningKeySource
    private let revocationSource: (any RevocationSource)?
    private let cache: VerifiedTokenCache
    private var revocationFetching: Task<Void, any Error>?
    /// How many times the revocation list was fetched (for tests).
    public private(set) var revocationFetchCount = 0
    private let configuration: Configuration
    /// ``Configuration/cacheLifetime`` and ``Configuration/revocationRefreshInterval`` in
    /// seconds, converted once rather than at every lookup.
    private let keyLifetimeSeconds: TimeInterval
    private let revocationIntervalSeconds: TimeInterval
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var keys = JWTKeyCollection()
    private var knownKeyIDs: Set<String> = []
    private var lastFetch: Date?
    private var fetching: Task<Void, any Error>?
    /// How many times keys were fetched (for tests and metrics).
    public private(set) var fetchCount = 0

    /// A verifier of keys from `source`; revocations come from `revocations`, or from
    /// `source` when it is also a ``RevocationSource`` (as AuthService's RPC client is).
    public init(
        source: any SigningKeySource,
        revocations: (any RevocationSource)? = nil,
        configuration: Configuration = Configuration(),
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "access-token-verifier")
    ) {
        self.source = source
        self.revocationSource = revocations ?? (source as? any RevocationSource)
        self.configuration = configuration
        keyLifetimeSeconds = Self.seconds(configuration.cacheLifetime)
        revocationIntervalSeconds = Self.seconds(configuration.revocationRefreshInterval)
        self.now = now
        self.logger = logger
        self.cache = VerifiedTokenCache(capacity: configuration.verifiedTokenCacheCapacity)
    }

    /// The principal of a valid token; ``AccessTokenRejection`` otherwise. A token verified
    /// before is answered from the cache, checked against the current revocation list.
    public nonisolated func verify(_ token: String) async throws(AccessTokenRejection) -> AuthPrincipal {
        let now = now()
        switch try lookUp(token, now: now) {
        case .verified(let principal):
            return principal
        case .unknown(let generation):
            let (principal, claims) = try await verifyInFull(token)
            let leeway = Self.seconds(configuration.leeway)
            cache.insert(
                token,
                VerifiedTokenCache.Entry(
                    principal: principal, sessionID: claims.sessionID, issuedAt: claims.issuedAt.value,
                    validUntil: claims.expiration.value.addingTimeInterval(leeway)
                ),
                generation: generation, now: now
            )
            return principal
        }
    }

    /// The principal of a token verified before and still valid (checked against the
    /// current revocation list, as ``verify(_:)`` would), without suspending; nil when the
    /// token is not remembered, so that only ``verify(_:)`` can answer. Callers on a hot
    /// path try this first and fall back to ``verify(_:)``.
    public nonisolated func rememberedPrincipal(of token: String) throws(AccessTokenRejection) -> AuthPrincipal? {
        guard case .verified(let principal) = try lookUp(token, now: now()) else { return nil }
        return principal
    }

    /// What the cache knows of a token.
    private enum Remembered {
        case verified(AuthPrincipal)
        /// Verify in full; cache the result while the cache is still at `generation`.
        case unknown(generation: UInt64)
    }

    /// Looks `token` up in the cache: a hit (starting a background refresh of the
    /// revocation list when it is due), a miss, or a rejection when it was revoked.
    private nonisolated func lookUp(_ token: String, now: Date) throws(AccessTokenRejection) -> Remembered {
        switch cache.lookup(token, now: now, keyLifetime: keyLifetimeSeconds, revocationInterval: revocationIntervalSeconds) {
        case .hit(let principal, let refreshRevocations):
            if refreshRevocations { Task { await self.refreshRevocationsInBackground() } }
            return .verified(principal)
        case .revoked(let reason):
            throw AccessTokenRejection(.revoked, reason)
        case .miss(let generation):
            return .unknown(generation: generation)
        }
    }

    /// How many verified tokens are remembered now.
    public nonisolated var verifiedTokenCount: Int { cache.count }

    /// Forgets every verified token: the next presentation of each is verified in full.
    public nonisolated func forgetVerifiedTokens() { cache.forgetAll() }

    /// Decodes the token, checks its signature with the published keys, its claims and
    /// the revocation list.
    private func verifyInFull(_ token: String) async throws(AccessTokenRejection) -> (AuthPrincipal, AccessTokenClaims) {
        let header = try Self.header(of: token)
        guard header.alg == configuration.algorithm else {
            throw AccessTokenRejection(.algorithmNotAccepted, "algorithm '\(header.alg ?? "none")' is not accepted; tokens are signed with \(configuration.algorithm)")
        }
        guard let kid = header.kid, !kid.isEmpty else {
            throw AccessTokenRejection(.unknownKey, "the token names no key id ('kid')")
        }
        try await refreshIfNeeded(for: kid)
        guard knownKeyIDs.contains(kid) else {
            throw AccessTokenRejection(.unknownKey, "unknown key id '\(kid)'")
        }
        let claims: AccessTokenClaims
        do {
            claims = try await keys.verify(token, as: AccessTokenClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw AccessTokenRejection(.badSignature, "the signature does not verify")
        } catch {
            throw AccessTokenRejection(.malformed, "the token cannot be read: \(error)")
        }
        let principal = try principal(from: claims)
        try await requireNotRevoked(claims)
        return (principal, claims)
    }

    /// Refuses a token that the revocation list names. The list is refreshed in the
    /// background when stale; only the very first fetch is waited for.
    private func requireNotRevoked(_ claims: AccessTokenClaims) async throws(AccessTokenRejection) {
        guard revocationSource != nil else { return }
        let now = now()
        if cache.revocationsFetchedAt == nil {
            try? await refreshRevocations()
        } else if let last = cache.revocationsFetchedAt, revocationFetching == nil,
                  now.timeIntervalSince(last) >= Self.seconds(configuration.revocationRefreshInterval) {
            startRevocationFetch()
        }
        if let reason = cache.revoked.reason(userID: claims.subject.value, sessionID: claims.sessionID, issuedAt: claims.issuedAt.value, now: now) {
            throw AccessTokenRejection(.revoked, reason)
        }
    }

    /// Fetches the revocation list now: the list afterwards holds every revocation
    /// committed before the call. A fetch already under way may have read the list
    /// before that, so it is waited for and a new one made (concurrent callers share it).
    public func refreshRevocations() async throws {
        if let earlier = revocationFetching {
            _ = try? await earlier.value
            // Another caller started a fetch after this call began: it is recent enough.
            if let later = revocationFetching { return try await later.value }
        }
        try await startRevocationFetch().value
    }

    /// Starts fetching the revocation list unless a fetch is under way (a cache hit asks
    /// for this when the list is older than its refresh interval).
    private func refreshRevocationsInBackground() {
        // A fetch under way clears the cache's mark when it ends.
        if revocationFetching == nil { startRevocationFetch() }
    }

    @discardableResult
    private func startRevocationFetch() -> Task<Void, any Error> {
        cache.revocationFetchStarted(at: now())
        let task = Task { try await self.fetchRevocations() }
        revocationFetching = task
        return task
    }

    private nonisolated static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// How many revocations the verifier holds.
    public var revocationCount: Int { cache.revoked.count }

    private func fetchRevocations() async throws {
        defer { revocationFetching = nil }
        guard let revocationSource else { return cache.revocationFetchEnded(with: nil) }
        do {
            let list = try await revocationSource.revocations()
            cache.revocationFetchEnded(with: RevokedTokens(list))
            revocationFetchCount += 1
        } catch {
            cache.revocationFetchEnded(with: nil)
            logger.warning("cannot fetch the revocation list; keeping the last one", metadata: ["error": "\(error)"])
            throw error
        }
    }

    /// The principal of the bearer token in a call's metadata; UNAUTHENTICATED otherwise.
    public func principal(from metadata: RPCMetadata) async throws -> AuthPrincipal {
        let token = try BearerCredentials.token(in: metadata)
        do {
            return try await verify(token)
        } catch {
            throw error.rpcError
        }
    }

    private func principal(from claims: AccessTokenClaims) throws(AccessTokenRejection) -> AuthPrincipal {
        let now = now()
        let leeway = TimeInterval(configuration.leeway.components.seconds)
        guard claims.issuer.value == configuration.issuer else {
            throw AccessTokenRejection(.wrongIssuer, "issuer '\(claims.issuer.value)' is not '\(configuration.issuer)'")
        }
        guard claims.audience.value.contains(configuration.audience) else {
            throw AccessTokenRejection(.wrongAudience, "the token is not meant for '\(configuration.audience)'")
        }
        guard claims.expiration.value.timeIntervalSince(now) > -leeway else {
            throw AccessTokenRejection(.expired, "the token expired at \(claims.expiration.value.formatted(.iso8601))")
        }
        guard claims.notBefore.value.timeIntervalSince(now) <= leeway else {
            throw AccessTokenRejection(.notYetValid, "the token is not valid before \(claims.notBefore.value.formatted(.iso8601))")
        }
        guard let role = Role(tokenName: claims.role) else {
            throw AccessTokenRejection(.malformed, "unknown role '\(claims.role)'")
        }
        return AuthPrincipal(
            userID: claims.subject.value, role: role, scopes: Set(claims.scopes), apiKeyID: claims.apiKeyID,
            tokenID: claims.tokenID.value, expiresAt: claims.expiration.value
        )
    }

    /// Fetches keys when there are none, when they are stale, or when `kid` is unknown
    /// and the last fetch is older than the refresh floor.
    private func refreshIfNeeded(for kid: String) async throws(AccessTokenRejection) {
        // A fetch already under way may bring this key: wait for it rather than refuse
        // the token because the refresh floor forbids a second fetch.
        if let fetching, !knownKeyIDs.contains(kid) { _ = try? await fetching.value }
        let now = now()
        let age = lastFetch.map { now.timeIntervalSince($0) }
        let stale = age.map { $0 >= Double(configuration.cacheLifetime.components.seconds) } ?? true
        let mayRefetch = age.map { $0 >= Double(configuration.minimumRefreshInterval.components.seconds) } ?? true
        guard stale || (!knownKeyIDs.contains(kid) && mayRefetch) else { return }
        do {
            try await refresh()
        } catch {
            // Keep serving with the keys we have; only fail when we have none for this kid.
            logger.warning("cannot fetch signing keys", metadata: ["error": "\(error)"])
            if !knownKeyIDs.contains(kid) {
                throw AccessTokenRejection(.keysUnavailable, "the signing keys cannot be fetched: \(error)")
            }
        }
    }

    /// Fetches the keys now (one fetch at a time; concurrent callers share it).
    public func refresh() async throws {
        if let fetching {
            return try await fetching.value
        }
        let task = Task { try await self.fetchKeys() }
        fetching = task
        defer { fetching = nil }
        try await task.value
    }

    private func fetchKeys() async throws {
        lastFetch = now()
        fetchCount += 1
        let published = try await source.signingKeys()
        let collection = JWTKeyCollection()
        var ids: Set<String> = []
        for key in published.keys where key.algorithm == configuration.algorithm {
            let jwk = try JSONDecoder().decode(JWK.self, from: Data(key.jwkJson.utf8))
            try await collection.add(jwk: jwk)
            ids.insert(key.keyID)
        }
        keys = collection
        knownKeyIDs = ids
        cache.keysFetched(ids, at: now())
    }

    private struct Header: Decodable {
        var alg: String?
        var kid: String?
    }

    private static func header(of token: String) throws(AccessTokenRejection) -> Header {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Data(base64URLEncoded: parts[0]),
              let header = try? JSONDecoder().decode(Header.self, from: data)
        else {
            throw AccessTokenRejection(.malformed, "not a JWT (expected header.payload.signature)")
        }
        return header
    }
}

/// Defaults shared by the token issuer and verifiers.
public enum AccessTokenDefaults {
    public static let issuer = "ceo-auth"
    public static let audience = "ceo"
    public static let algorithm = "EdDSA"
}

extension Data {
    /// Decodes unpadded base64url (RFC 4648 §5).
    public init?(base64URLEncoded text: some StringProtocol) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }

    /// Unpadded base64url (RFC 4648 §5).
    public func base64URLEncodedString() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
