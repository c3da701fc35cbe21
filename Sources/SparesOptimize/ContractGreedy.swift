import SparesModel

/// The contract optimiser's analytic warm start (`spares optimize --objective total-cost`): greedy
/// marginal analysis of base-stock levels on what the contract costs a year, holding plus expected
/// response penalties plus expected expedite spend, with each contract's parts-on-site attainment
/// target as a constraint, all by the window model of `PolicyEvaluation`.
///
/// Per part the figures decompose (`Figures`), so a unit added to one part's tree changes only that
/// tree's candidates. While a contract's analytic attainment is below its target, each step adds the
/// unit with the most in-time demand of the short contracts per euro of unit cost; once every target
/// is met, the unit that lowers the yearly cost most, as long as one lowers it. Penalties count per
/// breach (a late hour's penalty and availability credits are not in the model); expedites cost their
/// lane's charge when used; holding is the expected on-hand stock S − E[pipeline] + EBO at the part's
/// holding rate.
public struct ContractGreedy: Sendable {
    /// One site's demand for a part, as the window model sees it.
    struct Entry: Sendable {
        var rate: Double
        var contract: Int
        /// The first serving location's node in the part's tree (-1: not stocked there).
        var first: Int
        /// Hours left for the first location's pipeline, w − d (nil: no window, or d > w).
        var slack: Double?
        /// Overflow sources in order: node (-1 none in the tree, -2 a supplier), in reach, charge.
        var overflow: [(node: Int, inReach: Bool, cost: Double)]
    }

    /// A part's yearly costs and, per contract, its in-time and first-shelf demand rates (per hour);
    /// per node of its tree, the windowed demand it serves first and the share of it in time.
    public struct Figures: Sendable, Equatable {
        public var holding = 0.0
        public var penalties = 0.0
        public var expedites = 0.0
        public var inTime: [Double]
        public var shelfFilled: [Double]
        public var nodeDemand: [Double]
        public var nodeInTime: [Double]
        public var cost: Double { holding + penalties + expedites }
    }

    public let problem: StockProblem
    let entries: [[Entry]]
    /// Per contract: penalty per breach, attainment target, its window (hours; nil: none applies),
    /// its part demand rate (per hour) and that of parts nobody resupplies (never in time).
    let penalty: [Double]
    public let targets: [Double?]
    public let windows: [Double?]
    public let demand: [Double]
    public let unsupplied: [Double]
    /// Per contract: the demand rate its window applies to (0 without a window).
    public let windowDemand: [Double]
    public let contractIDs: [String]
    let holdingRate: [Double]

