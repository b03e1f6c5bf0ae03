public import Foundation
public import JWTKit

/// The claims of an access token that AuthService signs and every service verifies.
///
/// Time claims (`exp`, `nbf`) are checked by ``AccessTokenVerifier`` against its own
/// clock (injectable in tests), not by `verify(using:)`.
public struct AccessTokenClaims: JWTPayload, Equatable {
    /// `iss`: who signed the token (AuthService).
    public var issuer: IssuerClaim
    /// `aud`: who the token is for (every service of the product).
    public var audience: AudienceClaim
    /// `sub`: the user's id.
    public var subject: SubjectClaim
    /// The user's role: `user` or `admin`.
    public var role: String
    /// `scope`: the granted scopes, space-separated (RFC 9068).
    public var scope: String
    /// `akid`: the API key the token was exchanged for, when it came from one.
    public var apiKeyID: String?
    /// `sid`: the session (refresh-token family) the token belongs to, when it came from a
    /// login or a refresh; a logout revokes the session's tokens by this id.
    public var sessionID: String?
    /// `jti`: a unique id of the token.
    public var tokenID: IDClaim
    public var issuedAt: IssuedAtClaim
    public var notBefore: NotBeforeClaim
    public var expiration: ExpirationClaim

    enum CodingKeys: String, CodingKey {
        case issuer = "iss", audience = "aud", subject = "sub", role, scope
        case apiKeyID = "akid", sessionID = "sid", tokenID = "jti", issuedAt = "iat", notBefore = "nbf", expiration = "exp"
    }

    public init(
        issuer: String, audience: String, userID: String, role: String, scopes: [String],
        apiKeyID: String? = nil, sessionID: String? = nil, tokenID: String, issuedAt: Date, expiresAt: Date
    ) {
        self.issuer = IssuerClaim(value: issuer)
        self.audience = AudienceClaim(value: [audience])
        self.subject = SubjectClaim(value: userID)
        self.role = role
        self.scope = scopes.joined(separator: " ")
        self.apiKeyID = apiKeyID
        self.sessionID = sessionID
        self.tokenID = IDClaim(value: tokenID)
        self.issuedAt = IssuedAtClaim(value: issuedAt)
        self.notBefore = NotBeforeClaim(value: issuedAt)
        self.expiration = ExpirationClaim(value: expiresAt)
    }

    /// The scopes as a list.
    public var scopes: [String] { scope.split(separator: " ").map(String.init) }

    /// Signature checks happen in JWTKit; issuer, audience and time are checked by
    /// ``AccessTokenVerifier`` with its configuration and clock.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
