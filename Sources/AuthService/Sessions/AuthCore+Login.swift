import CEOServiceKit
public import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOStorage
import Foundation

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
        let (lockout, account) = try await database.read { db in
            let lockout = try LoginLockoutRecord.fetch(db, email: email.value)
            let user = try UserRecord.fetch(db, email: email.value)
            let credential = try user.flatMap { try CredentialRecord.fetch(db, userID: $0.id) }
            return (lockout, user.flatMap { user in credential.map { (user, $0) } })
        }
        if let lockout, lockout.lockedUntilMs > now.unixMilliseconds {
            try await database.write { db in
                try Self.recordLockedOutAttempt(lockout, in: db, userID: account?.0.id, clientIP: ip, at: now)
            }
            throw SignInError.lockedOut(retryAfterSeconds: lockout.secondsLeft(at: now))
        }

        let matches = try await hasher.verify(request.password, against: account?.1.passwordHash ?? decoyPasswordHash)
        guard matches, let (user, credential) = account else {
            try await recordFailedLogin(email: email, userID: account?.0.id, clientIP: ip, at: now)
            throw SignInError.wrongEmailOrPassword
        }
        guard !user.disabled else {
            try await database.write { db in
                try AuditLog.record(.loginRefusedDisabled, in: db, at: now, userID: user.id, clientIP: ip)
            }
            throw SignInError.accountDisabled
        }
        // Parameters raised since this hash was made: store a stronger one now that we have the password.
        let upgradedHash = hasher.needsRehash(credential.passwordHash) ? try await hasher.hash(request.password) : nil

        let refresh = NewRefreshToken(now: now, lifetime: configuration.refreshTokenLifetime)
        let outcome: LoginOutcome = try await database.write { db in
            // The lockout is checked again under the email's lock: a failure on another
            // replica may have started one while the password was being checked.
            try db.lock("login:" + email.value)
            if let lockout = try LoginLockoutRecord.fetch(db, email: email.value), lockout.lockedUntilMs > now.unixMilliseconds {
                try Self.recordLockedOutAttempt(lockout, in: db, userID: user.id, clientIP: ip, at: now)
                return .lockedOut(retryAfterSeconds: lockout.secondsLeft(at: now))
            }
            try db.execute(sql: "UPDATE users SET last_login_at_ms = ? WHERE id = ?", arguments: [now.unixMilliseconds, user.id])
            if let upgradedHash {
                try CredentialRecord(userId: user.id, passwordHash: upgradedHash, updatedAtMs: now.unixMilliseconds).update(db)
            }
            try LoginAttemptRecord(email: email.value, userId: user.id, atMs: now.unixMilliseconds, succeeded: true, clientIp: ip)
                .insert(db)
            try LoginLockoutRecord.delete(db, email: email.value)
            let family = RefreshFamilyRecord(id: SecureRandom.identifier(), userId: user.id, createdAtMs: now.unixMilliseconds)
            try family.insert(db)
            try refresh.record(family: family.id).insert(db)
            try AuditLog.record(
                .loginSucceeded, in: db, at: now, userID: user.id, clientIP: ip,
                details: ["user_agent": String(request.userAgent.prefix(200)), "session": family.id]
            )
            // The row as it is now (its role may have changed since it was read).
            return .signedIn(try UserRecord.fetch(db, id: user.id) ?? user, session: family.id)
        }
        switch outcome {
        case .lockedOut(let seconds): throw SignInError.lockedOut(retryAfterSeconds: seconds)
        case .signedIn(let user, let session): return try await tokenPair(for: user, session: session, refresh: refresh)
        }
    }

    private enum LoginOutcome: Sendable {
        case signedIn(UserRecord, session: String)
        /// Refused, after auditing the attempt.
        case lockedOut(retryAfterSeconds: Int)
    }

    /// Audits an attempt refused because the email is locked out.
    private static func recordLockedOutAttempt(
        _ lockout: LoginLockoutRecord, in db: any SQLConnection, userID: String?, clientIP: String, at now: Date
    ) throws {
        try AuditLog.record(
            .loginRefusedLocked, in: db, at: now, userID: userID, clientIP: clientIP,
            details: ["email": lockout.email, "retry_after_seconds": String(lockout.secondsLeft(at: now))]
        )
    }

    /// Records a failure and starts a lockout at the threshold.
    private func recordFailedLogin(email: EmailAddress, userID: String?, clientIP: String, at now: Date) async throws {
        let configuration = configuration
        try await database.write { db in
            // Failures of one email on several replicas count one after the other, so the
            // one that reaches the threshold sees all the others and starts the lockout.
            try db.lock("login:" + email.value)
            try LoginAttemptRecord(email: email.value, userId: userID, atMs: now.unixMilliseconds, succeeded: false, clientIp: clientIP)
                .insert(db)
            // Failures count inside the window, after the last success and after the end of the last lockout.
            let lastSuccessID = try Int64.fetchOne(
                db, sql: "SELECT MAX(id) FROM login_attempts WHERE email = ? AND succeeded = 1", arguments: [email.value]
            ) ?? 0
            let lastLockoutEnd = try LoginLockoutRecord.fetch(db, email: email.value)?.lockedUntilMs ?? 0
            let since = max(now.unixMilliseconds - Int64(configuration.lockoutWindow.timeInterval * 1000), lastLockoutEnd)
            let failures = try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM login_attempts WHERE email = ? AND succeeded = 0 AND at_ms >= ? AND id > ?",
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
