import CEOServiceKit
public import CEOAPI
public import CEOAuthTokens
import CEORPC
import CEOStorage
import Foundation

extension AuthCore {
    /// The form of a key: `ceo_` and 43 base64url characters (32 random bytes).
    static let apiKeyPrefix = "ceo_"
    /// How much of a key is shown in listings: `ceo_` and 8 characters.
    static let apiKeyVisibleLength = 12

    /// Creates an API key for the acting user. The whole key is in the answer, once.
    public func createAPIKey(_ request: CreateApiKeyRequest, by principal: AuthPrincipal) async throws -> CreateApiKeyResponse {
        let user = try await keyManager(principal)
        let name = request.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let granted = AccessScope.granted(to: user.roleValue)
        var validation = FieldValidation()
        if name.isEmpty || name.count > 100 { validation.fail("name", "must be 1–100 characters") }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            validation.fail("name", "must not contain control characters")
        }
        if request.scopes.isEmpty {
            validation.fail("scopes", "must name at least one of \(granted.joined(separator: ", "))")
        }
        for scope in request.scopes where !granted.contains(scope) {
            validation.fail(
                "scopes",
                AccessScope.all.contains(scope)
                    ? "'\(scope)' is not granted to the role '\(user.role)'" : "unknown scope '\(scope)'; known: \(AccessScope.all.joined(separator: ", "))"
            )
        }
        if request.expiresInDays < 0 || request.expiresInDays > 365 {
            validation.fail("expires_in_days", "must be 1–365, or 0 for a key that does not expire; got \(request.expiresInDays)")
        }
        try validation.check("cannot create API key")

        let now = clock.now()
        let secret = Self.apiKeyPrefix + SecureRandom.token()
        let record = APIKeyRecord(
            id: SecureRandom.identifier(), userId: user.id, name: name, prefix: String(secret.prefix(Self.apiKeyVisibleLength)),
            secretHash: SecureRandom.digest(of: secret), scopes: Array(Set(request.scopes)).sorted().joined(separator: " "),
            createdAtMs: now.unixMilliseconds,
            expiresAtMs: request.expiresInDays == 0 ? nil : now.addingTimeInterval(Double(request.expiresInDays) * 86_400).unixMilliseconds
        )
        let limit = configuration.maximumAPIKeysPerUser
        try await database.write { db in
            // Keys created at once on several replicas are counted one after the other.
            try db.lock("api-keys:" + user.id)
            let active = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM api_keys WHERE user_id = ? AND revoked_at_ms IS NULL", arguments: [user.id]
            ) ?? 0
            guard active < limit else {
                throw AccountError.apiKeyLimitReached(limit: limit)
            }
            try record.insert(db)
            try AuditLog.record(
                .apiKeyCreated, in: db, at: now, userID: user.id, actorUserID: user.id,
                details: ["api_key_id": record.id, "prefix": record.prefix, "scopes": record.scopes]
            )
        }
        var response = CreateApiKeyResponse()
        response.apiKey = record.proto
        response.secret = secret
        return response
    }

    /// The acting user's keys, newest first, without their secrets.
    public func listAPIKeys(by principal: AuthPrincipal) async throws -> ListApiKeysResponse {
        let user = try await keyManager(principal)
        var response = ListApiKeysResponse()
        response.apiKeys = try await database.read { db in
            try SQLRow.fetchAll(
                db, sql: "SELECT * FROM api_keys WHERE user_id = ? ORDER BY created_at_ms DESC", arguments: [user.id]
            ).map { APIKeyRecord(row: $0).proto }
        }
        return response
    }

    /// Revokes one of the acting user's keys; it stops working at once.
    public func revokeAPIKey(_ request: RevokeApiKeyRequest, by principal: AuthPrincipal) async throws -> ApiKey {
        let user = try await keyManager(principal)
        let now = clock.now()
        return try await database.write { db in
            guard let key = try APIKeyRecord.fetch(db, id: request.apiKeyID), key.userId == user.id else {
                throw AccountError.noSuchAPIKey(id: request.apiKeyID)
            }
            // Only the revocation that changes the row is audited (two at once: one).
            let changed = try db.execute(
                sql: "UPDATE api_keys SET revoked_at_ms = ? WHERE id = ? AND revoked_at_ms IS NULL", arguments: [now.unixMilliseconds, key.id]
            )
            if changed > 0 {
                try AuditLog.record(
                    .apiKeyRevoked, in: db, at: now, userID: user.id, actorUserID: user.id,
                    details: ["api_key_id": key.id, "prefix": key.prefix]
                )
            }
            // As stored now: revoked by this call or by an earlier one.
            return (try APIKeyRecord.fetch(db, id: key.id) ?? key).proto
        }
    }

    /// A short-lived access token for the key's user, with the key's scopes (as far
    /// as the user's role still grants them).
    public func exchangeAPIKey(_ request: ExchangeApiKeyRequest) async throws -> AccessToken {
        let presented = request.apiKey
        guard presented.hasPrefix(Self.apiKeyPrefix), presented.count == Self.apiKeyPrefix.count + 43 else {
            throw SignInError.notAnAPIKey
        }
        let now = clock.now()
        let (key, user) = try await database.write { db in
            guard var key = try APIKeyRecord.fetch(db, secretHash: SecureRandom.digest(of: presented)),
                  let user = try UserRecord.fetch(db, id: key.userId)
            else { throw SignInError.unknownAPIKey }
            if key.revokedAtMs != nil { throw SignInError.apiKeyRevoked }
            if let expires = key.expiresAtMs, expires <= now.unixMilliseconds {
                throw SignInError.apiKeyExpired(at: Date(unixMilliseconds: expires))
            }
            if user.disabled { throw SignInError.apiKeyAccountDisabled }
            key.lastUsedAtMs = now.unixMilliseconds
            try db.execute(sql: "UPDATE api_keys SET last_used_at_ms = ? WHERE id = ?", arguments: [now.unixMilliseconds, key.id])
            return (key, user)
        }
        let scopes = key.scopeList.filter(AccessScope.granted(to: user.roleValue).contains)
        let access = try await issueAccessToken(
            for: user, scopes: scopes, apiKeyID: key.id, lifetime: configuration.apiKeyTokenLifetime
        )
        var token = AccessToken()
        token.accessToken = access.token
        token.expiresAtUnixMs = access.expiresAt.unixMilliseconds
        token.principal = AuthPrincipal(
            userID: user.id, role: user.roleValue, scopes: Set(scopes), apiKeyID: key.id, tokenID: "", expiresAt: access.expiresAt
        ).proto
        return token
    }

    /// Keys are managed by signed-in users, not with tokens from other keys.
    private func keyManager(_ principal: AuthPrincipal) async throws -> UserRecord {
        guard principal.apiKeyID == nil else {
            throw AccountError.apiKeyManagedWithAPIKey
        }
        return try await activeUser(principal)
    }
}