    public init(_ scenario: Scenario, policy index: Int) {
        let policy = scenario.policies[index]
        let problem = StockProblem(scenario, method: .variMetric)
        self.problem = problem
        let partCount = scenario.parts.count
        var node: [Int: (tree: Int, node: Int)] = [:]
        for (t, tree) in problem.parts.enumerated() {
            for (n, l) in tree.locations.enumerated() { node[l * partCount + tree.part] = (t, n) }
        }
        let windows: [Double?] = scenario.contracts.map { contract in
            guard let response = contract.response, response.measure == .partsOnSite else { return nil }
            switch response.clock {
            case .continuous(let target), .businessHours(let target): return target
            case .nextBusinessDay: return nil
            }
        }
        func transit(_ l: Int, _ lane: Int) -> Double { DepartureWait.mean(scenario, from: l, lane: lane) + scenario.lanes.lanes[lane].transit.mean }
        var lists = [[Entry]](repeating: [], count: problem.parts.count)
        var demand = [Double](repeating: 0, count: scenario.contracts.count)
        var unserved = demand
        for (s, site) in scenario.sites.enumerated() {
            let c = site.contract
            guard let first = site.serving.first, let firstLane = scenario.lanes.fastest(from: .location(first), to: .site(s)) else { continue }
            let w = windows[c]
            let d = transit(first, firstLane)
            var routes: [(location: Int, lane: Int, inReach: Bool, expedite: Bool)] = []
            for l in site.serving.dropFirst() {
                if let lane = scenario.lanes.fastest(from: .location(l), to: .site(s)) { routes.append((l, lane, w.map { transit(l, lane) <= $0 } ?? false, false)) }
            }
            let tier = scenario.contracts[c].tier
            for step in policy.expediting where step.tiers.isEmpty || step.tiers.contains(tier) {
                for route in scenario.expediteRoutes(step, site: s) {
                    routes.append((route.location, route.lane, w.map { transit(route.location, route.lane) <= $0 } ?? false, true))
                }
            }
            var rate = [Double](repeating: 0, count: partCount)
            for row in site.units {
                let type = scenario.equipmentTypes[row.equipment]
                for line in type.bom { rate[line.part] += Double(row.count * line.quantity) / line.life.mean * (1 - type.remoteFix) }
            }
            for p in 0..<partCount where rate[p] > 0 {
                demand[c] += rate[p]
                guard let at = node[first * partCount + p] else {
                    unserved[c] += rate[p]
                    continue
                }
                let overflow = routes.map { r -> (node: Int, inReach: Bool, cost: Double) in
                    let n = scenario.locations[r.location].echelon == .supplier ? -2 : (node[r.location * partCount + p].map { $0.node } ?? -1)
                    return (n, r.inReach, r.expedite ? scenario.lanes.lanes[r.lane].cost : 0)
                }
                lists[at.tree].append(Entry(rate: rate[p], contract: c, first: at.node, slack: w.flatMap { $0 >= d ? $0 - d : nil }, overflow: overflow))
            }
        }
        entries = lists
        penalty = scenario.contracts.map { $0.response?.penaltyPerBreach ?? 0 }
        targets = scenario.contracts.indices.map { windows[$0] != nil ? scenario.contracts[$0].response?.attainmentTarget : nil }
        self.windows = windows
        self.demand = demand
        windowDemand = demand.indices.map { windows[$0] != nil ? demand[$0] : 0 }
        unsupplied = unserved
        contractIDs = scenario.contracts.map(\.id)
        holdingRate = problem.parts.map { scenario.parts[$0.part].holdingRate }
    }

    /// The yearly figures of tree `t` at `stock`.
    public func figures(_ t: Int, stock: [Int]) -> Figures {
        let tree = problem.parts[t]
        let evaluation = tree.model.evaluate(stock)
        let none = [Double](repeating: 0, count: contractIDs.count), nodes = [Double](repeating: 0, count: stock.count)
        var f = Figures(inTime: none, shelfFilled: none, nodeDemand: nodes, nodeInTime: nodes)
        for n in stock.indices {
            let onHand = Double(stock[n]) - evaluation.pipelines[n].mean + evaluation.backorders[n]
            f.holding += onHand * tree.unitCost * holdingRate[t]
        }
        let fill = stock.indices.map { evaluation.pipelines[$0].fastCDF(stock[$0] - 1) }
        for e in entries[t] {
            var inTime = 0.0
            if let slack = e.slack {
                let rate = tree.model.nodes[e.first].rate
                let pipeline = evaluation.pipelines[e.first]
                let resupply = rate > 0 ? pipeline.mean / rate : 0
                if resupply <= slack {
                    inTime = 1
                } else {
                    let scale = (resupply - slack) / resupply
                    inTime = PipelineDistribution(mean: pipeline.mean * scale, variance: pipeline.variance * scale).fastCDF(stock[e.first] - 1)
                }
            }
            let outcome = WindowOutcome(shelf: fill[e.first], withinWindow: inTime, shelfInTime: e.slack != nil,
                                        overflow: e.overflow.map { o in (o.node == -2 ? 1 : o.node >= 0 ? fill[o.node] : 0, o.inReach, o.cost) })
            f.expedites += outcome.charge * e.rate * 8760
            f.shelfFilled[e.contract] += e.rate * fill[e.first]
            guard windows[e.contract] != nil else { continue }
            f.inTime[e.contract] += e.rate * outcome.onTime
            f.nodeDemand[e.first] += e.rate
            f.nodeInTime[e.first] += e.rate * outcome.onTime
            f.penalties += e.rate * 8760 * (1 - outcome.onTime) * penalty[e.contract]
        }
        return f
    }

