import CEOAPI
import CEODomain
import CEORPC
import Foundation
import Orchestrator
import Testing

@Suite("Plan review: the owner's adjustments, checked like the plan")
struct PlanAdjusterTests {
    let input = try! AnalysisInput(company: Founders.delawareSaaS, objectives: Founders.saasObjectives, reservePercent: nil)

    @Test("dropping an agent removes its task, frees its money into the reserve, and says which tasks no longer wait for it")
    func drop() throws {
        let original = PlanAnalyzer.analyze(input)
        var adjustments = PlanAdjustments()
        adjustments.dropAgents = [.webDevelopment]
        let plan = try PlanAdjuster.adjusted(input, adjustments)
        let freed = try #require(original.allocations.first { $0.agent == .webDevelopment }).budgetCents
        #expect(!plan.tasks.contains { $0.agent == .webDevelopment } && !plan.allocations.contains { $0.agent == .webDevelopment })
        #expect(plan.reserveCents == original.reserveCents + freed)
        #expect(plan.tasks.allSatisfy { !$0.dependsOn.contains("web_development") })
        #expect(plan.phases.allSatisfy { !$0.taskIds.contains("web_development") })
        #expect(plan.warnings.first?.hasPrefix("Adjusted by you before approval: dropped Web") == true, "\(plan.warnings)")
        let campaigns = try #require(plan.tasks.first { $0.agent == .campaigns })
        #expect(plan.warnings.contains { $0.hasPrefix("\(campaigns.title) no longer waits for Web") }, "\(plan.warnings)")
        #expect(plan.warnings.contains { $0.contains("held in the reserve") })
        #expect(plan.allocations.reduce(0) { $0 + $1.budgetCents } + plan.reserveCents == plan.totalBudgetCents)
        #expect(plan.reservePercent == Int32(plan.reserveCents * 100 / plan.totalBudgetCents))
        // No phase is left empty, and every task's phase is one of them.
        #expect(plan.phases.allSatisfy { !$0.taskIds.isEmpty } && plan.phases.map(\.index) == Array(0..<Int32(plan.phases.count)))
        #expect(plan.tasks.allSatisfy { task in plan.phases.first { $0.index == task.phase }?.taskIds.contains(task.id) == true })
    }

    @Test("adding an agent brings its task with its standard launch objective; moving money keeps the total and each task's minimum")
    func addAndMove() throws {
        let brandOnly = try AnalysisInput(company: Founders.delawareSaaS, objectives: ["Build a memorable brand and logo"], reservePercent: 10)
        var adjustments = PlanAdjustments()
        adjustments.addAgents = [.legal]
        adjustments.taskBudgetCents = ["branding": 1_200_000]
        let plan = try PlanAdjuster.adjusted(brandOnly, adjustments)
        #expect(plan.tasks.map(\.agent).contains(.legal) && plan.objectives.count == 2)
        #expect(plan.tasks.first { $0.id == "branding" }?.budgetCents == 1_200_000)
        #expect(plan.allocations.first { $0.agent == .branding }?.budgetCents == 1_200_000)
        #expect(plan.allocations.reduce(0) { $0 + $1.budgetCents } + plan.reserveCents == plan.totalBudgetCents)
        #expect(plan.reserveCents >= plan.totalBudgetCents / 10)
    }

    @Test("adjustments that do not hold are named: below a minimum, beyond the budget, an unknown task, a reserve out of range, every agent dropped")
    func refusals() throws {
        let plan = PlanAnalyzer.analyze(input)
        func problems(_ change: (inout PlanAdjustments) -> Void) -> [String] {
            var adjustments = PlanAdjustments()
            change(&adjustments)
            do {
                _ = try PlanAdjuster.adjusted(input, adjustments)
                return []
            } catch let error as RPCError {
                return error.details.map { "\($0.field): \($0.description)" }
            } catch {
                return ["\(error)"]
            }
        }
        #expect(problems { $0.taskBudgetCents = ["legal": 100] }.first?.hasPrefix("adjustments.task_budget_cents: legal: between its minimum") == true)
        #expect(problems { $0.taskBudgetCents = ["legal": plan.totalBudgetCents] }.contains { $0.contains("more than the") })
        #expect(problems { $0.taskBudgetCents = ["nope": 100_000] } == ["adjustments.task_budget_cents: the plan has no task nope"])
        #expect(problems { $0.reservePercent = 60 }.first?.hasPrefix("adjustments.reserve_percent") == true)
        #expect(problems { $0.dropAgents = plan.tasks.map(\.agent) }.contains { $0.contains("every agent would be dropped") })
        #expect(problems { $0.dropAgents = [.legal]; $0.addAgents = [.legal] }.contains { $0.contains("both added and dropped") })
    }
}
