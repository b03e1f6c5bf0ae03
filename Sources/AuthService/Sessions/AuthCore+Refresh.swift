import CEOServiceKit
public import CEOAPI
import CEORPC
import Foundation
import GRDB

extension AuthCore {
    /// Exchanges a refresh token for a new pair. The presented token is spent;
    /// presenting a spent token again revokes its whole family (the token was
    /// stolen, or the client is broken) and is audited.
    public func refresh(_ request: RefreshRequest) async throws -> TokenPair {
        let presented = try Self.refreshTokenHash(request.refreshToken)
        let now = clock.now()
        let lifetime = configuration.longestAccessTokenLifetime
        let next = NewRefreshToken(now: now, lifetime: configuration.refreshTokenLifetime)
        let outcome: RefreshOutcome = try await database.pool.write { db in
            guard var token = try RefreshTokenRecord.fetchOne(db, key: presented),
                  var family = try RefreshFamilyRecord.fetchOne(db, key: token.familyId),
                  let user = try UserRecord.fetchOne(db, key: family.userId)
            else { return .refused(.unknownRefreshToken) }
            if let reason = family.revokeReason, family.revokedAtMs != nil {
                return .refused(.sessionRevoked(reason: reason))
            }
            if token.usedAtMs != nil {
                family.revokedAtMs = now.unixMilliseconds
                family.revokeReason = "refresh token reused"
                try family.update(db)
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
                family.revokedAtMs = now.unixMilliseconds
                family.revokeReason = "user disabled"
                try family.update(db)
                return .refused(.accountDisabled)
            }
            token.usedAtMs = now.unixMilliseconds
            try token.update(db)
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
        try await database.pool.write { db in
            guard let token = try RefreshTokenRecord.fetchOne(db, key: presented),
                  var family = try RefreshFamilyRecord.fetchOne(db, key: token.familyId)
            else { throw SignInError.unknownRefreshToken }
            guard family.revokedAtMs == nil else { return }
            family.revokedAtMs = now.unixMilliseconds
            family.revokeReason = "logged out"
            try family.update(db)
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
