public import CEOAPI
public import CEOAuthTokens
import CEOServiceKit
import CEOStorage
import Foundation

extension AuthCore {
    /// The revocations of access tokens that have not expired yet (see `GetRevocations`).
    public func revocations() async throws -> Revocations {
        let now = clock.now()
        let rows = try await database.read { db in
            try SQLRow.fetchAll(
                db, sql: "SELECT * FROM token_revocations WHERE expires_at_ms > ? ORDER BY revoked_at_ms", arguments: [now.unixMilliseconds]
            ).map(TokenRevocationRecord.init(row:))
        }
        var list = Revocations()
        list.asOfUnixMs = now.unixMilliseconds
        list.revocations = rows.map { row in
            var revocation = Revocation()
            revocation.kind = row.kind
            revocation.id = row.id
            revocation.revokedAtUnixMs = row.revokedAtMs
            revocation.expiresAtUnixMs = row.expiresAtMs
            return revocation
        }
        return list
    }

    /// Ends every session of a user (ASVS 7.4.3): the acting user's own, or — for an
    /// admin — anyone's. Their refresh tokens stop and their access tokens issued until
    /// now are revoked for every service.
    public func revokeSessions(_ request: RevokeSessionsRequest, by principal: AuthPrincipal) async throws -> RevokeSessionsResponse {
        let actor = try await activeUser(principal)
        let target = request.userID.isEmpty ? actor.id : request.userID
        if target != actor.id { _ = try await requireActiveAdmin(principal) }
        let now = clock.now()
        let lifetime = configuration.longestAccessTokenLifetime
        let revoked = try await database.write { db in
            guard try UserRecord.fetch(db, id: target) != nil else { throw AccountError.noSuchUser(id: target) }
            let revoked = try RefreshFamilyRecord.revokeAll(db, userID: target, at: now.unixMilliseconds, reason: "signed out everywhere")
            try TokenRevocations.revokeUser(target, in: db, at: now, lifetime: lifetime)
            try AuditLog.record(
                .sessionsRevoked, in: db, at: now, userID: target, actorUserID: actor.id,
                details: ["sessions_revoked": String(revoked)]
            )
            return revoked
        }
        var response = RevokeSessionsResponse()
        response.revokedSessions = Int32(clamping: revoked)
        return response
    }
}

/// Writes revocations in the caller's transaction, so a revocation and the change that
/// caused it (a logout, a disabled user) commit together.
enum TokenRevocations {
    /// How long after a token's `exp` a verifier may still accept it (its leeway), and so
    /// how much longer than the token lifetime an entry is kept.
    static let verifierLeeway: TimeInterval = 10

    /// Revokes the access tokens of one session (a refresh-token family).
    static func revokeSession(_ session: String, in db: any SQLConnection, at now: Date, lifetime: Duration) throws {
        try purgeExpired(in: db, at: now)
        try TokenRevocationRecord(kind: "session", id: session, revokedAtMs: now.unixMilliseconds, expiresAtMs: expiry(now, lifetime))
            .save(db)
    }

    /// Revokes every access token of `user` issued until `now`.
    static func revokeUser(_ user: String, in db: any SQLConnection, at now: Date, lifetime: Duration) throws {
        try purgeExpired(in: db, at: now)
        try TokenRevocationRecord(kind: "user", id: user, revokedAtMs: now.unixMilliseconds, expiresAtMs: expiry(now, lifetime))
            .save(db)
    }

    private static func expiry(_ now: Date, _ lifetime: Duration) -> Int64 {
        now.addingTimeInterval(lifetime.timeInterval + verifierLeeway).unixMilliseconds
    }

    private static func purgeExpired(in db: any SQLConnection, at now: Date) throws {
        try db.execute(sql: "DELETE FROM token_revocations WHERE expires_at_ms <= ?", arguments: [now.unixMilliseconds])
    }
}

/// The revocations read from AuthService's own database (its in-process verifier).
public struct LocalRevocationSource: RevocationSource {
    let core: AuthCore
    public init(core: AuthCore) { self.core = core }
    public func revocations() async throws -> Revocations { try await core.revocations() }
}
