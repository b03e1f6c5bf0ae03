import AgentService
import CEOAPI
import CEORPC
import CEOTestSupport
import Foundation
import Synchronization
import Testing

/// An agent with a fixed plan, to probe the executor's guard rails apart from any
/// real agent's content.
struct FixedPlanAgent: Agent {
    var type: AgentType = .branding
    var items: [(WorkPriority, String, Int64)] = [
        (.essential, "Logo brief", 30_000), (.recommended, "Palette <script>alert(1)</script>", 20_000),
        (.optional, "Brand book", 50_000),
    ]

    var info: AgentInfo {
        var info = AgentInfo()
        info.type = type
        info.name = "Fixed"
        return info
    }

    func plan(for brief: AgentBrief) throws -> [PlannedDeliverable] {
        items.map { priority, title, cost in
            var item = LineItem()
            item.description_p = title
            item.quantity = 1
            item.unitCostCents = cost
            item.totalCents = cost
            var deliverable = Deliverable()
            deliverable.kind = "test"
            deliverable.title = title
            deliverable.bodyMarkdown = "For \(brief.company.name)"
            deliverable.lineItems = [item]
            return PlannedDeliverable(priority: priority, deliverable: deliverable)
        }
    }
}

/// A model that waits until released, to observe cancellation mid-execution.
struct StallingModel: AgentModel {
    let started: AsyncPromise<Void>
    let cancelled: AsyncPromise<Void>
    var name: String { "stalling" }

    func plan(_ agent: any Agent, for brief: AgentBrief) async throws -> ModelPlan {
        started.succeed()
        do {
            try await Task.sleep(for: .seconds(30))
        } catch {
            cancelled.succeed()
            throw error
        }
        return ModelPlan(deliverables: [])
    }
}

func brandingRequest(title: String = "Brand identity: logo and palette", budget: Int64 = 100_000, companyName: String = "Acme <b>Coffee</b>") -> ExecuteTaskRequest {
    var request = ExecuteTaskRequest()
    request.agent = .branding
    request.task.id = "branding-1"
    request.task.title = title
    request.task.objectives = ["Build a memorable brand"]
    request.task.startDay = 0
    request.task.endDay = 30
    request.company.name = companyName
    request.company.industry = "specialty coffee"
    request.company.location = "Austin, TX"
    request.company.budgetCents = 1_000_000
    request.company.timelineDays = 90
    request.budgetCents = budget
    return request
}

@Suite("Agent execution guard rails")
struct AgentExecutorTests {
    let executor = AgentExecutor(agents: [FixedPlanAgent()], cache: nil)

    @Test("a roomy budget takes the whole plan; text is sanitised; budget_used is the sum of line items")
    func wholePlan() async throws {
        let result = try await executor.execute(brandingRequest())
        #expect(result.deliverables.count == 3)
        #expect(result.budgetUsedCents == 100_000)
        #expect(result.model == "playbook-v1")
        #expect(!result.deliverables.contains { $0.title.contains("<") || $0.bodyMarkdown.contains("<") })
        #expect(result.deliverables[1].title == "Palette alert(1)")
    }

    @Test("a smaller budget gets a smaller plan that fits, with notes on what was left out")
    func smallerPlan() async throws {
        let result = try await executor.execute(brandingRequest(budget: 60_000))
        #expect(result.deliverables.map(\.title) == ["Logo brief", "Palette alert(1)"])
        #expect(result.budgetUsedCents == 50_000)
        #expect(result.notes == ["Left out for budget: Brand book ($500.00)"])
    }

    @Test("when nothing fits: RESOURCE_EXHAUSTED with the minimum needed")
    func insufficient() async throws {
        let error = await #expect(throws: RPCError.self) { try await executor.execute(brandingRequest(budget: 29_999)) }
        #expect(error?.code == .resourceExhausted)
        #expect(error?.message.contains("at least $300.00") == true)
        #expect(error?.trailers["minimum-budget-cents"] == "30000")
    }

