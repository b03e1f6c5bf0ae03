import CEOServiceKit
public import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOStorage
import Foundation

extension AuthCore {
    /// Creates a user with the role `user`.
    public func register(_ request: RegisterRequest, clientIP: String = "") async throws -> User {
        let email = EmailAddress(normalising: request.email)
        let displayName = request.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        try validateNewAccount(email: email, password: request.password, displayName: displayName)
        let hash = try await hasher.hash(request.password)
        let user = try await createUser(email: email, displayName: displayName, role: .user, passwordHash: hash) { db, user, now in
            try AuditLog.record(.userRegistered, in: db, at: now, userID: user.id, clientIP: clientIP, details: ["email": user.email])
        }
        return user.proto
    }

    /// Makes `email` the deployment's first admin: creates the account (with
    /// `password`) or promotes an existing one. Refused once any admin exists, so it
    /// can never hand out admin by accident.
    public func bootstrapAdmin(email rawEmail: String, password: String) async throws -> User {
        let email = EmailAddress(normalising: rawEmail)
        let existing = try await database.read { db in try UserRecord.fetch(db, email: email.value) }
        if existing == nil {
            try validateNewAccount(email: email, password: password, displayName: "")
        }
        let hash = existing == nil ? try await hasher.hash(password) : nil
        let now = clock.now()
        return try await database.write { db in
            // Replicas bootstrapping together: one makes the admin, the others find it.
            try db.lock("bootstrap-admin")
            try db.lock("email:" + email.value)
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE role = 'admin'") == 0 else {
                throw RPCError(.failedPrecondition, "an admin already exists; admins promote other users with UpdateUser")
            }
            var user: UserRecord
            if var found = try UserRecord.fetch(db, email: email.value) {
                found.role = Role.admin.tokenName
                found.disabled = false
                try found.update(db)
                user = found
            } else if let hash {
                user = Self.newUser(email: email, displayName: "", role: .admin, now: now)
                try user.insert(db)
                try CredentialRecord(userId: user.id, passwordHash: hash, updatedAtMs: now.unixMilliseconds).insert(db)
            } else {
                // The account seen before this transaction is gone: users are never deleted.
                throw RPCError(.aborted, "the account changed during the bootstrap; try again")
            }
            try AuditLog.record(.adminBootstrapped, in: db, at: now, userID: user.id, details: ["email": user.email])
            return user.proto
        }
    }

    private func validateNewAccount(email: EmailAddress, password: String, displayName: String) throws {
        var validation = FieldValidation()
        if let problem = email.problem { validation.fail("email", problem) }
        for problem in configuration.passwordPolicy.violations(of: password, email: email.value) {
            validation.fail("password", problem)
        }
        if displayName.count > 100 { validation.fail("display_name", "must be at most 100 characters") }
        if displayName.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            validation.fail("display_name", "must not contain control characters")
        }
        try validation.check("cannot register")
    }

    private func createUser(
        email: EmailAddress, displayName: String, role: Role, passwordHash: String,
        audit: @escaping @Sendable (any SQLConnection, UserRecord, Date) throws -> Void
    ) async throws -> UserRecord {
        let now = clock.now()
        do {
            return try await database.write { db in
                // Registrations of one email on several replicas: one at a time (the unique
                // index on users.email stands behind this).
                try db.lock("email:" + email.value)
                if try UserRecord.fetch(db, email: email.value) != nil {
                    throw AccountError.emailTaken
                }
                let user = Self.newUser(email: email, displayName: displayName, role: role, now: now)
                try user.insert(db)
                try CredentialRecord(userId: user.id, passwordHash: passwordHash, updatedAtMs: now.unixMilliseconds).insert(db)
                try audit(db, user, now)
                return user
            }
        } catch where SQLErrors.isUniqueViolation(error) {
            // Two registrations of one email raced; the other one won.
            throw AccountError.emailTaken
        }
    }

    private static func newUser(email: EmailAddress, displayName: String, role: Role, now: Date) -> UserRecord {
        let name = displayName.isEmpty ? String(email.value.prefix { $0 != "@" }) : displayName
        return UserRecord(
            id: SecureRandom.identifier(), email: email.value, displayName: name, role: role.tokenName, disabled: false,
            createdAtMs: now.unixMilliseconds, lastLoginAtMs: nil
        )
    }
}
