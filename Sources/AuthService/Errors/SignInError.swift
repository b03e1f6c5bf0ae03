public import Foundation

/// Why ``AuthCore`` refuses to sign someone in (login, refresh, logout, API-key
/// exchange), in the terms of the domain; the RPC status of each case is stated once, in
/// `SignInError+RPCError.swift`.
public enum SignInError: Error, Sendable, CustomStringConvertible {
    /// Too many failed logins for the email; it may try again after `retryAfterSeconds`.
    case lockedOut(retryAfterSeconds: Int)
    /// The email has no account or the password does not match (the same answer for both).
    case wrongEmailOrPassword
    /// The account is disabled (login and refresh).
    case accountDisabled
    /// The presented refresh token does not have the form of one (`expectedPrefix` and
    /// 43 characters).
    case notARefreshToken(expectedPrefix: String)
    /// The refresh token is not one this service issued.
    case unknownRefreshToken
    /// The refresh token's session was revoked, for `reason`.
    case sessionRevoked(reason: String)
    /// The refresh token was already spent; its session is now revoked.
    case refreshTokenReused
    /// The refresh token expired.
    case refreshTokenExpired
    /// The presented API key does not have the form of one.
    case notAnAPIKey
    /// The API key is not one this service issued (or its user is gone).
    case unknownAPIKey
    /// The API key was revoked.
    case apiKeyRevoked
    /// The API key expired at the given time.
    case apiKeyExpired(at: Date)
    /// The API key's user is disabled.
    case apiKeyAccountDisabled

    public var description: String {
        switch self {
        case .lockedOut(let seconds): "too many failed logins for this account; try again in \(seconds) s"
        case .wrongEmailOrPassword: "wrong email or password"
        case .accountDisabled: "this account is disabled; contact an administrator"
        case .notARefreshToken(let prefix): "refresh_token: not a refresh token (expected '\(prefix)' and 43 characters)"
        case .unknownRefreshToken: "refresh_token: unknown refresh token"
        case .sessionRevoked(let reason): "refresh_token: this session was revoked (\(reason)); log in again"
        case .refreshTokenReused: "refresh_token: already used; the session is revoked, log in again"
        case .refreshTokenExpired: "refresh_token: expired; log in again"
        case .notAnAPIKey: "api_key: not an API key (expected 'ceo_' and 43 characters)"
        case .unknownAPIKey: "api_key: unknown API key"
        case .apiKeyRevoked: "api_key: this key was revoked"
        case .apiKeyExpired(let date): "api_key: this key expired at \(date.formatted(.iso8601))"
        case .apiKeyAccountDisabled: "the key's account is disabled"
        }
    }
}
