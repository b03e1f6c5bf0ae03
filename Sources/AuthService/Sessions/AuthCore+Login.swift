import CEOServiceKit
public import CEOAPI
import CEOAuthTokens
import CEORPC
import Foundation
import GRDB

extension AuthCore {
    /// Checks the password and opens a session (a refresh-token family).
    ///
    /// Lockouts are kept per email whether or not an account exists, and an unknown
    /// email costs one password hash like a wrong password, so neither the answer
    /// nor its timing tells whether an email has an account.
    public func login(_ request: LoginRequest) async throws -> TokenPair {
        let email = EmailAddress(normalising: request.email)
        var validation = FieldValidation()
        if email.value.isEmpty { validation.fail("email", "is required") }
        if request.password.isEmpty { validation.fail("password", "is required") }
        try validation.check("cannot log in")
        let ip = request.clientIp

        let now = clock.now()
        let (lockout, account) = try await database.pool.read { db in
            let lockout = try LoginLockoutRecord.fetchOne(db, key: email.value)
            let user = try UserRecord.filter(Column("email") == email.value).fetchOne(db)
            let credential = try user.flatMap { try CredentialRecord.fetchOne(db, key: $0.id) }
            return (lockout, user.flatMap { user in credential.map { (user, $0) } })
        }
        if let lockout, lockout.lockedUntilMs > now.unixMilliseconds {
            let seconds = Int(((Double(lockout.lockedUntilMs - now.unixMilliseconds)) / 1000).rounded(.up))
            try await database.pool.write { db in
                try AuditLog.record(
                    .loginRefusedLocked, in: db, at: now, userID: account?.0.id, clientIP: ip,
                    details: ["email": email.value, "retry_after_seconds": String(seconds)]
                )
            }
            throw SignInError.lockedOut(retryAfterSeconds: seconds)
        }

        let matches = try await hasher.verify(request.password, against: account?.1.passwordHash ?? decoyPasswordHash)
        guard matches, let (user, credential) = account else {
            try await recordFailedLogin(email: email, userID: account?.0.id, clientIP: ip, at: now)
            throw SignInError.wrongEmailOrPassword
        }
        guard !user.disabled else {
            try await database.pool.write { db in
                try AuditLog.record(.loginRefusedDisabled, in: db, at: now, userID: user.id, clientIP: ip)
            }
            throw SignInError.accountDisabled
        }
        // Parameters raised since this hash was made: store a stronger one now that we have the password.
        let upgradedHash = hasher.needsRehash(credential.passwordHash) ? try await hasher.hash(request.password) : nil

        let refresh = NewRefreshToken(now: now, lifetime: configuration.refreshTokenLifetime)
        let signedIn = try await database.pool.write { db in
            var user = user
            user.lastLoginAtMs = now.unixMilliseconds
            try user.update(db)
            if let upgradedHash {
                try CredentialRecord(userId: user.id, passwordHash: upgradedHash, updatedAtMs: now.unixMilliseconds).update(db)
            }
            try LoginAttemptRecord(id: nil, email: email.value, userId: user.id, atMs: now.unixMilliseconds, succeeded: true, clientIp: ip)
                .insert(db)
            try LoginLockoutRecord.deleteOne(db, key: email.value)
            let family = RefreshFamilyRecord(id: SecureRandom.identifier(), userId: user.id, createdAtMs: now.unixMilliseconds)
            try family.insert(db)
            try refresh.record(family: family.id).insert(db)
            try AuditLog.record(
                .loginSucceeded, in: db, at: now, userID: user.id, clientIP: ip,
                details: ["user_agent": String(request.userAgent.prefix(200)), "session": family.id]
            )
            return (user, family.id)
        }
        return try await tokenPair(for: signedIn.0, session: signedIn.1, refresh: refresh)
    }

    /// Records a failure and starts a lockout at the threshold.
    private func recordFailedLogin(email: EmailAddress, userID: String?, clientIP: String, at now: Date) async throws {
        let configuration = configuration
        try await database.pool.write { db in
            try LoginAttemptRecord(id: nil, email: email.value, userId: userID, atMs: now.unixMilliseconds, succeeded: false, clientIp: clientIP)
                .insert(db)
            // Failures count inside the window, after the last success and after the end of the last lockout.
            let lastSuccessID = try Int64.fetchOne(
                db, sql: "SELECT MAX(id) FROM login_attempts WHERE email = ? AND succeeded", arguments: [email.value]
            ) ?? 0
            let lastLockoutEnd = try LoginLockoutRecord.fetchOne(db, key: email.value)?.lockedUntilMs ?? 0
            let since = max(now.unixMilliseconds - Int64(configuration.lockoutWindow.timeInterval * 1000), lastLockoutEnd)
            let failures = try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM login_attempts WHERE email = ? AND NOT succeeded AND at_ms >= ? AND id > ?",
                arguments: [email.value, since, lastSuccessID]
            ) ?? 0
            try AuditLog.record(
                .loginFailed, in: db, at: now, userID: userID, clientIP: clientIP,
                details: ["email": email.value, "recent_failures": String(failures)]
            )
            if failures >= configuration.lockoutThreshold {
                let until = now.addingTimeInterval(configuration.lockoutCooldown.timeInterval)
                try LoginLockoutRecord(email: email.value, lockedUntilMs: until.unixMilliseconds).save(db)
                try AuditLog.record(
                    .loginLockedOut, in: db, at: now, userID: userID, clientIP: clientIP,
                    details: ["email": email.value, "failures": String(failures), "locked_until_ms": String(until.unixMilliseconds)]
                )
            }
        }
    }

    /// An access token of `session` and the given refresh token for `user`.
    func tokenPair(for user: UserRecord, session: String, refresh: NewRefreshToken) async throws -> TokenPair {
        let access = try await issueAccessToken(
            for: user, scopes: AccessScope.granted(to: user.roleValue), session: session, lifetime: configuration.accessTokenLifetime
        )
        var pair = TokenPair()
        pair.accessToken = access.token
        pair.accessExpiresAtUnixMs = access.expiresAt.unixMilliseconds
        pair.refreshToken = refresh.secret
        pair.refreshExpiresAtUnixMs = refresh.expiresAt.unixMilliseconds
        pair.user = user.proto
        return pair
    }
}

/// A freshly generated refresh token: the secret for the client, its hash for the database.
struct NewRefreshToken: Sendable {
    static let prefix = "ceo_rt_"
    let secret: String
    let issuedAt: Date
    let expiresAt: Date

    init(now: Date, lifetime: Duration) {
        secret = Self.prefix + SecureRandom.token()
        issuedAt = now
        expiresAt = now.addingTimeInterval(lifetime.timeInterval)
    }

    func record(family: String) -> RefreshTokenRecord {
        RefreshTokenRecord(
            tokenHash: SecureRandom.digest(of: secret), familyId: family, issuedAtMs: issuedAt.unixMilliseconds,
            expiresAtMs: expiresAt.unixMilliseconds, usedAtMs: nil
        )
    }
}
