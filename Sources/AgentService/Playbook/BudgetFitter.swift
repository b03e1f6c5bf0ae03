/// How much a piece of an agent's plan matters when the budget is short.
public enum WorkPriority: Int, Sendable, Comparable, CaseIterable {
    /// Without it the deliverable makes no sense; if the essentials do not fit, nothing does.
    case essential
    /// Included whenever the budget allows, before anything optional.
    case recommended
    case optional

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A priced unit of an agent's plan: one or more line items that go together.
public struct WorkPackage: Sendable, Hashable {
    public var id: String
    public var title: String
    public var priority: WorkPriority
    public var costCents: Int64

    public init(id: String, title: String, priority: WorkPriority, costCents: Int64) {
        self.id = id
        self.title = title
        self.priority = priority
        self.costCents = costCents
    }
}

/// The packages chosen for a budget, or the least budget that would do.
public enum BudgetFit: Sendable, Equatable {
    /// `chosen` costs at most the budget; `dropped` did not fit (in the order offered).
    case fits(chosen: [WorkPackage], dropped: [WorkPackage])
    /// Even the essential packages cost more than the budget: this is their cost.
    case insufficient(minimumCents: Int64)
}

/// Chooses what fits a budget, deterministically: every essential package (or
/// nothing), then recommended, then optional ones, each group in the order given,
/// skipping a package that does not fit and trying the next.
public enum BudgetFitter {
    public static func fit(_ packages: [WorkPackage], budgetCents: Int64) -> BudgetFit {
        let essentials = packages.filter { $0.priority == .essential }
        let minimum = essentials.reduce(0) { $0 + $1.costCents }
        guard minimum <= budgetCents else { return .insufficient(minimumCents: minimum) }
        var remaining = budgetCents - minimum
        var chosen = essentials
        var dropped: [WorkPackage] = []
        for priority in [WorkPriority.recommended, .optional] {
            for package in packages where package.priority == priority {
                if package.costCents <= remaining {
                    chosen.append(package)
                    remaining -= package.costCents
                } else {
                    dropped.append(package)
                }
            }
        }
        return .fits(chosen: chosen, dropped: dropped)
    }
}
