import CEOServiceKit
public import CEOAPI
public import CEOAuthTokens
import CEORPC
import Foundation
import GRDB

extension AuthCore {
    /// The acting user, who must still exist and not be disabled.
    public func currentUser(_ principal: AuthPrincipal) async throws -> User {
        try await activeUser(principal).proto
    }

    /// Users, newest first (admins only).
    public func listUsers(_ request: ListUsersRequest, by principal: AuthPrincipal) async throws -> ListUsersResponse {
        try await requireActiveAdmin(principal)
        let page = try PageCursor<CreationCursor>(request.page, decode: CreationCursor.init(token:))
        return try await database.pool.read { db in
            var query = UserRecord.all()
            if let after = page.after {
                query = query.filter(
                    Column("created_at_ms") < after.createdAtMs
                        || (Column("created_at_ms") == after.createdAtMs && Column("id") < after.id)
                )
            }
            let rows = try query.order(Column("created_at_ms").desc, Column("id").desc).limit(page.size + 1).fetchAll(db)
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
        return try await database.pool.write { db in
            guard var user = try UserRecord.fetchOne(db, key: request.userID) else {
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
                    let revoked = try RefreshFamilyRecord
                        .filter(Column("user_id") == user.id && Column("revoked_at_ms") == nil)
                        .updateAll(db, Column("revoked_at_ms").set(to: now.unixMilliseconds), Column("revoke_reason").set(to: "user disabled"))
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
        return try await database.pool.read { db in try AuditLog.list(request, in: db) }
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
        try await database.pool.write { db in
            try AuditLog.record(.signingKeyRotated, in: db, at: now, actorUserID: actor.id, details: ["kid": active])
        }
        return keys
    }

    /// The acting user's row; PERMISSION_DENIED when disabled, UNAUTHENTICATED when gone.
    func activeUser(_ principal: AuthPrincipal) async throws -> UserRecord {
        let user = try await database.pool.read { db in try UserRecord.fetchOne(db, key: principal.userID) }
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
