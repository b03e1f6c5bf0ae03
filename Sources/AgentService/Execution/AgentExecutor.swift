public import CEOAPI
public import CEODomain
import CEORPC
import Foundation

/// Runs one agent on one task behind the guard rails: input rules, the agent's domain,
/// the result cache, the budget (a smaller plan that fits, or the minimum needed), and
/// plain-text output. Stateless apart from the cache, so replicas can share the work.
public struct AgentExecutor: Sendable {
    public let agents: [AgentType: any Agent]
    public let model: any AgentModel
    public let cache: AgentResultCache?
    /// Names, descriptions and order of the agents.
    public let catalog: AgentCatalog
    private let lexicon: DomainLexicon

    public init(agents: [any Agent], model: any AgentModel = PlaybookModel(), cache: AgentResultCache?, catalog: AgentCatalog = .standard) {
        self.agents = Dictionary(agents.map { ($0.info.type, $0) }, uniquingKeysWith: { first, _ in first })
        self.model = model
        self.cache = cache
        self.catalog = catalog
        lexicon = DomainLexicon(catalog: catalog)
    }

    /// The agents served here, in the catalog's order, named and described by the catalog.
    public var infos: [AgentInfo] {
        catalog.agents.compactMap { profile in
            guard var info = agents[profile.type]?.info else { return nil }
            info.name = profile.title
            info.description_p = profile.description
            return info
        }
    }

    /// Executes `request`, reporting progress steps as it goes.
    public func execute(
        _ request: ExecuteTaskRequest, progress: @Sendable (Int32, String) async throws -> Void = { _, _ in }
    ) async throws -> AgentResult {
        let started = ContinuousClock.now
        let agentName = request.agent.machineName
        do {
            let result = try await run(request, progress: progress)
            AgentMetrics.execution(agent: agentName, status: "ok", duration: .now - started)
            return result
        } catch let error as RPCError {
            AgentMetrics.execution(agent: agentName, status: error.code.description, duration: .now - started)
            throw error
        } catch {
            AgentMetrics.execution(agent: agentName, status: "error", duration: .now - started)
            throw error
        }
    }

    private func run(_ request: ExecuteTaskRequest, progress: @Sendable (Int32, String) async throws -> Void) async throws -> AgentResult {
        let brief = try AgentBrief(validating: request)
        guard let agent = agents[brief.agent] else {
            throw RPCError(.unimplemented, "the \(brief.agent.machineName) agent is not available in this version")
        }
        try checkDomain(of: brief)
        if let cached = try await cache?.lookup(request, model: model.name) {
            try await progress(100, "served from the result cache")
            return cached
        }
        try await progress(10, "planning with \(model.name)")
        try Task.checkCancellation()
        let plan = try await model.plan(agent, for: brief)
        try Task.checkCancellation()
        try await progress(70, "fitting the plan to the budget")
        let result = try fit(plan, brief: brief)
        if plan.cacheable { try await cache?.store(result, for: request, model: model.name) }
        try await progress(100, "done")
        return result
    }

    /// FAILED_PRECONDITION when the task speaks only of other agents' domains.
    private func checkDomain(of brief: AgentBrief) throws {
        let domains = lexicon.classify(brief.taskText).map(\.domain)
        guard !domains.isEmpty, !domains.contains(brief.agent) else { return }
        let names = domains.map(\.machineName).joined(separator: ", ")
        throw RPCError(
            .failedPrecondition,
            "task '\(brief.task.title)' is \(names) work; the \(brief.agent.machineName) agent takes only \(brief.agent.machineName) tasks"
        )
    }

    private func fit(_ plan: ModelPlan, brief: AgentBrief) throws -> AgentResult {
        // Work the task's objectives name ("get a logo": the logo design) is offered first within its priority.
        let objectives = brief.task.objectives.map(NamedWork.Objective.init)
        let named = Set(plan.deliverables.indices.filter { index in
            let deliverable = plan.deliverables[index].deliverable
            return objectives.contains { $0.names(title: deliverable.title, kind: deliverable.kind) }
        })
        let packages = plan.deliverables.enumerated().map { index, planned in
            WorkPackage(id: String(index), title: planned.deliverable.title, priority: planned.priority, costCents: planned.costCents)
        }.enumerated().sorted { ($0.element.priority, named.contains($0.offset) ? 0 : 1, $0.offset) < ($1.element.priority, named.contains($1.offset) ? 0 : 1, $1.offset) }
            .map(\.element)
        switch BudgetFitter.fit(packages, budgetCents: brief.budgetCents) {
        case .insufficient(let minimum):
            throw RPCError(
                .resourceExhausted,
                "insufficient budget: the \(brief.agent.machineName) agent needs at least \(brief.company.money(minimum)) for this task; it has \(brief.company.money(brief.budgetCents))",
                trailers: ["minimum-budget-cents": String(minimum)]
            )
        case .fits(let chosen, let dropped):
            var result = AgentResult()
            result.agent = brief.agent
            result.model = plan.producedBy ?? model.name
            result.deliverables = chosen.map { PlainText.sanitise(plan.deliverables[Int($0.id)!].deliverable) }
            result.budgetUsedCents = result.deliverables.reduce(0) { total, deliverable in
                total + deliverable.lineItems.reduce(0) { $0 + $1.totalCents }
            }
            guard result.budgetUsedCents <= brief.budgetCents else {
                throw RPCError(.internal, "the plan exceeds the task budget; refusing to return it")
            }
            result.notes = plan.notes.map(PlainText.sanitise) + dropped.map {
                "Left out for budget: \(PlainText.sanitise($0.title)) (\(brief.company.money($0.costCents)))"
            }
            result.leftOut = dropped.map { package in
                let index = Int(package.id)!
                var work = LeftOutWork()
                work.kind = plan.deliverables[index].deliverable.kind
                work.title = PlainText.sanitise(package.title)
                work.costCents = package.costCents
                work.namedByObjectives = named.contains(index)
                return work
            }
            return result
        }
    }
}
