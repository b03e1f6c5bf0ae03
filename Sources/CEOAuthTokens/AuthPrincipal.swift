public import CEOAPI
import CEORPC
public import Foundation

/// Who a verified access token stands for.
public struct AuthPrincipal: Sendable, Hashable {
    public var userID: String
    public var role: Role
    public var scopes: Set<String>
    /// The API key the token came from, if any.
    public var apiKeyID: String?
    /// The token's `jti`.
    public var tokenID: String
    public var expiresAt: Date

    public init(userID: String, role: Role, scopes: Set<String>, apiKeyID: String?, tokenID: String, expiresAt: Date) {
        self.userID = userID
        self.role = role
        self.scopes = scopes
        self.apiKeyID = apiKeyID
        self.tokenID = tokenID
        self.expiresAt = expiresAt
    }

    public var isAdmin: Bool { role == .admin && scopes.contains(AccessScope.admin) }

    /// Throws PERMISSION_DENIED unless the principal holds `scope`.
    public func require(scope: String) throws {
        guard scopes.contains(scope) else {
            throw RPCError(.permissionDenied, "this call needs the scope '\(scope)', which the credential does not carry")
        }
    }

    /// Throws PERMISSION_DENIED unless the principal is an admin.
    public func requireAdmin() throws {
        guard isAdmin else {
            throw RPCError(.permissionDenied, "this call is for admins only")
        }
    }

    /// The protobuf form.
    public var proto: Principal {
        var principal = Principal()
        principal.userID = userID
        principal.role = role
        principal.scopes = scopes.sorted()
        principal.apiKeyID = apiKeyID ?? ""
        return principal
    }
}
