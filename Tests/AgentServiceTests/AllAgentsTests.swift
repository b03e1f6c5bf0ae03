import AgentService
import CEOAPI
import CEOTestSupport
import CEODomain
import CEORPC
import Foundation
import SwiftProtobuf
import Testing

/// The guard rails every agent keeps, checked on all six agents and the three sample companies.
@Suite("All six agents: guard rails")
struct AllAgentsTests {
    let executor: AgentExecutor

    init() throws { executor = try SampleCompanies.executor() }

    func run(_ agent: AgentType, _ company: Company, budgetCents: Int64) async throws -> AgentResult {
        try await executor.execute(SampleCompanies.request(
            agent, company, title: SampleCompanies.title(for: agent), budgetCents: budgetCents,
            objectives: ["Get the first 50 paying customers"]
        ))
    }

    @Test("ListAgents serves the six agents in the product's order, each with capabilities and a minimum budget")
    func listAgents() {
        let infos = executor.infos
        #expect(infos.map(\.type) == AgentType.productOrder)
        for info in infos {
            #expect(!info.name.isEmpty && !info.description_p.isEmpty)
            #expect(info.capabilities.count >= 4, "\(info.name)")
            #expect(info.minimumBudgetCents > 0, "\(info.name)")
        }
    }

    @Test("line items add up: each total is quantity × unit, they sum to budget_used, within the task budget, each with a source",
          arguments: AgentType.productOrder)
    func pricesAddUp(agent: AgentType) async throws {
        for company in SampleCompanies.all {
            for share in [Int64(4), 10, 25] {
                let budget = company.budgetCents * share / 100
                let result: AgentResult
                do {
                    result = try await run(agent, company, budgetCents: budget)
                } catch let error as RPCError where error.code == .resourceExhausted {
                    // Only allowed when the budget is below the agent's stated minimum for this task.
                    let minimum = try #require(Int64(error.trailers["minimum-budget-cents"] ?? ""))
                    #expect(minimum > budget, "\(agent) \(company.name) at \(budget)")
                    continue
                }
                let items = result.deliverables.flatMap(\.lineItems)
                #expect(!result.deliverables.isEmpty)
                #expect(items.reduce(0) { $0 + $1.totalCents } == result.budgetUsedCents, "\(agent) \(company.name)")
                #expect(result.budgetUsedCents <= budget, "\(agent) \(company.name): \(result.budgetUsedCents) > \(budget)")
                for item in items {
                    #expect(item.totalCents == Int64(item.quantity) * item.unitCostCents, "\(item.description_p)")
                    #expect(item.quantity >= 0 && item.unitCostCents >= 0)
                    #expect(!item.source.isEmpty, "\(agent): \(item.description_p) has no source")
                    #expect(["one_time", "monthly", "yearly"].contains(item.billing), "\(item.billing)")
                }
                #expect(result.model == "playbook-v1")
            }
        }
    }

    @Test("every agent's output is plain text: a hostile company name and objective never pass through", arguments: AgentType.productOrder)
    func plainText(agent: AgentType) async throws {
        var company = SampleCompanies.delawareSaaS
        company.name = "<script>alert(1)</script>Ledgerly"
        company.industry = "B2B SaaS <img src=x onerror=alert(2)>"
        var request = SampleCompanies.request(agent, company, title: SampleCompanies.title(for: agent), budgetCents: 2_000_000)
        request.task.objectives = ["<a href=\"javascript:alert(3)\">win</a> customers"]
        let result = try await executor.execute(request)
        for deliverable in result.deliverables {
            for text in [deliverable.bodyMarkdown, deliverable.title] + deliverable.lineItems.map(\.description_p) {
                #expect(!text.contains("<script") && !text.contains("<img") && !text.contains("javascript:") && !text.contains("onerror="), "\(agent): \(text)")
            }
        }
    }

    @Test("equal inputs give byte-identical results", arguments: AgentType.productOrder)
    func deterministic(agent: AgentType) async throws {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        for company in SampleCompanies.all {
            let first = try await run(agent, company, budgetCents: company.budgetCents / 3)
            let second = try await run(agent, company, budgetCents: company.budgetCents / 3)
            #expect(try first.serializedBytes(options: options) as [UInt8] == second.serializedBytes(options: options))
        }
    }

    @Test("each agent refuses a task of another domain with FAILED_PRECONDITION naming that domain", arguments: AgentType.productOrder)
    func domainGuard(agent: AgentType) async throws {
        let other = AgentType.productOrder.first { $0 != agent && DomainLexicon.classify(SampleCompanies.title(for: $0)).map(\.domain) == [$0] }!
        let request = SampleCompanies.request(agent, SampleCompanies.delawareSaaS, title: SampleCompanies.title(for: other), budgetCents: 1_000_000)
        let error = await #expect(throws: RPCError.self) { try await executor.execute(request) }
        #expect(error?.code == .failedPrecondition)
        #expect(error?.message.contains(other.machineName) == true, "\(error?.message ?? "")")
        // And each sample title is accepted by its own agent only.
        #expect(DomainLexicon.classify(SampleCompanies.title(for: agent)).map(\.domain).contains(agent))
    }

    @Test("a budget below every essential is RESOURCE_EXHAUSTED with the minimum needed, which then succeeds", arguments: AgentType.productOrder)
    func insufficient(agent: AgentType) async throws {
        let company = SampleCompanies.texasRestaurant
        let error = await #expect(throws: RPCError.self) { try await run(agent, company, budgetCents: 1_000) }
        #expect(error?.code == .resourceExhausted)
        #expect(error?.message.contains("insufficient budget") == true)
        let minimum = try #require(Int64(error?.trailers["minimum-budget-cents"] ?? ""))
        #expect(minimum > 1_000)
        let result = try await run(agent, company, budgetCents: minimum)
        #expect(result.budgetUsedCents <= minimum)
        #expect(result.deliverables.count >= 1)
    }
}
