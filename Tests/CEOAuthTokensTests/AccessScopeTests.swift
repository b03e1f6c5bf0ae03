import CEOAPI
import CEOAuthTokens
import CEORPC
import Foundation
import Testing

@Suite("Scopes, roles and principals")
struct AccessScopeTests {
    @Test("a user is granted plans and runs; an admin every scope; no role nothing")
    func granted() {
        #expect(AccessScope.granted(to: .user) == [AccessScope.plansRead, AccessScope.plansWrite, AccessScope.runsRead, AccessScope.runsWrite])
        #expect(AccessScope.granted(to: .admin) == AccessScope.all)
        #expect(AccessScope.granted(to: .unspecified).isEmpty)
    }

    @Test("role names in tokens round-trip; unknown names are refused")
    func roleNames() {
        for role in [Role.user, .admin] { #expect(Role(tokenName: role.tokenName) == role) }
        #expect(Role(tokenName: "root") == nil)
    }

    @Test("a principal without a scope is PERMISSION_DENIED naming it; admin needs the role and the admin scope")
    func principal() {
        let user = AuthPrincipal(userID: "u1", role: .user, scopes: [AccessScope.runsRead], apiKeyID: nil, tokenID: "t1", expiresAt: Date())
        #expect(throws: Never.self) { try user.require(scope: AccessScope.runsRead) }
        let refusal = #expect(throws: RPCError.self) { try user.require(scope: AccessScope.runsWrite) }
        #expect(refusal?.code == .permissionDenied && refusal?.message.contains("runs:write") == true)
        #expect(!user.isAdmin)
        // An API key of an admin without the admin scope is not an admin.
        let key = AuthPrincipal(userID: "a1", role: .admin, scopes: [AccessScope.runsRead], apiKeyID: "k1", tokenID: "t2", expiresAt: Date())
        #expect(!key.isAdmin)
        #expect(throws: RPCError.self) { try key.requireAdmin() }
        #expect(key.proto.apiKeyID == "k1" && key.proto.scopes == [AccessScope.runsRead])
    }
}