    @Test("a task of another domain is FAILED_PRECONDITION naming the domain")
    func domainGuard() async throws {
        let error = await #expect(throws: RPCError.self) {
            try await executor.execute(brandingRequest(title: "Form an LLC and file the trademark"))
        }
        #expect(error?.code == .failedPrecondition)
        #expect(error?.message.contains("legal") == true)
    }

    @Test("bad input names every field", arguments: [
        "company.name", "company.industry", "company.budget_cents", "company.timeline_days", "budget_cents", "task.end_day", "agent",
    ])
    func validation(field: String) async throws {
        var request = brandingRequest()
        switch field {
        case "company.name": request.company.name = ""
        case "company.industry": request.company.industry = "x"
        case "company.budget_cents": request.company.budgetCents = 100
        case "company.timeline_days": request.company.timelineDays = 1_000
        case "budget_cents": request.budgetCents = 2_000_000
        case "task.end_day": request.task.endDay = 400
        default: request.agent = .unspecified
        }
        let error = await #expect(throws: RPCError.self) { try await executor.execute(request) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.details.map(\.field).contains(field) == true, "\(String(describing: error))")
    }

    @Test("equal inputs give equal results; a cached repeat is marked and costs the same")
    func determinismAndCache() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("exec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cached = AgentExecutor(
            agents: [FixedPlanAgent()], cache: try AgentResultCache(path: directory.appendingPathComponent("c.sqlite").path)
        )
        let first = try await cached.execute(brandingRequest())
        #expect(try await executor.execute(brandingRequest()) == first)
        let second = try await cached.execute(brandingRequest())
        #expect(second.cached && !first.cached)
        var unmarked = second
        unmarked.cached = false
        #expect(unmarked == first)
    }

    @Test("an agent that is not built yet is UNIMPLEMENTED")
    func missingAgent() async throws {
        var request = brandingRequest(title: "Set up the CRM")
        request.agent = .martech
        let error = await #expect(throws: RPCError.self) { try await executor.execute(request) }
        #expect(error?.code == .unimplemented)
    }
}

@Suite("AgentService over mutual-TLS RPC")
struct AgentRPCTests {
    let pki: TestPKI

    init() throws { pki = try TestPKI() }

    @Test("the orchestrator executes with progress then the result; the edge may only list")
    func streamingAndCallers() async throws {
        let service = AgentRPCService(executor: AgentExecutor(agents: [FixedPlanAgent()], cache: nil))
        try await TestHarness.withServer(pki: pki, identity: "agents", services: [service]) { port in
            try await TestHarness.withClient(pki: pki, identity: "orchestrator", ports: [port]) { client in
                let updates = try await client.serverStreaming(AgentServiceRPC.executeTaskStreaming, brandingRequest()) { stream in
                    var updates: [ExecutionUpdate] = []
                    for try await update in stream { updates.append(update) }
                    return updates
                }
                let percents = updates.compactMap { $0.progress.percent == 0 && $0.progress.message.isEmpty ? nil : $0.progress.percent }
                #expect(percents == [10, 70, 100])
                #expect(updates.last?.result.budgetUsedCents == 100_000)
                let unary = try await client.unary(AgentServiceRPC.executeTask, brandingRequest())
                #expect(unary.result.deliverables.count == 3)
            }
            try await TestHarness.withClient(pki: pki, identity: "edge", ports: [port]) { client in
                let listed = try await client.unary(AgentServiceRPC.listAgents, ListAgentsRequest())
                #expect(listed.agents.map(\.type) == [.branding])
                let error = await #expect(throws: RPCError.self) { try await client.unary(AgentServiceRPC.executeTask, brandingRequest()) }
                #expect(error?.code == .permissionDenied)
            }
        }
    }

    @Test("cancelling the call cancels the execution mid-way")
    func cancellation() async throws {
        let started = AsyncPromise<Void>()
        let cancelled = AsyncPromise<Void>()
        let executor = AgentExecutor(agents: [FixedPlanAgent()], model: StallingModel(started: started, cancelled: cancelled), cache: nil)
        try await TestHarness.withServer(pki: pki, identity: "agents", services: [AgentRPCService(executor: executor)]) { port in
            try await TestHarness.withClient(pki: pki, identity: "orchestrator", ports: [port]) { client in
                let call = Task { try await client.unary(AgentServiceRPC.executeTask, brandingRequest()) }
                // Waits on the event; the bound only keeps a broken promise from hanging the test.
                try await within(.seconds(60), "execution started") { try await started.value() }
                call.cancel()
                try await within(.seconds(60), "execution cancelled") { try await cancelled.value() }
            }
        }
    }
}
