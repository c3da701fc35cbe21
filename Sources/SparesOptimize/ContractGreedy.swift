import SparesKernel
import SparesModel

/// The contract optimiser's analytic warm start (`spares optimize --objective total-cost`): greedy
/// marginal analysis of base-stock levels on what the contract costs a year, holding plus expected
/// response penalties plus expected expedite spend plus expected availability credits less bonuses,
/// with each contract's parts-on-site attainment target as a constraint, all by the window model of
/// `PolicyEvaluation` and the credit model of `AvailabilityCredits`.
///
/// Per part the figures decompose (`Figures`), so a unit added to one part's tree changes only that
/// tree's candidates. While a contract's analytic attainment is below its target, each step adds the
/// unit with the most in-time demand of the short contracts per euro of unit cost; once every target
/// is met, the unit that lowers the yearly cost most, as long as one lowers it. Penalties count per
/// breach (a late hour's penalty is not in the model); expedites cost their lane's charge when used;
/// holding is the expected on-hand stock S − E[pipeline] + EBO at the part's holding rate.
///
/// Candidates wait in a max-heap by score (`CandidateHeap`), so a step costs O(log candidates) plus
/// the rescoring of the changed part's stock points. Credits couple parts through their sites (a
/// site's downtime sums every part's incidents), so in the cost phase a candidate enters with the
/// credits' first-order change (the site's gradient in its downtime sums times the candidate's change
/// of them) and, when it surfaces, is rescored exactly at the present state and taken only if it is
/// still best (lazy greedy: a candidate's score may have moved since, as other parts changed its sites).
public struct ContractGreedy: Sendable {
    /// One site's demand for a part, as the window model sees it.
    struct Entry: Sendable {
        var rate: Double
        var contract: Int
        /// The first serving location's node in the part's tree (-1: not stocked there).
        var first: Int
        /// Hours left for the first location's pipeline, w − d (nil: no window, or d > w).
        var slack: Double?
        /// Overflow sources in order: node (-1 none in the tree, -2 a supplier), in reach, charge, and
        /// departure wait plus mean transit (hours).
        var overflow: [(node: Int, inReach: Bool, cost: Double, transit: Double)]
        /// The site's slot in the credit model (-1: no availability clause), and the times its
        /// downtime is made of: departure wait plus mean transit from the first location, the nearest
        /// qualified technician's travel, and the repair time's
        /// first two moments (hours; demand-weighted over the site's equipment with the part).
        var credit = -1
        var transit = 0.0
        var technician = 0.0
        var repair: (first: Double, second: Double) = (0, 0)
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
        /// Per entry of the part: demand rate × E[downtime] and × E[downtime²] (hours, per hour; zero
        /// at sites without an availability clause), for the credit model.
        public var downFirst: [Double] = []
        public var downSecond: [Double] = []
        /// Holding, penalties and expedites; credits are the sites', not the part's (`Result.credits`).
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
    /// The availability-credit model, with every entry's demand in its sites' incident rates.
    let credits: AvailabilityCredits

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
        var credits = AvailabilityCredits(scenario)
        var lists = [[Entry]](repeating: [], count: problem.parts.count)
        var demand = [Double](repeating: 0, count: scenario.contracts.count)
        var unserved = demand
        for (s, site) in scenario.sites.enumerated() {
            let c = site.contract
            guard let first = site.serving.first, let firstLane = scenario.lanes.fastest(from: .location(first), to: .site(s)) else { continue }
            let w = windows[c]
            let d = transit(first, firstLane)
            var routes: [(location: Int, lane: Int, inReach: Bool, expedite: Bool, transit: Double)] = []
            for l in site.serving.dropFirst() {
                if let lane = scenario.lanes.fastest(from: .location(l), to: .site(s)) {
                    let t = transit(l, lane)
                    routes.append((l, lane, w.map { t <= $0 } ?? false, false, t))
                }
            }
            let tier = scenario.contracts[c].tier
            for step in policy.expediting where step.tiers.isEmpty || step.tiers.contains(tier) {
                for route in scenario.expediteRoutes(step, site: s) {
                    let t = transit(route.location, route.lane)
                    routes.append((route.location, route.lane, w.map { t <= $0 } ?? false, true, t))
                }
            }
            var rate = [Double](repeating: 0, count: partCount)
            var technician = rate, repairFirst = rate, repairSecond = rate
            for row in site.units {
                let type = scenario.equipmentTypes[row.equipment]
                let travel = Self.nearestTravel(scenario, site: s, skill: type.skill)
                let r1 = type.repairTime.mean, r2 = type.repairTime.variance + r1 * r1
                for line in type.bom {
                    let r = Double(row.count * line.quantity) / line.life.mean * (1 - type.remoteFix)
                    rate[line.part] += r
                    technician[line.part] += r * travel
                    repairFirst[line.part] += r * r1
                    repairSecond[line.part] += r * r2
                }
            }
            for p in 0..<partCount where rate[p] > 0 {
                demand[c] += rate[p]
                guard let at = node[first * partCount + p] else {
                    unserved[c] += rate[p]
                    continue
                }
                let overflow = routes.map { r -> (node: Int, inReach: Bool, cost: Double, transit: Double) in
                    let n = scenario.locations[r.location].echelon == .supplier ? -2 : (node[r.location * partCount + p].map { $0.node } ?? -1)
                    return (n, r.inReach, r.expedite ? scenario.lanes.lanes[r.lane].cost : 0, r.transit)
                }
                var entry = Entry(rate: rate[p], contract: c, first: at.node, slack: w.flatMap { $0 >= d ? $0 - d : nil }, overflow: overflow)
                let k = credits.slot[s]
                if k >= 0 {
                    credits.sites[k].incidents += rate[p]
                    entry.credit = k
                    entry.transit = d
                    entry.technician = technician[p] / rate[p]
                    entry.repair = (repairFirst[p] / rate[p], repairSecond[p] / rate[p])
                }
                lists[at.tree].append(entry)
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
        self.credits = credits
    }

    /// Hours the nearest technician pool qualified for `skill` travels to site `s` (0 without one),
    /// as the simulation's dispatch measures it.
    static func nearestTravel(_ scenario: Scenario, site s: Int, skill: Int?) -> Double {
        let at = scenario.sites[s].coordinate
        let travel = scenario.technicianPools.filter { pool in skill.map { pool.skills.contains($0) } ?? true }
            .map { $0.detour * $0.coordinate.distance(to: at) / $0.speed }
        return travel.min() ?? 0
    }

    /// The yearly figures of tree `t` at `stock`.
    public func figures(_ t: Int, stock: [Int]) -> Figures {
        let tree = problem.parts[t]
        let evaluation = tree.model.evaluate(stock)
        let none = [Double](repeating: 0, count: contractIDs.count), nodes = [Double](repeating: 0, count: stock.count)
        var f = Figures(inTime: none, shelfFilled: none, nodeDemand: nodes, nodeInTime: nodes)
        f.downFirst = [Double](repeating: 0, count: entries[t].count)
        f.downSecond = f.downFirst
        for n in stock.indices {
            let onHand = Double(stock[n]) - evaluation.pipelines[n].mean + evaluation.backorders[n]
            f.holding += onHand * tree.unitCost * holdingRate[t]
        }
        let fill = stock.indices.map { evaluation.pipelines[$0].fastCDF(stock[$0] - 1) }
        for (i, e) in entries[t].enumerated() {
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
            var times: WindowOutcome.Times?
            if e.credit >= 0 {
                let rate = tree.model.nodes[e.first].rate, short = 1 - fill[e.first]
                let wait = rate > 0 && short > 1e-12 ? evaluation.backorders[e.first] / (rate * short) : 0
                times = .init(shelf: e.transit, backorderWait: wait, technician: e.technician)
            }
            let outcome = WindowOutcome(shelf: fill[e.first], withinWindow: inTime, shelfInTime: e.slack != nil, overflowCount: e.overflow.count,
                                        overflow: { i in
                                            let o = e.overflow[i]
                                            return (o.node == -2 ? 1 : o.node >= 0 ? fill[o.node] : 0, o.inReach, o.cost, o.transit)
                                        }, times: times)
            if e.credit >= 0 {
                let w = outcome.work
                f.downFirst[i] = e.rate * (w.first + e.repair.first)
                f.downSecond[i] = e.rate * (w.second + 2 * w.first * e.repair.first + e.repair.second)
            }
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
        /// Expected availability credits less bonuses a year, in all and per contract.
        public var credits = 0.0
        public var creditsByContract: [Double] = []
        public var cost: Double { figures.reduce(0) { $0 + $1.cost } + credits }
        public var holding: Double { figures.reduce(0) { $0 + $1.holding } }
        public var penalties: Double { figures.reduce(0) { $0 + $1.penalties } }
        public var expedites: Double { figures.reduce(0) { $0 + $1.expedites } }
        public var investment = 0.0
    }

    /// Per credit site: the downtime sums (rate × E[X], rate × E[X²]) of every part's `figures`.
    func downtimeSums(_ figures: [Figures]) -> (first: [Double], second: [Double]) {
        var first = [Double](repeating: 0, count: credits.sites.count), second = first
        for (t, f) in figures.enumerated() {
            for (i, e) in entries[t].enumerated() where e.credit >= 0 {
                first[e.credit] += f.downFirst[i]
                second[e.credit] += f.downSecond[i]
            }
        }
        return (first, second)
    }

    /// Expected availability credits less bonuses a year at `figures`, in all and per contract.
    public func credits(_ figures: [Figures]) -> (total: Double, byContract: [Double]) {
        let sums = downtimeSums(figures)
        var byContract = [Double](repeating: 0, count: contractIDs.count)
        for k in credits.sites.indices {
            byContract[credits.sites[k].contract] += credits.yearlyCost(slot: k, first: sums.first[k], second: sums.second[k])
        }
        return (byContract.reduce(0, +), byContract)
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
        var credit = CreditState(self, current)
        var stamps = [Int32](repeating: 0, count: trial.count)
        var heap = CandidateHeap()
        var heapPhase: [Int]?
        var steps = 0
        // A candidate's score: in the target phase the short contracts' in-time demand gained per euro
        // (exact: it depends on its own tree only); in the cost phase the yearly cost saved per euro,
        // its credits first estimated by the sites' gradients, computed exactly when it surfaces.
        func score(_ t: Int, _ n: Int, short: [Int], exact: Bool) -> Double {
            let cost = max(problem.parts[t].unitCost, 1e-9)
            guard short.isEmpty else {
                return short.reduce(0.0) { $0 + (trial[t][n].inTime[$1] - current[t].inTime[$1]) / windowDemand[$1] } / cost
            }
            let change = exact ? credit.exactChange(self, t, from: current[t], to: trial[t][n])
                : credit.linearChange(self, t, from: current[t], to: trial[t][n])
            return (current[t].cost - trial[t][n].cost - change) / cost
        }
        func candidates(_ t: Int, short: [Int], step: Int) -> [Candidate] {
            trial[t].indices.map { n in
                let exact = short.isEmpty && credit.sites.isEmpty
                return .init(score: score(t, n, short: short, exact: false), tree: Int32(t), node: Int32(n), stamp: stamps[t],
                             exactAt: short.isEmpty && !exact ? -1 : Int32.max)
            }
        }
        while steps < maxSteps {
            let inTime = contractIDs.indices.map { c in current.reduce(0) { $0 + $1.inTime[c] } }
            let short = contractIDs.indices.filter { c in
                guard let target = targets[c], windowDemand[c] > 0 else { return false }
                return inTime[c] / windowDemand[c] < target - 1e-12
            }
            if heapPhase != short {
                heap = CandidateHeap(trial.indices.flatMap { candidates($0, short: short, step: steps) })
                heapPhase = short
            }
            var chosen: Candidate?
            while let c = heap.pop() {
                guard c.stamp == stamps[Int(c.tree)] else { continue }
                if c.exactAt == Int32.max || c.exactAt == Int32(steps) {
                    if c.score > 1e-15 { chosen = c }
                    break
                }
                // A stale or estimated score: rescore exactly now and let it compete again.
                var fresh = c
                fresh.score = score(Int(c.tree), Int(c.node), short: short, exact: true)
                fresh.exactAt = Int32(steps)
                heap.push(fresh)
            }
            guard let pick = chosen else { break }
            let t = Int(pick.tree), n = Int(pick.node)
            stock[t][n] += 1
            credit.move(self, t, from: current[t], to: trial[t][n])
            current[t] = trial[t][n]
            trial[t] = stock[t].indices.map { n in
                var s = stock[t]; s[n] += 1; return figures(t, stock: s)
            }
            stamps[t] += 1
            steps += 1
            // The other candidates of the heap stay: their trees did not change (in the cost phase
            // their credit terms did, which the exact rescoring on surfacing takes in).
            for c in candidates(t, short: short, step: steps) { heap.push(c) }
        }
        let attainment: [Double?] = contractIDs.indices.map { c in
            windowDemand[c] > 0 ? current.reduce(0) { $0 + $1.inTime[c] } / windowDemand[c] : nil
        }
        let met = contractIDs.indices.allSatisfy { c in self.targets[c].map { (attainment[c] ?? 1) >= $0 - 1e-12 } ?? true }
        var result = Result(stock: stock, figures: current, steps: steps, attainment: attainment, metTargets: met)
        (result.credits, result.creditsByContract) = credits(current)
        result.investment = problem.parts.indices.reduce(0.0) { $0 + Double(stock[$1].reduce(0, +)) * problem.parts[$1].unitCost }
        return result
    }
}
