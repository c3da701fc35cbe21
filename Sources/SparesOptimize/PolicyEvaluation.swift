import SparesModel

/// The analytic figures of one policy's stock levels (`spares evaluate`): per stock point its demand,
/// pipeline, expected backorders by VARI-METRIC and METRIC, shelf fill and fill within its sites'
/// response windows; per contract the share of part demands on site within the window; in total the
/// investment, backorders, availability and fill.
///
/// **Fill within the response window** of a demand at site s for part p, first served by location l,
/// under a parts-on-site window of w hours (`ContractGreedy.figures`, `WindowOutcome`: the one window model of `evaluate` and the optimiser): the part is on l's shelf,
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
        /// Expected availability credits less bonuses a year, over its sites (`AvailabilityCredits`;
        /// nil: the contract has no availability clause).
        public var availabilityCreditsPerYear: Double?
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
        // The window model is the contract optimiser's, part by part, over its VARI-METRIC problem.
        let greedy = ContractGreedy(scenario, policy: index)
        let vari = greedy.problem, metric = StockProblem(scenario, method: .metric)
        let analysis = MarginalAnalysis(vari), metricAnalysis = MarginalAnalysis(metric)
        let stock = analysis.stock(of: policy)
        let total = analysis.evaluate(stock: stock), totalMetric = metricAnalysis.evaluate(stock: stock)
        let evaluations = vari.parts.indices.map { vari.parts[$0].model.evaluate(stock[$0]) }
        let evaluationsMetric = metric.parts.indices.map { metric.parts[$0].model.evaluate(stock[$0]) }
        let windows = vari.parts.indices.map { greedy.figures($0, stock: stock[$0]) }
        let credits = greedy.credits(windows).byContract

        var rows: [PointRow] = []
        for (t, tree) in vari.parts.enumerated() {
            for (n, l) in tree.locations.enumerated() {
                let node = tree.model.nodes[n]
                rows.append(PointRow(
                    location: scenario.locations[l].id, part: scenario.parts[tree.part].id, level: stock[t][n],
                    siteDemandPerYear: node.rate * node.siteShare * 8760, demandPerYear: node.rate * 8760,
                    pipelineMean: evaluations[t].pipelines[n].mean, backordersVariMetric: evaluations[t].backorders[n],
                    backordersMetric: evaluationsMetric[t].backorders[n], fill: evaluations[t].pipelines[n].fillRate(stock[t][n]),
                    fillWithinWindow: windows[t].nodeDemand[n] > 0 ? windows[t].nodeInTime[n] / windows[t].nodeDemand[n] : nil,
                    investment: Double(stock[t][n]) * tree.unitCost))
            }
        }
        self.policy = policy.id
        points = rows.sorted { ($0.location, $0.part) < ($1.location, $1.part) }
        contracts = scenario.contracts.indices.map { c in
            let demand = greedy.demand[c]
            let inTime = windows.reduce(0.0) { $0 + $1.inTime[c] }, shelf = windows.reduce(0.0) { $0 + $1.shelfFilled[c] }
            return ContractRow(contract: scenario.contracts[c].id, windowHours: greedy.windows[c], demandsPerYear: demand * 8760,
                               fillWithinWindow: greedy.windows[c] != nil && demand > 0 ? inTime / demand : nil,
                               shelfFill: demand > 0 ? shelf / demand : 1, attainmentTarget: scenario.contracts[c].response?.attainmentTarget,
                               availabilityCreditsPerYear: scenario.contracts[c].availability != nil ? credits[c] : nil)
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

/// Where one demand's part comes from and whether it is on site in time: the first serving shelf (hit
/// with probability `shelf`; in time when the delivery fits the window, `shelfInTime`), else the
/// overflow sources in order (each with stock with its fill, in time when in reach, at its charge),
/// else the first location's pipeline, in time with probability (window fill − in-time shelf hits) /
/// shelf misses.
///
/// With `times`, also the first two moments of the hours from the demand to the start of the hands-on
/// work (`work`): the technician is asked for when the part ships and travels `technician` hours, so a
/// part shipped at once starts work after max(transit, technician); a backordered one waits first, an
/// exponential wait of mean `backorderWait` (the first shelf's expected delay per stock-out, EBO / (λ ×
/// (1 − fill)), a documented approximation), then ships from the first location.
struct WindowOutcome {
    /// P(on site within the window), and the expected charge of the overflow shipments.
    let onTime: Double
    let charge: Double
    /// E[hours to work] and E[hours to work²] (zero without `times`).
    let work: (first: Double, second: Double)

    struct Times {
        /// Departure wait plus mean transit from the first location (overflow sources give theirs).
        var shelf: Double
        var backorderWait: Double
        var technician: Double
    }

    /// `overflow(i)` for i in 0..<`overflowCount`: source i's fill, whether in reach, its charge and
    /// its departure wait plus mean transit (hours; read only with `times`).
    init(shelf: Double, withinWindow: Double, shelfInTime: Bool, overflowCount: Int,
         overflow: (Int) -> (fill: Double, inReach: Bool, cost: Double, transit: Double), times: Times? = nil) {
        let hit = shelfInTime ? shelf : 0
        let miss = 1 - shelf
        let backorderInTime = miss > 1e-15 ? min(1, max(0, (withinWindow - hit) / miss)) : 0
        var left = miss, onTime = hit, charge = 0.0
        var first = 0.0, second = 0.0
        if let times {
            let c = max(times.shelf, times.technician)
            first = shelf * c
            second = shelf * c * c
        }
        for i in 0..<overflowCount where left > 1e-15 {
            let o = overflow(i)
            let used = left * o.fill
            if o.inReach { onTime += used }
            charge += used * o.cost
            if let times {
                let c = max(o.transit, times.technician)
                first += used * c
                second += used * c * c
            }
            left -= used
        }
        if let times, left > 1e-15 {
            let c = max(times.shelf, times.technician), m = times.backorderWait
            first += left * (c + m)
            second += left * (c * c + 2 * c * m + 2 * m * m)
        }
        self.onTime = onTime + left * backorderInTime
        self.charge = charge
        work = (first, second)
    }
}
