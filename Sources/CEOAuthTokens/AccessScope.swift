public import CEOAPI

/// The scopes an access token can carry, and which role grants which.
public enum AccessScope {
    public static let plansRead = "plans:read"
    public static let plansWrite = "plans:write"
    public static let runsRead = "runs:read"
    public static let runsWrite = "runs:write"
    /// Run one agent on one task outside a plan.
    public static let agentsExecute = "agents:execute"
    /// Administer users and read the audit log.
    public static let admin = "admin"

    /// Every scope, in a stable order.
    public static let all = [plansRead, plansWrite, runsRead, runsWrite, agentsExecute, admin]

    /// The scopes a role grants; an API key's scopes are a subset of its user's.
    public static func granted(to role: Role) -> [String] {
        switch role {
        case .admin: all
        case .user: [plansRead, plansWrite, runsRead, runsWrite]
        case .unspecified, .UNRECOGNIZED: []
        }
    }
}

extension Role {
    /// The role's name in tokens: `user` or `admin`.
    public var tokenName: String {
        switch self {
        case .admin: "admin"
        case .user: "user"
        case .unspecified, .UNRECOGNIZED: "unspecified"
        }
    }

    /// Parses a token's role name.
    public init?(tokenName: String) {
        switch tokenName {
        case "admin": self = .admin
        case "user": self = .user
        default: return nil
        }
    }
}
