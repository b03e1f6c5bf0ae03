import CEOServiceKit
public import CEOAPI
public import CEOAuthTokens
import CEORPC
import CEOStorage
import Foundation

extension AuthCore {
    /// The acting user, who must still exist and not be disabled.
    public func currentUser(_ principal: AuthPrincipal) async throws -> User {
        try await activeUser(principal).proto
    }

    /// Users, newest first (admins only).
    public func listUsers(_ request: ListUsersRequest, by principal: AuthPrincipal) async throws -> ListUsersResponse {
        try await requireActiveAdmin(principal)
        let page = try PageCursor<CreationCursor>(request.page, decode: CreationCursor.init(token:))
        let after = page.after
        let whereClause = after == nil ? "" : "WHERE created_at_ms < ? OR (created_at_ms = ? AND id < ?)"
        let bound: SQLArguments = after.map { [$0.createdAtMs, $0.createdAtMs, $0.id] } ?? []
        return try await database.read { db in
            let rows = try SQLRow.fetchAll(
                db, sql: "SELECT * FROM users \(whereClause) ORDER BY created_at_ms DESC, id DESC LIMIT \(page.size + 1)", arguments: bound
            ).map(UserRecord.init(row:))
            var response = ListUsersResponse()
            response.users = rows.prefix(page.size).map(\.proto)
            if rows.count > page.size, let last = rows.prefix(page.size).last {
                response.nextPageToken = CreationCursor(createdAtMs: last.createdAtMs, id: last.id).token
            }
            return response
        }
    }

    /// Changes a user's role and/or disables or enables the user (admins only).
    /// Disabling revokes the user's sessions; their API keys stop at once. Disabling and a
    /// role change revoke the user's access tokens issued until now, for every service.
    public func updateUser(_ request: UpdateUserRequest, by principal: AuthPrincipal) async throws -> User {
        let actor = try await requireActiveAdmin(principal)
        var validation = FieldValidation()
        if request.userID.isEmpty { validation.fail("user_id", "is required") }
        if request.hasRole, request.role != .user, request.role != .admin {
            validation.fail("role", "must be ROLE_USER or ROLE_ADMIN")
        }
        if !request.hasRole, !request.hasDisabled { validation.fail("role", "set role and/or disabled; nothing to change") }
        if request.userID == actor.id, (request.hasRole && request.role != .admin) || (request.hasDisabled && request.disabled) {
            validation.fail("user_id", "admins cannot demote or disable themselves (ask another admin)")
        }
        try validation.check("cannot update user")
        let now = clock.now()
        let lifetime = configuration.longestAccessTokenLifetime
        return try await database.write { db in
            // Two admins changing one user at once: one after the other, each seeing the other's change.
            try db.lock("user:" + request.userID)
            guard var user = try UserRecord.fetch(db, id: request.userID) else {
                throw AccountError.noSuchUser(id: request.userID)
            }
            if request.hasRole, user.roleValue != request.role {
                let before = user.role
                user.role = request.role.tokenName
                try AuditLog.record(
                    .roleChanged, in: db, at: now, userID: user.id, actorUserID: actor.id,
                    details: ["from": before, "to": user.role]
                )
                // Tokens carry the role: those issued with the old one must stop.
                try TokenRevocations.revokeUser(user.id, in: db, at: now, lifetime: lifetime)
            }
            if request.hasDisabled, user.disabled != request.disabled {
                user.disabled = request.disabled
                if request.disabled {
                    let revoked = try RefreshFamilyRecord.revokeAll(db, userID: user.id, at: now.unixMilliseconds, reason: "user disabled")
                    try AuditLog.record(
                        .userDisabled, in: db, at: now, userID: user.id, actorUserID: actor.id,
                        details: ["sessions_revoked": String(revoked)]
                    )
                    try TokenRevocations.revokeUser(user.id, in: db, at: now, lifetime: lifetime)
                } else {
                    try AuditLog.record(.userEnabled, in: db, at: now, userID: user.id, actorUserID: actor.id)
                }
            }
            try user.update(db)
            return user.proto
        }
    }

    /// Audit events, newest first (admins only).
    public func listAuditEvents(_ request: ListAuditEventsRequest, by principal: AuthPrincipal) async throws -> ListAuditEventsResponse {
        try await requireActiveAdmin(principal)
        return try await database.read { db in try AuditLog.list(request, in: db) }
    }

    /// Rotates the signing key (admins only).
    public func rotateSigningKey(by principal: AuthPrincipal) async throws -> SigningKeys {
        let actor = try await requireActiveAdmin(principal)
        let keys: SigningKeys
        do {
            keys = try await keyring.rotate()
        } catch let error as SigningKeyringError {
            throw AccountError.rotationRefused(error)
        }
        let now = clock.now()
        let active = await keyring.activeKeyID ?? ""
        try await database.write { db in
            try AuditLog.record(.signingKeyRotated, in: db, at: now, actorUserID: actor.id, details: ["kid": active])
        }
        return keys
    }

    /// The acting user's row; PERMISSION_DENIED when disabled, UNAUTHENTICATED when gone.
    func activeUser(_ principal: AuthPrincipal) async throws -> UserRecord {
        let user = try await database.read { db in try UserRecord.fetch(db, id: principal.userID) }
        guard let user else { throw AccountError.userGone }
        guard !user.disabled else { throw AccountError.accountDisabled }
        return user
    }

    /// An admin by token and, still, by the database (a token can be 15 minutes old).
    @discardableResult
    func requireActiveAdmin(_ principal: AuthPrincipal) async throws -> UserRecord {
        try principal.requireAdmin()
        let user = try await activeUser(principal)
        guard user.roleValue == .admin else { throw AccountError.adminsOnly }
        return user
    }
}
