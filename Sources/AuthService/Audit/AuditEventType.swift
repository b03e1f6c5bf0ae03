/// The kinds of security events the audit log records.
public enum AuditEventType: String, Sendable, CaseIterable {
    case userRegistered = "user.registered"
    case adminBootstrapped = "user.admin_bootstrapped"
    case loginSucceeded = "login.succeeded"
    case loginFailed = "login.failed"
    /// The attempt that started a lockout.
    case loginLockedOut = "login.locked_out"
    /// An attempt refused because of a lockout.
    case loginRefusedLocked = "login.refused_locked"
    case loginRefusedDisabled = "login.refused_disabled"
    case refreshReused = "refresh.reused"
    case logout = "logout"
    case sessionsRevoked = "sessions.revoked"
    case apiKeyCreated = "api_key.created"
    case apiKeyRevoked = "api_key.revoked"
    case roleChanged = "user.role_changed"
    case userDisabled = "user.disabled"
    case userEnabled = "user.enabled"
    case signingKeyRotated = "signing_key.rotated"
}
