import CEOAuthTokens
import CEODomain
import CEORPC
import CEOServiceKit
import CEOTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import Edge

/// The edge's router in memory (Hummingbird's router test framework): no sockets, no
/// services; for routes that answer without calling one. The process tests cover the rest.
@Suite("Edge router in memory: public routes, authentication and security headers")
struct EdgeRouterTests {
    /// The edge's router with clients of services that are never called.
    static func application(catalog: AgentCatalog = .standard) throws -> some ApplicationProtocol {
        func unused() throws -> RPCClient {
            try RPCClient(configuration: RPCSettings.defaults.client(endpoints: [RPCEndpoint(host: "127.0.0.1", port: 1)], security: .plaintext), logger: .init(label: "test"))
        }
        let backends = EdgeBackends(auth: try unused(), orchestrator: try unused(), agents: try unused())
        var configuration = EdgeHTTPConfiguration(tls: nil, allowPlainHTTP: true)
        configuration.catalog = catalog
        let router = EdgeHTTPServer.router(
            configuration: configuration, backends: backends,
            authenticator: EdgeAuthenticator(verifier: AccessTokenVerifier(source: RemoteSigningKeySource(client: backends.auth, timeout: .seconds(60))), auth: backends.auth),
            limiter: RateLimiter(), metrics: EdgeMetrics()
        )
        return Application(router: router)
    }

    @Test("GET /api/catalog needs no credentials and lists the catalog's agents with their colours")
    func catalog() async throws {
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/api/catalog", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("Content-Security-Policy")!] == SecurityHeadersMiddleware.apiPolicy)
                let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                let agents = json?["agents"] as? [[String: Any]] ?? []
                #expect(agents.compactMap { $0["type"] as? String } == AgentCatalog.standard.agents.map(\.machineName))
                #expect(agents.compactMap { $0["color"] as? String } == AgentCatalog.standard.agents.map(\.color))
            }
        }
    }

    @Test("the OpenAPI document's agent enum follows the catalog the edge is given")
    func openAPI() async throws {
        let catalog = try CatalogFixtures.withHiringAgent()
        try await Self.application(catalog: catalog).test(.router) { client in
            try await client.execute(uri: "/api/openapi.json", method: .get) { response in
                let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                let schemas = (json?["components"] as? [String: Any])?["schemas"] as? [String: Any]
                #expect((schemas?["AgentType"] as? [String: Any])?["enum"] as? [String] == catalog.agents.map(\.machineName))
            }
        }
    }

    @Test("an API route without credentials is 401 with a JSON error, before any service is called")
    func unauthenticated() async throws {
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/api/orchestrations", method: .get) { response in
                #expect(response.status == .unauthorized)
                let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                #expect(json?["error"] as? String == "unauthenticated")
            }
        }
    }
}
