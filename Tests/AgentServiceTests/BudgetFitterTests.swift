import AgentService
import Testing

@Suite("Budget fitting")
struct BudgetFitterTests {
    let packages = [
        WorkPackage(id: "core", title: "core", priority: .essential, costCents: 50_000),
        WorkPackage(id: "filing", title: "filing", priority: .essential, costCents: 11_000),
        WorkPackage(id: "big", title: "big", priority: .recommended, costCents: 100_000),
        WorkPackage(id: "small", title: "small", priority: .recommended, costCents: 20_000),
        WorkPackage(id: "extra", title: "extra", priority: .optional, costCents: 5_000),
    ]

    @Test("everything fits a large budget")
    func everything() {
        guard case .fits(let chosen, let dropped) = BudgetFitter.fit(packages, budgetCents: 1_000_000) else {
            Issue.record("expected a fit")
            return
        }
        #expect(chosen.map(\.id) == ["core", "filing", "big", "small", "extra"])
        #expect(dropped.isEmpty)
    }

    @Test("a smaller budget keeps essentials, skips what does not fit, and still takes smaller items")
    func smaller() {
        guard case .fits(let chosen, let dropped) = BudgetFitter.fit(packages, budgetCents: 90_000) else {
            Issue.record("expected a fit")
            return
        }
        #expect(chosen.map(\.id) == ["core", "filing", "small", "extra"])
        #expect(dropped.map(\.id) == ["big"])
        #expect(chosen.reduce(0) { $0 + $1.costCents } <= 90_000)
    }

    @Test("when the essentials do not fit, the answer is the minimum they need")
    func insufficient() {
        #expect(BudgetFitter.fit(packages, budgetCents: 60_999) == .insufficient(minimumCents: 61_000))
        #expect(BudgetFitter.fit(packages, budgetCents: 61_000) == .fits(chosen: Array(packages.prefix(2)), dropped: Array(packages.suffix(3))))
    }

    @Test("chosen packages never exceed the budget, for any budget")
    func neverExceeds() {
        for budget in stride(from: Int64(0), through: 200_000, by: 1_000) {
            if case .fits(let chosen, _) = BudgetFitter.fit(packages, budgetCents: budget) {
                #expect(chosen.reduce(0) { $0 + $1.costCents } <= budget)
            }
        }
    }
}
