import AgentService
import CEOAPI
import CEODomain
import CEOTestSupport
import Foundation
import NIOHTTP1
import Testing

@Suite("The edge reads agents, rules and lifecycle facts from the catalog", .timeLimit(.minutes(2)))
struct EdgeCatalogTests {
    /// A seventh agent that exists only in a test: its catalog entry and its own code.
    struct HiringAgent: Agent {
        var info: AgentInfo {
            var info = AgentInfo()
            info.type = .UNRECOGNIZED(CatalogFixtures.hiringWireValue)
            var capability = Capability()
            capability.name = "job_descriptions"
            capability.description_p = "Job descriptions for the first hires"
            info.capabilities = [capability]
            info.minimumBudgetCents = 20_000
            return info
        }

        func plan(for brief: AgentBrief) throws -> [PlannedDeliverable] { [] }
    }

    @Test("an extra agent in the catalog is listed by /api/agents/available, the OpenAPI enum and /api/catalog")
    func extraAgent() async throws {
        var environment = try EdgeTestEnvironment()
        environment.catalog = try CatalogFixtures.withHiringAgent()
        environment.extraAgents = [HiringAgent()]
        try await environment.run { edge in
            let auth = [("Authorization", "Bearer \(try await edge.signUp("hr@example.com"))")]
            let agents = try await edge.send(.GET, "/api/agents/available", headers: auth).json["agents"] as? [[String: Any]] ?? []
            #expect(agents.map { $0["type"] as? String } == ["branding", "legal", "web_development", "martech", "content", "campaigns", "hiring"])
            let hiring = try #require(agents.last)
            #expect(hiring["name"] as? String == "Hiring" && hiring["color"] as? String == "#0891b2" && hiring["short_title"] as? String == "Hiring")
            #expect(hiring["description"] as? String == "Job descriptions, where to post them and an interview plan for the first hires.")

            let document = try await edge.send(.GET, "/api/openapi.json").json
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
            #expect((schemas?["AgentType"] as? [String: Any])?["enum"] as? [String] == agents.compactMap { $0["type"] as? String })

            let catalog = try await edge.send(.GET, "/api/catalog").json
            #expect((catalog["agents"] as? [[String: Any]])?.last?["type"] as? String == "hiring")
        }
    }

    @Test("/api/catalog is public and holds the plan rules and the final statuses and events")
    func catalog() async throws {
        try await EdgeTestEnvironment().run { edge in
            let reply = try await edge.send(.GET, "/api/catalog")
            #expect(reply.status == 200 && reply.headers.first(name: "Cache-Control") == "public, max-age=300")
            let rules = reply.json["plan_request_rules"] as? [[String: Any]] ?? []
            let budget = try #require(rules.first { $0["field"] as? String == "budget" })
            #expect(budget["kind"] as? String == "money" && budget["minimum"] as? Double == 100 && budget["maximum"] as? Double == 100_000)
            let currency = try #require(rules.first { $0["field"] as? String == "currency" })
            #expect(currency["kind"] as? String == "choice" && currency["choices"] as? [String] == ["USD", "EUR", "GBP", "CAD", "AUD"])
            let currencies = reply.json["currencies"] as? [[String: Any]] ?? []
            let pound = try #require(currencies.first { $0["code"] as? String == "GBP" })
            #expect(pound["budget_minimum"] as? Double == 75 && pound["budget_maximum"] as? Double == 74_060)
            #expect((reply.json["planning_rates"] as? String)?.contains("European Central Bank") == true)
            let finalStatuses = (reply.json["job_statuses"] as? [[String: Any]] ?? []).filter { $0["final"] as? Bool == true }.compactMap { $0["name"] as? String }
            #expect(finalStatuses == ["succeeded", "partially_succeeded", "failed", "cancelled"])
            let finalEvents = (reply.json["events"] as? [[String: Any]] ?? []).filter { $0["final"] as? Bool == true }.compactMap { $0["name"] as? String }
            #expect(finalEvents == ["orchestration_complete", "orchestration_failed", "orchestration_cancelled"])
        }
    }

    @Test("the OpenAPI document's request bounds are the declared rules, field by field")
    func openAPIRules() async throws {
        try await EdgeTestEnvironment().run { edge in
            let document = try await edge.send(.GET, "/api/openapi.json").json
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
            let properties = try #require(((schemas?["AnalyzeRequest"] as? [String: Any])?["properties"]) as? [String: [String: Any]])
            for rule in PlanRequestRules.all {
                let property = try #require(properties[rule.apiField], "\(rule.apiField)")
                switch rule.bounds {
                case .text(let length):
                    #expect(property["minLength"] as? Int == length.lowerBound && property["maxLength"] as? Int == length.upperBound, "\(rule.apiField)")
                case .money:
                    // The widest range of the supported currencies; each one's range is in the description.
                    let ranges = PlanningRates.standard.currencies.compactMap { PlanRequestRules.budgetRange(in: $0) }
                    #expect(property["minimum"] as? Double == Double(ranges.map(\.lowerBound).min() ?? 0) / 100)
                    #expect(property["maximum"] as? Double == Double(ranges.map(\.upperBound).max() ?? 0) / 100)
                    #expect((property["description"] as? String)?.contains("GBP 75–74060") == true, "\(property)")
                case .choice(let codes):
                    #expect(property["enum"] as? [String] == codes, "\(rule.apiField)")
                case .integer(let range):
                    #expect(property["minimum"] as? Int == range.lowerBound && property["maximum"] as? Int == range.upperBound, "\(rule.apiField)")
                case .textList(let count, let itemLength):
                    let items = property["items"] as? [String: Any]
                    #expect(property["minItems"] as? Int == count.lowerBound && property["maxItems"] as? Int == count.upperBound)
                    #expect(items?["minLength"] as? Int == itemLength.lowerBound && items?["maxLength"] as? Int == itemLength.upperBound)
                }
            }
            #expect((schemas?["JobStatus"] as? [String: Any])?["enum"] as? [String] == JobStatus.lifecycle.map(\.apiName))
        }
    }
}
