import Foundation
import Synchronization

/// What an ``AccessTokenVerifier`` needs to accept a token it has verified before
/// without decoding it or checking its signature again: the principals of verified
/// tokens, keyed by the token, each until the token expires; the revocation list, which
/// every hit is checked against; and when the keys and the list were last fetched.
///
/// Bounded by `capacity` tokens. Emptied when the published signing keys change (a
/// rotation), when the revocation list changes (a logout, a disabled user, sessions
/// ended) and on ``forgetAll()`` (the edge calls it when an API key is revoked). A
/// token refused once is never cached.
final class VerifiedTokenCache: Sendable {
    /// A verified token: the principal it proves and the claims a revocation may name.
    struct Entry: Sendable {
        var principal: AuthPrincipal
        var sessionID: String?
        var issuedAt: Date
        /// The token's expiry plus the verifier's leeway: until then it is accepted.
        var validUntil: Date
    }

    /// The answer to a lookup.
    enum Lookup: Sendable {
        /// Verified before and still valid; `refreshRevocations` when the revocation list
        /// is older than its refresh interval and no refresh is under way (the caller
        /// starts one in the background).
        case hit(AuthPrincipal, refreshRevocations: Bool)
        /// Verified before, revoked since.
        case revoked(String)
        /// Not cached, expired, or the keys are due for a refetch: verify in full. An entry
        /// is added only while the cache is still at `generation` (so that a verification
        /// that began before a rotation cannot cache its result after it).
        case miss(generation: UInt64)
    }

    /// A token as a dictionary key: hashed by its length and last 32 bytes (the end of
    /// its signature, which differs between any two tokens) rather than all of its several
    /// hundred, compared in full. Only verified tokens are stored, so nobody can choose
    /// keys that collide.
    struct TokenKey: Hashable, Sendable {
        let token: String

        init(_ token: String) { self.token = token }

        func hash(into hasher: inout Hasher) {
            var token = token
            token.withUTF8 { bytes in
                hasher.combine(bytes.count)
                hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.suffix(32))))
            }
        }

        static func == (lhs: TokenKey, rhs: TokenKey) -> Bool { lhs.token == rhs.token }
    }

    private struct State {
        var entries: [TokenKey: Entry] = [:]
        var revoked = RevokedTokens()
        var revocationsFetchedAt: Date?
        var revocationRefreshUnderWay = false
        var keyIDs: Set<String> = []
        var keysFetchedAt: Date?
        var generation: UInt64 = 0

        mutating func empty() {
            entries.removeAll(keepingCapacity: true)
            generation &+= 1
        }
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) { self.capacity = max(0, capacity) }

    /// How many tokens are cached.
    var count: Int { state.withLock { $0.entries.count } }

    /// Looks `token` up at `now`; keys older than `keyLifetime` make every lookup a miss
    /// until they are fetched again.
    func lookup(_ token: String, now: Date, keyLifetime: TimeInterval, revocationInterval: TimeInterval) -> Lookup {
        state.withLock { state in
            guard let fetched = state.keysFetchedAt, now.timeIntervalSince(fetched) < keyLifetime,
                  let entry = state.entries[TokenKey(token)]
            else { return .miss(generation: state.generation) }
            guard entry.validUntil > now else {
                state.entries[TokenKey(token)] = nil
                return .miss(generation: state.generation)
            }
            if let reason = state.revoked.reason(userID: entry.principal.userID, sessionID: entry.sessionID, issuedAt: entry.issuedAt, now: now) {
                state.entries[TokenKey(token)] = nil
                return .revoked(reason)
            }
            var refresh = false
            if !state.revocationRefreshUnderWay, let fetched = state.revocationsFetchedAt, now.timeIntervalSince(fetched) >= revocationInterval {
                state.revocationRefreshUnderWay = true
                refresh = true
            }
            return .hit(entry.principal, refreshRevocations: refresh)
        }
    }

    /// Caches a verified token, unless the cache has been emptied since `generation`.
    /// When full, expired entries go first; if none has expired, every entry goes.
    func insert(_ token: String, _ entry: Entry, generation: UInt64, now: Date) {
        guard capacity > 0 else { return }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity, state.entries[TokenKey(token)] == nil {
                state.entries = state.entries.filter { $0.value.validUntil > now }
                if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            }
            state.entries[TokenKey(token)] = entry
        }
    }

    /// Drops every cached token.
    func forgetAll() {
        state.withLock { $0.empty() }
    }

    /// Records freshly fetched keys; a set of key ids different from the last fetch's
    /// empties the cache.
    func keysFetched(_ keyIDs: Set<String>, at now: Date) {
        state.withLock { state in
            if state.keyIDs != keyIDs {
                if state.keysFetchedAt != nil { state.empty() }
                state.keyIDs = keyIDs
            }
            state.keysFetchedAt = now
        }
    }

    /// The revocation list the verifier holds now.
    var revoked: RevokedTokens { state.withLock { $0.revoked } }

    /// When the revocation list was last fetched (attempted); nil before the first time.
    var revocationsFetchedAt: Date? { state.withLock { $0.revocationsFetchedAt } }

    /// A revocation fetch starts at `now`.
    func revocationFetchStarted(at now: Date) {
        state.withLock { state in
            state.revocationsFetchedAt = now
            state.revocationRefreshUnderWay = true
        }
    }

    /// A revocation fetch ended: with the list, or without one when it failed (the last
    /// list is kept). A list that differs from the one held empties the cache.
    func revocationFetchEnded(with list: RevokedTokens?) {
        state.withLock { state in
            state.revocationRefreshUnderWay = false
            guard let list, list != state.revoked else { return }
            state.revoked = list
            state.empty()
        }
    }
}
