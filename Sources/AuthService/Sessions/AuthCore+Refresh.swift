import CEOServiceKit
public import CEOAPI
import CEORPC
import CEOStorage
import Foundation

extension AuthCore {
    /// Exchanges a refresh token for a new pair. The presented token is spent;
    /// presenting a spent token again revokes its whole family (the token was
    /// stolen, or the client is broken) and is audited.
    public func refresh(_ request: RefreshRequest) async throws -> TokenPair {
        let presented = try Self.refreshTokenHash(request.refreshToken)
        let now = clock.now()
        let lifetime = configuration.longestAccessTokenLifetime
        let next = NewRefreshToken(now: now, lifetime: configuration.refreshTokenLifetime)
        let outcome: RefreshOutcome = try await database.write { db in
            guard let familyID = try String.fetchOne(
                db, sql: "SELECT family_id FROM refresh_tokens WHERE token_hash = ?", arguments: [presented]
            ) else { return .refused(.unknownRefreshToken) }
            // One refresh of a family at a time across replicas: the token is read (and
            // found unused) only by the one that then spends it; any other sees it spent.
            try db.lock("refresh-family:" + familyID)
            guard let token = try RefreshTokenRecord.fetch(db, hash: presented),
                  let family = try RefreshFamilyRecord.fetch(db, id: token.familyId),
                  let user = try UserRecord.fetch(db, id: family.userId)
            else { return .refused(.unknownRefreshToken) }
            if let reason = family.revokeReason, family.revokedAtMs != nil {
                return .refused(.sessionRevoked(reason: reason))
            }
            if token.usedAtMs != nil {
                try RefreshFamilyRecord.revoke(db, id: family.id, at: now.unixMilliseconds, reason: "refresh token reused")
                try TokenRevocations.revokeSession(family.id, in: db, at: now, lifetime: lifetime)
                try AuditLog.record(
                    .refreshReused, in: db, at: now, userID: user.id, clientIP: request.clientIp,
                    details: ["session": family.id, "user_agent": String(request.userAgent.prefix(200))]
                )
                return .refused(.refreshTokenReused)
            }
            if token.expiresAtMs <= now.unixMilliseconds {
                return .refused(.refreshTokenExpired)
            }
            if user.disabled {
                try RefreshFamilyRecord.revoke(db, id: family.id, at: now.unixMilliseconds, reason: "user disabled")
                return .refused(.accountDisabled)
            }
            try RefreshTokenRecord.markUsed(db, hash: token.tokenHash, at: now.unixMilliseconds)
            try next.record(family: family.id).insert(db)
            return .rotated(user, session: family.id)
        }
        switch outcome {
        case .refused(let error): throw error
        case .rotated(let user, let session): return try await tokenPair(for: user, session: session, refresh: next)
        }
    }

    /// Revokes the session (family) of the refresh token, and with it the session's access
    /// tokens for every service (through the revocation list). Logging out of a session
    /// that is already revoked succeeds.
    public func logout(_ request: LogoutRequest) async throws -> LogoutResponse {
        let presented = try Self.refreshTokenHash(request.refreshToken)
        let now = clock.now()
        let lifetime = configuration.longestAccessTokenLifetime
        try await database.write { db in
            guard let token = try RefreshTokenRecord.fetch(db, hash: presented) else { throw SignInError.unknownRefreshToken }
            try db.lock("refresh-family:" + token.familyId)
            guard let family = try RefreshFamilyRecord.fetch(db, id: token.familyId) else { throw SignInError.unknownRefreshToken }
            guard family.revokedAtMs == nil else { return }
            try RefreshFamilyRecord.revoke(db, id: family.id, at: now.unixMilliseconds, reason: "logged out")
            try TokenRevocations.revokeSession(family.id, in: db, at: now, lifetime: lifetime)
            try AuditLog.record(.logout, in: db, at: now, userID: family.userId, details: ["session": family.id])
        }
        return LogoutResponse()
    }

    private enum RefreshOutcome: Sendable {
        case rotated(UserRecord, session: String)
        /// Refused, after committing what the refusal changed (a revoked family).
        case refused(SignInError)
    }

    private static func refreshTokenHash(_ token: String) throws -> String {
        guard token.hasPrefix(NewRefreshToken.prefix), token.count == NewRefreshToken.prefix.count + 43 else {
            throw SignInError.notARefreshToken(expectedPrefix: NewRefreshToken.prefix)
        }
        return SecureRandom.digest(of: token)
    }
}
