import CEOServiceKit
import CEOAPI
import CEOAuthTokens
import Foundation

extension AuthCore {
    /// Signs an access token for `user` with `scopes`.
    func issueAccessToken(
        for user: UserRecord, scopes: [String], apiKeyID: String? = nil, session: String? = nil, lifetime: Duration
    ) async throws -> (token: String, expiresAt: Date) {
        let now = clock.now()
        let expiresAt = now.addingTimeInterval(lifetime.timeInterval)
        let claims = AccessTokenClaims(
            issuer: AccessTokenDefaults.issuer, audience: AccessTokenDefaults.audience, userID: user.id,
            role: user.role, scopes: scopes, apiKeyID: apiKeyID, sessionID: session, tokenID: SecureRandom.identifier(),
            issuedAt: now, expiresAt: expiresAt
        )
        return (try await keyring.sign(claims), expiresAt)
    }
}
