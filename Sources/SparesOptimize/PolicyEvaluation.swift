import SparesModel

/// The analytic figures of one policy's stock levels (`spares evaluate`): per stock point its demand,
/// pipeline, expected backorders by VARI-METRIC and METRIC, shelf fill and fill within its sites'
/// response windows; per contract the share of part demands on site within the window; in total the
/// investment, backorders, availability and fill.
///
/// **Fill within the response window** of a demand at site s for part p, first served by location l,
/// under a parts-on-site window of w hours (`WindowModel`, `WindowOutcome`): the part is on l's shelf,
/// or arrives there from its pipeline, in time for the delivery (the wait for the lane's departure at
/// l, pick time included, plus its mean transit: d) to reach the site by w: `fillWithin(w − d)`
/// (Kruse's result, exact for Poisson demand and deterministic resupply, the pipeline's fitted law
/// otherwise). A demand that finds l's shelf empty overflows, in the simulation's order, to the site's
/// other serving shelves and to the policy's expediting steps its tier may use; each source in turn
/// has stock with its shelf fill rate (a supplier always) and is in time when its departure wait and
/// lane's mean transit fit within w; with none, it waits for l's pipeline, in time with the
/// window fill's share of the shelf's misses. Rationing, the
/// `penalty_exceeds_cost` test, the spread of transit times and technicians are left out: a documented
/// approximation of the simulated parts-on-site attainment, not of a technician-on-site window, and
/// no figure for a next-business-day clock (whose window is no fixed number of hours).
public struct PolicyEvaluation: Sendable {
    public struct PointRow: Sendable, Codable, Equatable {
        public var location: String
        public var part: String
        public var level: Int
        /// Demands a year: from the sites it serves first, and in all (its children's orders too).
        public var siteDemandPerYear: Double
        public var demandPerYear: Double
        /// Mean units in resupply (VARI-METRIC, parent delay included), and expected backorders by both methods.
        public var pipelineMean: Double
        public var backordersVariMetric: Double
        public var backordersMetric: Double
        /// Share of demands filled from the shelf at once (VARI-METRIC).
        public var fill: Double
        /// Share of its sites' demands on site within their contracts' windows (nil: none applies).
        public var fillWithinWindow: Double?
        public var investment: Double
    }

    public struct ContractRow: Sendable, Codable, Equatable {
        public var contract: String
        /// The parts-on-site window, hours (nil: the contract measures no parts-on-site response within a fixed window).
        public var windowHours: Double?
        public var demandsPerYear: Double
        /// Share of its part demands on site within the window, and filled from the first serving shelf.
        public var fillWithinWindow: Double?
        public var shelfFill: Double
        public var attainmentTarget: Double?
    }

    public var policy: String
    public var points: [PointRow]
    public var contracts: [ContractRow]
    public var investment: Double
    /// Expected site backorders (units waiting for a part) and availability, by VARI-METRIC and METRIC;
    /// site-demand-weighted shelf fill.
    public var backordersVariMetric: Double
    public var backordersMetric: Double
    public var availabilityVariMetric: Double
    public var availabilityMetric: Double
    public var fill: Double
    /// Parts nobody resupplies, left out.
    public var unsupplied: [String]

    public init(_ scenario: Scenario, policy index: Int) {
        let policy = scenario.policies[index]
        let vari = StockProblem(scenario, method: .variMetric), metric = StockProblem(scenario, method: .metric)
        let analysis = MarginalAnalysis(vari), metricAnalysis = MarginalAnalysis(metric)
        let stock = analysis.stock(of: policy)
        let total = analysis.evaluate(stock: stock), totalMetric = metricAnalysis.evaluate(stock: stock)
        let evaluations = vari.parts.indices.map { vari.parts[$0].model.evaluate(stock[$0]) }
        let evaluationsMetric = metric.parts.indices.map { metric.parts[$0].model.evaluate(stock[$0]) }
        let window = WindowModel(scenario, policy: policy, problem: vari, stock: stock, evaluations: evaluations)

        var rows: [PointRow] = []
        for (t, tree) in vari.parts.enumerated() {
            for (n, l) in tree.locations.enumerated() {
                let node = tree.model.nodes[n]
                rows.append(PointRow(
                    location: scenario.locations[l].id, part: scenario.parts[tree.part].id, level: stock[t][n],
                    siteDemandPerYear: node.rate * node.siteShare * 8760, demandPerYear: node.rate * 8760,
                    pipelineMean: evaluations[t].pipelines[n].mean, backordersVariMetric: evaluations[t].backorders[n],
                    backordersMetric: evaluationsMetric[t].backorders[n], fill: evaluations[t].pipelines[n].fillRate(stock[t][n]),
                    fillWithinWindow: window.pointShare(location: l, part: tree.part), investment: Double(stock[t][n]) * tree.unitCost))
            }
        }
        self.policy = policy.id
        points = rows.sorted { ($0.location, $0.part) < ($1.location, $1.part) }
        contracts = scenario.contracts.indices.map { c in
            ContractRow(contract: scenario.contracts[c].id, windowHours: window.windows[c], demandsPerYear: window.contractDemand[c] * 8760,
                        fillWithinWindow: window.contractShare(c), shelfFill: window.contractShelf(c),
                        attainmentTarget: scenario.contracts[c].response?.attainmentTarget)
        }
        investment = total.investment
        backordersVariMetric = total.backorders
        backordersMetric = totalMetric.backorders
        availabilityVariMetric = total.availability
        availabilityMetric = totalMetric.availability
        fill = total.fillRate
        unsupplied = vari.unsupplied
    }
}

