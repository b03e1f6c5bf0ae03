public import CEOAPI
public import Foundation

/// The access tokens AuthService has revoked before their expiry, as a verifier holds
/// them: ended sessions by id, and per user the time up to which every token is revoked.
/// Built from a `Revocations` list; entries past their expiry are ignored.
public struct RevokedTokens: Sendable, Equatable {
    /// Session id → when its entry expires (ms).
    private var sessions: [String: Int64] = [:]
    /// A user's tokens issued at or before `revokedAt` are revoked, until `expiresAt` (ms).
    private struct UserRevocation: Sendable, Equatable {
        var revokedAt: Int64
        var expiresAt: Int64
    }

    /// User id → the revocation of its tokens.
    private var users: [String: UserRevocation] = [:]

    public init() {}

    public init(_ list: Revocations) {
        for entry in list.revocations {
            switch entry.kind {
            case "session":
                sessions[entry.id] = max(sessions[entry.id] ?? 0, entry.expiresAtUnixMs)
            case "user":
                let earlier = users[entry.id]
                users[entry.id] = UserRevocation(
                    revokedAt: max(earlier?.revokedAt ?? 0, entry.revokedAtUnixMs), expiresAt: max(earlier?.expiresAt ?? 0, entry.expiresAtUnixMs)
                )
            default:
                continue  // a kind this version does not know covers no token it issues
            }
        }
    }

    /// How many entries are held.
    public var count: Int { sessions.count + users.count }

    /// Why a token of `userID`, issued at `issuedAt`, of session `sessionID`, is revoked;
    /// nil when it is not.
    public func reason(userID: String, sessionID: String?, issuedAt: Date, now: Date) -> String? {
        let nowMs = now.unixMillisecondsValue
        if let sessionID, let expires = sessions[sessionID], expires > nowMs {
            return "the session has ended (signed out)"
        }
        if let user = users[userID], user.expiresAt > nowMs, issuedAt.unixMillisecondsValue <= user.revokedAt {
            return "the user's sessions were ended at \(Date(timeIntervalSince1970: Double(user.revokedAt) / 1000).formatted(.iso8601))"
        }
        return nil
    }
}

extension Date {
    fileprivate var unixMillisecondsValue: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }
}