    public struct Result: Sendable {
        public var stock: [[Int]]
        public var figures: [Figures]
        public var steps: Int
        /// Per contract: analytic attainment (nil without a window) against its target.
        public var attainment: [Double?]
        public var metTargets: Bool
        public var cost: Double { figures.reduce(0) { $0 + $1.cost } }
        public var holding: Double { figures.reduce(0) { $0 + $1.holding } }
        public var penalties: Double { figures.reduce(0) { $0 + $1.penalties } }
        public var expedites: Double { figures.reduce(0) { $0 + $1.expedites } }
        public var investment = 0.0
    }

    /// Runs the greedy from `start` (per tree and node; default all zero) for at most `maxSteps` units;
    /// `raise` adds to every contract's attainment target (capped at 99.99%), so that the simulation
    /// optimiser can correct the analytic model's bias by asking more of it.
    public func run(from start: [[Int]]? = nil, maxSteps: Int = 1_000_000, raise: Double = 0) -> Result {
        let targets = self.targets.map { $0.map { min(max($0 + raise, 0), 0.9999) } }
        var stock = start ?? problem.parts.map { [Int](repeating: 0, count: $0.locations.count) }
        var current = problem.parts.indices.map { figures($0, stock: stock[$0]) }
        // Per tree and node: the figures with one more unit there.
        var trial = problem.parts.indices.map { t in stock[t].indices.map { n -> Figures in
            var s = stock[t]; s[n] += 1; return figures(t, stock: s)
        } }
        var steps = 0
        while steps < maxSteps {
            let inTime = contractIDs.indices.map { c in current.reduce(0) { $0 + $1.inTime[c] } }
            let short = contractIDs.indices.filter { c in
                guard let target = targets[c], windowDemand[c] > 0 else { return false }
                return inTime[c] / windowDemand[c] < target - 1e-12
            }
            var best: (t: Int, n: Int, score: Double)?
            for t in trial.indices {
                let cost = max(problem.parts[t].unitCost, 1e-9)
                for n in trial[t].indices {
                    let score: Double
                    if short.isEmpty {
                        score = (current[t].cost - trial[t][n].cost) / cost
                    } else {
                        score = short.reduce(0.0) { $0 + (trial[t][n].inTime[$1] - current[t].inTime[$1]) / windowDemand[$1] } / cost
                    }
                    if score > 1e-15, best.map({ score > $0.score }) ?? true { best = (t, n, score) }
                }
            }
            guard let chosen = best else { break }
            stock[chosen.t][chosen.n] += 1
            current[chosen.t] = trial[chosen.t][chosen.n]
            trial[chosen.t] = stock[chosen.t].indices.map { n in
                var s = stock[chosen.t]; s[n] += 1; return figures(chosen.t, stock: s)
            }
            steps += 1
        }
        let attainment: [Double?] = contractIDs.indices.map { c in
            windowDemand[c] > 0 ? current.reduce(0) { $0 + $1.inTime[c] } / windowDemand[c] : nil
        }
        let met = contractIDs.indices.allSatisfy { c in self.targets[c].map { (attainment[c] ?? 1) >= $0 - 1e-12 } ?? true }
        var result = Result(stock: stock, figures: current, steps: steps, attainment: attainment, metTargets: met)
        result.investment = problem.parts.indices.reduce(0.0) { $0 + Double(stock[$1].reduce(0, +)) * problem.parts[$1].unitCost }
        return result
    }
}
