import CEOAPI
import CEODomain
import CEORPC
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// `GET /api/agents/available`: the agents and their capabilities, cached at the edge
/// for five minutes.
struct AgentsRoutes {
    let backends: EdgeBackends
    let cache: AgentListCache
    let catalog: AgentCatalog

    struct CapabilityJSON: Encodable {
        var name: String
        var description: String
    }

    struct AgentJSON: Encodable {
        var type: String
        var name: String
        var title: String
        var shortTitle: String
        var color: String
        var description: String
        var capabilities: [CapabilityJSON]
        var minimumBudget: Double
        var minimumBudgetCents: Int64

        enum CodingKeys: String, CodingKey {
            case type, name, title, description, capabilities, color, shortTitle = "short_title", minimumBudget = "minimum_budget", minimumBudgetCents = "minimum_budget_cents"
        }
    }

    struct Agents: Encodable {
        var success = true
        var agents: [AgentJSON]
    }

    func register(on router: some RouterMethods<EdgeRequestContext>) {
        router.get("/api/agents/available") { [catalog] _, context in
            if let body = cache.freshBody() { return Response(status: .ok, headers: Self.headers, body: ResponseBody(byteBuffer: body)) }
            let body = try await cache.body {
                let response = try await backends.agents.unary(AgentServiceRPC.listAgents, ListAgentsRequest(), options: context.callOptions())
                // The agents this edge's catalog knows, named and coloured by it.
                return try JSONResponse.encoder.encode(Agents(agents: response.agents.compactMap { info in
                    guard let profile = catalog.profile(of: info.type) else { return nil }
                    return AgentJSON(type: profile.machineName, name: info.name, title: profile.title, shortTitle: profile.shortTitle,
                              color: profile.color, description: info.description_p,
                              capabilities: info.capabilities.map { CapabilityJSON(name: $0.name, description: $0.description_p) },
                              minimumBudget: Double(info.minimumBudgetCents) / 100, minimumBudgetCents: info.minimumBudgetCents)
                }))
            }
            return Response(status: .ok, headers: Self.headers, body: ResponseBody(byteBuffer: body))
        }
    }

    /// The list's headers, built (and validated) once.
    private static let headers: HTTPFields = [.cacheControl: "private, max-age=300", .contentType: "application/json; charset=utf-8"]
}

/// The encoded agent list and when it was fetched; refetched after `lifetime`. Kept as
/// a `ByteBuffer`, which responses share without copying.
final class AgentListCache: Sendable {
    /// The encoded list and when it was fetched (a struct, not a tuple: a tuple's type is
    /// looked up at run time on every read).
    private struct Entry {
        var body: ByteBuffer
        var fetchedAt: ContinuousClock.Instant
    }

    private let entry = Mutex<Entry?>(nil)
    let lifetime: Duration

    init(lifetime: Duration = .seconds(300)) { self.lifetime = lifetime }

    /// The cached list while it is younger than `lifetime`, without suspending.
    func freshBody() -> ByteBuffer? {
        guard let cached = entry.withLock({ $0 }), ContinuousClock.now - cached.fetchedAt < lifetime else { return nil }
        return cached.body
    }

    /// The cached list, or the one `fetch` gives when it is missing or stale.
    func body(fetch: () async throws -> Data) async throws -> ByteBuffer {
        if let body = freshBody() { return body }
        let body = ByteBuffer(bytes: try await fetch())
        entry.withLock { $0 = Entry(body: body, fetchedAt: ContinuousClock.now) }
        return body
    }
}
