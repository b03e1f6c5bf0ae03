/// Why ``AuthCore`` refuses to act for a user or on a user's account, in the terms of
/// the domain; the RPC status of each case is stated once, in
/// `AccountError+RPCError.swift`.
public enum AccountError: Error, Sendable, CustomStringConvertible {
    /// The token's user was deleted after the token was issued.
    case userGone
    /// The acting user is disabled.
    case accountDisabled
    /// The acting user is not (or no longer) an admin in the database.
    case adminsOnly
    /// `UpdateUser` names no existing user.
    case noSuchUser(id: String)
    /// Registration with an email that already has an account.
    case emailTaken
    /// The user already holds the most API keys allowed.
    case apiKeyLimitReached(limit: Int)
    /// `RevokeApiKey` names no key of the acting user.
    case noSuchAPIKey(id: String)
    /// API keys are managed from a signed-in session, not with a token from an API key.
    case apiKeyManagedWithAPIKey
    /// The signing keyring refused to rotate (for example, a configured key).
    case rotationRefused(SigningKeyringError)

    public var description: String {
        switch self {
        case .userGone: "the token's user no longer exists"
        case .accountDisabled: "this account is disabled"
        case .adminsOnly: "this call is for admins only"
        case .noSuchUser(let id): "user_id: no user '\(id)'"
        case .emailTaken: "email: an account with this email already exists"
        case .apiKeyLimitReached(let limit): "a user may hold at most \(limit) API keys; revoke one first"
        case .noSuchAPIKey(let id): "api_key_id: you have no API key '\(id)'"
        case .apiKeyManagedWithAPIKey: "API keys are managed from a signed-in session, not with an API key"
        case .rotationRefused(let error): error.description
        }
    }
}
