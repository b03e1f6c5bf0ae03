import CEOAPI
import CEODomain

/// Splits an allocatable budget across agents by weight, lifting any agent below its
/// minimum to the minimum at the expense of the others. Shares add up to the cent.
enum BudgetAllocator {
    struct Allocation: Equatable {
        var agent: AgentType
        var cents: Int64
        var weight: Double
    }

    /// `thin` is true when the minimums together exceed `allocatable` (minor units of
    /// `currency`); the split is then proportional to the minimums.
    static func allocate(_ agents: [AgentProfile], allocatable: Int64, currency: String = PlanningRates.defaultCurrency) -> (allocations: [Allocation], thin: Bool) {
        guard !agents.isEmpty else { return ([], false) }
        let minimum = agents.map { $0.planning.minimum(in: currency) }
        let totalWeight = agents.reduce(0) { $0 + $1.planning.weight }
        let minimums = minimum.reduce(0, +)
        var shares: [Double]
        var fixed = Set<Int>()
        let thin = minimums > allocatable
        if thin {
            shares = minimum.map { Double(allocatable) * Double($0) / Double(minimums) }
        } else {
            // Water-filling: fix agents whose weighted share is below their minimum, re-split the rest.
            while true {
                let free = agents.indices.filter { !fixed.contains($0) }
                let remaining = Double(allocatable - fixed.reduce(Int64(0)) { $0 + minimum[$1] })
                let freeWeight = free.reduce(0.0) { $0 + agents[$1].planning.weight }
                let newlyFixed = free.filter { remaining * agents[$0].planning.weight / freeWeight < Double(minimum[$0]) }
                if newlyFixed.isEmpty {
                    shares = agents.indices.map { index in
                        fixed.contains(index) ? Double(minimum[index]) : remaining * agents[index].planning.weight / freeWeight
                    }
                    break
                }
                fixed.formUnion(newlyFixed)
            }
        }
        var cents = shares.map { Int64($0.rounded(.down)) }
        // The rounding remainder goes to the largest share not held at its minimum (the first of equals).
        let receivers = cents.indices.filter { !fixed.contains($0) }
        if let largest = receivers.max(by: { cents[$0] < cents[$1] || (cents[$0] == cents[$1] && $0 > $1) }) {
            cents[largest] += allocatable - cents.reduce(0, +)
        }
        let allocations = agents.indices.map { Allocation(agent: agents[$0].type, cents: cents[$0], weight: agents[$0].planning.weight / totalWeight) }
        return (allocations, thin)
    }
}
