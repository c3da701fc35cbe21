/// The greedy's running state of the availability-credit model: per credit site its downtime sums,
/// its expected yearly credits less bonuses, and their gradient in the sums, kept current as units
/// are placed (only the chosen part's sites change). The gradient only ranks candidates before they
/// are rescored exactly, so it is refreshed when a site's downtime sum has moved by more than
/// `refresh` of itself since it was taken, not at every unit.
struct CreditState {
    static let refresh = 0.01

    struct Site {
        var first: Double
        var second: Double
        var cost: Double
        var gradient: (first: Double, second: Double)
        /// The downtime sum `first` when the gradient was taken.
        var gradientAt: Double
    }

    var sites: [Site]

    init(_ greedy: ContractGreedy, _ figures: [ContractGreedy.Figures]) {
        let sums = greedy.downtimeSums(figures)
        sites = greedy.credits.sites.indices.map { k in
            Self.site(greedy, k, first: sums.first[k], second: sums.second[k])
        }
    }

    /// Site slot `k` at downtime sums `first`, `second`, with its gradient by forward differences.
    static func site(_ greedy: ContractGreedy, _ k: Int, first: Double, second: Double) -> Site {
        let model = greedy.credits
        let cost = model.yearlyCost(slot: k, first: first, second: second)
        let h1 = max(first * 1e-4, 1e-9), h2 = max(second * 1e-4, 1e-9)
        let g1 = (model.yearlyCost(slot: k, first: first + h1, second: second) - cost) / h1
        let g2 = (model.yearlyCost(slot: k, first: first, second: second + h2) - cost) / h2
        return Site(first: first, second: second, cost: cost, gradient: (g1, g2), gradientAt: first)
    }

    /// The first-order change of the yearly credits when tree `t`'s figures go from `a` to `b`.
    func linearChange(_ greedy: ContractGreedy, _ t: Int, from a: ContractGreedy.Figures, to b: ContractGreedy.Figures) -> Double {
        guard !sites.isEmpty else { return 0 }
        var change = 0.0
        for (i, e) in greedy.entries[t].enumerated() where e.credit >= 0 {
            let g = sites[e.credit].gradient
            change += g.first * (b.downFirst[i] - a.downFirst[i]) + g.second * (b.downSecond[i] - a.downSecond[i])
        }
        return change
    }

    /// The exact change of the yearly credits when tree `t`'s figures go from `a` to `b` (a tree has
    /// one entry per site, so each site changes by its entry's difference).
    func exactChange(_ greedy: ContractGreedy, _ t: Int, from a: ContractGreedy.Figures, to b: ContractGreedy.Figures) -> Double {
        var change = 0.0
        for (i, e) in greedy.entries[t].enumerated() where e.credit >= 0 {
            let s = sites[e.credit]
            let first = s.first + b.downFirst[i] - a.downFirst[i], second = s.second + b.downSecond[i] - a.downSecond[i]
            change += greedy.credits.yearlyCost(slot: e.credit, first: first, second: second) - s.cost
        }
        return change
    }

    /// Takes tree `t`'s move from `a` to `b` into its sites.
    mutating func move(_ greedy: ContractGreedy, _ t: Int, from a: ContractGreedy.Figures, to b: ContractGreedy.Figures) {
        guard !sites.isEmpty else { return }
        for (i, e) in greedy.entries[t].enumerated() where e.credit >= 0 {
            var s = sites[e.credit]
            s.first += b.downFirst[i] - a.downFirst[i]
            s.second += b.downSecond[i] - a.downSecond[i]
            if abs(s.first - s.gradientAt) > Self.refresh * abs(s.gradientAt) {
                s = Self.site(greedy, e.credit, first: s.first, second: s.second)
            } else {
                s.cost = greedy.credits.yearlyCost(slot: e.credit, first: s.first, second: s.second)
            }
            sites[e.credit] = s
        }
    }
}
