import CEOAPI
import CEORPC
import Foundation
import Testing

@Suite("Required scopes of the generated methods")
struct RequiredScopeTests {
    /// Every rpc of Protos/, by path, with the text of its option block.
    static func protoMethods() throws -> [String: String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let protos = root.appendingPathComponent("Protos")
        let enumerator = try #require(FileManager.default.enumerator(at: protos, includingPropertiesForKeys: nil))
        let package = try Regex(#"(?m)^package\s+([\w.]+)\s*;"#)
        let service = try Regex(#"service\s+(\w+)\s*\{"#)
        let rpc = try Regex(#"rpc\s+(\w+)\s*\([^)]*\)\s*returns\s*\([^)]*\)\s*(\{[^}]*\}|;)"#)
        var methods: [String: String] = [:]
        for case let url as URL in enumerator where url.pathExtension == "proto" {
            let text = try String(contentsOf: url, encoding: .utf8)
            guard let name = try service.firstMatch(in: text), let pkg = try package.firstMatch(in: text) else { continue }
            for match in text[name.range.upperBound...].matches(of: rpc) {
                methods["/\(pkg.output[1].substring!).\(name.output[1].substring!)/\(match.output[1].substring!)"] = String(match.output[2].substring!)
            }
        }
        return methods
    }

    @Test("every rpc in Protos/ declares (ceo.rpc.v1.required_scope), \"\" for none, and its descriptor carries it")
    func everyMethodDeclaresItsScope() throws {
        let methods = try Self.protoMethods()
        #expect(methods.count >= 29)
        for (path, options) in methods {
            let declared = try #require(
                options.firstMatch(of: /option\s*\(ceo\.rpc\.v1\.required_scope\)\s*=\s*"([^"]*)"\s*;/),
                "\(path) declares no required_scope"
            )
            let descriptor = try #require(APIMethods.all.first { $0.path == path }, "\(path) has no generated descriptor")
            #expect(descriptor.requiredScope == RequiredScope(option: String(declared.output.1)), "\(path)")
        }
        #expect(Set(APIMethods.all.map(\.path)) == Set(methods.keys))
    }

    @Test("the scopes are those the handlers checked by hand before")
    func scopesOfEveryMethod() {
        let scopes = Dictionary(uniqueKeysWithValues: APIMethods.all.map { ($0.path, $0.requiredScope) })
        let expected: [String: RequiredScope] = [
            OrchestratorRPC.analyze.path: .scope("plans:write"),
            OrchestratorRPC.approvePlan.path: .scope("plans:write"),
            OrchestratorRPC.startOrchestration.path: .scope("runs:write"),
            OrchestratorRPC.getJob.path: .scope("runs:read"),
            OrchestratorRPC.listJobs.path: .scope("runs:read"),
            OrchestratorRPC.cancelJob.path: .scope("runs:write"),
            OrchestratorRPC.watchJob.path: .scope("runs:read"),
            OrchestratorRPC.getBudget.path: .scope("runs:read"),
            OrchestratorRPC.executeAgent.path: .scope("agents:execute"),
            OrchestratorRPC.getApprovalPolicy.path: .scope("runs:read"),
            OrchestratorRPC.listApprovals.path: .scope("runs:read"),
            OrchestratorRPC.setApprovalPolicy.path: .scope("runs:write"),
            OrchestratorRPC.decideApproval.path: .scope("runs:write"),
            OrchestratorRPC.changeBudget.path: .scope("runs:write"),
            OrchestratorRPC.recordActual.path: .scope("runs:write"),
            OrchestratorRPC.createWebhook.path: .scope("runs:write"),
            OrchestratorRPC.deleteWebhook.path: .scope("runs:write"),
            OrchestratorRPC.listWebhooks.path: .scope("runs:read"),
            OrchestratorRPC.listWebhookDeliveries.path: .scope("runs:read"),
            AuthServiceRPC.getCurrentUser.path: .anyScope,
            AuthServiceRPC.revokeSessions.path: .anyScope,
            AuthServiceRPC.createApiKey.path: .anyScope,
            AuthServiceRPC.listApiKeys.path: .anyScope,
            AuthServiceRPC.revokeApiKey.path: .anyScope,
            AuthServiceRPC.listUsers.path: .anyScope,
            AuthServiceRPC.updateUser.path: .anyScope,
            AuthServiceRPC.listAuditEvents.path: .anyScope,
            AuthServiceRPC.rotateSigningKey.path: .anyScope,
        ]
        for (path, scope) in scopes {
            #expect(scope == expected[path, default: .none], "\(path)")
        }
        // Health, the agents and the sign-in methods serve no end user.
        #expect(HealthRPC.check.requiredScope == .none && AuthServiceRPC.login.requiredScope == .none)
        #expect(AgentServiceRPC.methods.allSatisfy { $0.requiredScope == .none })
    }

    @Test("the option's text maps to the requirement and back")
    func optionText() {
        for text in ["", "*", "runs:read"] {
            #expect(RequiredScope(option: text).description == text)
        }
        #expect(!RequiredScope.none.needsPrincipal && RequiredScope.anyScope.needsPrincipal && RequiredScope.scope("admin").needsPrincipal)
    }
}