/// Fill within each contract's parts-on-site window, per site and part (`PolicyEvaluation`).
struct WindowModel {
    /// Per contract: its window in hours (nil: none applies).
    let windows: [Double?]
    /// Per contract: part demands per hour, those filled from the first shelf, and those in time.
    private(set) var contractDemand: [Double]
    private var contractInTime: [Double]
    private var contractShelfFilled: [Double]
    /// Per (location × parts + part): site demand first served there with a window, and in time.
    private var pointDemand: [Int: Double] = [:]
    private var pointInTime: [Int: Double] = [:]
    let partCount: Int

    init(_ scenario: Scenario, policy: Policy, problem: StockProblem, stock: [[Int]], evaluations: [MultiEchelonPart.Evaluation]) {
        partCount = scenario.parts.count
        windows = scenario.contracts.map { contract in
            guard let response = contract.response, response.measure == .partsOnSite else { return nil }
            switch response.clock {
            case .continuous(let target), .businessHours(let target): return target
            case .nextBusinessDay: return nil
            }
        }
        contractDemand = [Double](repeating: 0, count: scenario.contracts.count)
        contractInTime = contractDemand
        contractShelfFilled = contractDemand
        // Where each (location, part) sits in the part trees.
        var node: [Int: (tree: Int, node: Int)] = [:]
        for (t, tree) in problem.parts.enumerated() {
            for (n, l) in tree.locations.enumerated() { node[l * partCount + tree.part] = (t, n) }
        }
        func shelfFill(_ l: Int, _ p: Int) -> Double {
            if scenario.locations[l].echelon == .supplier { return 1 }
            guard let at = node[l * partCount + p] else { return 0 }
            return evaluations[at.tree].pipelines[at.node].fillRate(stock[at.tree][at.node])
        }
        func transit(_ l: Int, _ lane: Int) -> Double { DepartureWait.mean(scenario, from: l, lane: lane) + scenario.lanes.lanes[lane].transit.mean }

        for (s, site) in scenario.sites.enumerated() {
            let c = site.contract
            guard let first = site.serving.first else { continue }
            let w = windows[c] ?? 0
            let tier = scenario.contracts[c].tier
            var rate = [Double](repeating: 0, count: partCount)
            for row in site.units {
                let type = scenario.equipmentTypes[row.equipment]
                for line in type.bom { rate[line.part] += Double(row.count * line.quantity) / line.life.mean * (1 - type.remoteFix) }
            }
            // The site's serving shelves after the first, then the expediting steps its tier may use.
            var overflow: [(location: Int, lane: Int)] = []
            for l in site.serving.dropFirst() {
                if let lane = scenario.lanes.fastest(from: .location(l), to: .site(s)) { overflow.append((l, lane)) }
            }
            for step in policy.expediting where step.tiers.isEmpty || step.tiers.contains(tier) {
                overflow += scenario.expediteRoutes(step, site: s)
            }
            guard let firstLane = scenario.lanes.fastest(from: .location(first), to: .site(s)) else { continue }
            let d = transit(first, firstLane)
            let inReach = overflow.map { transit($0.location, $0.lane) <= w }
            for p in 0..<partCount where rate[p] > 0 {
                var inTime = 0.0, shelf = 0.0
                if let at = node[first * partCount + p] {
                    let model = problem.parts[at.tree].model
                    shelf = evaluations[at.tree].pipelines[at.node].fillRate(stock[at.tree][at.node])
                    inTime = windows[c] != nil && d <= w ? model.fillWithin(w - d, node: at.node, stock: stock[at.tree][at.node], evaluation: evaluations[at.tree]) : 0
                }
                if windows[c] != nil {
                    inTime = WindowOutcome(shelf: shelf, withinWindow: inTime, shelfInTime: d <= w,
                                           overflow: overflow.indices.map { (shelfFill(overflow[$0].location, p), inReach[$0], 0) }).onTime
                }
                contractDemand[c] += rate[p]
                contractInTime[c] += rate[p] * inTime
                contractShelfFilled[c] += rate[p] * shelf
                if windows[c] != nil {
                    pointDemand[first * partCount + p, default: 0] += rate[p]
                    pointInTime[first * partCount + p, default: 0] += rate[p] * inTime
                }
            }
        }
    }

    func contractShare(_ c: Int) -> Double? {
        guard windows[c] != nil, contractDemand[c] > 0 else { return nil }
        return contractInTime[c] / contractDemand[c]
    }

    func contractShelf(_ c: Int) -> Double { contractDemand[c] > 0 ? contractShelfFilled[c] / contractDemand[c] : 1 }

    func pointShare(location l: Int, part p: Int) -> Double? {
        guard let demand = pointDemand[l * partCount + p], demand > 0 else { return nil }
        return (pointInTime[l * partCount + p] ?? 0) / demand
    }
}

/// Where one demand's part comes from and whether it is on site in time: the first serving shelf (hit
/// with probability `shelf`; in time when the delivery fits the window, `shelfInTime`), else the
/// overflow sources in order (each with stock with its fill, in time when in reach, at its charge),
/// else the first location's pipeline, in time with probability (window fill − in-time shelf hits) /
/// shelf misses.
struct WindowOutcome {
    /// P(on site within the window), and the expected charge of the overflow shipments.
    let onTime: Double
    let charge: Double

    init(shelf: Double, withinWindow: Double, shelfInTime: Bool, overflow: [(fill: Double, inReach: Bool, cost: Double)]) {
        let hit = shelfInTime ? shelf : 0
        let miss = 1 - shelf
        let backorderInTime = miss > 1e-15 ? min(1, max(0, (withinWindow - hit) / miss)) : 0
        var left = miss, onTime = hit, charge = 0.0
        for o in overflow where left > 1e-15 {
            let used = left * o.fill
            if o.inReach { onTime += used }
            charge += used * o.cost
            left -= used
        }
        self.onTime = onTime + left * backorderInTime
        self.charge = charge
    }
}
