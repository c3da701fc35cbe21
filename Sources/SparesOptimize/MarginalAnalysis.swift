import Foundation
import SparesModel

/// Greedy marginal analysis (Sherbrooke): starting from no stock, repeatedly add the one unit, at any
/// (location, part), that removes the most expected site backorders per unit of cost. The points it
/// passes through trace the efficient curve of inventory investment against backorders, availability
/// and fill rate.
///
/// Incremental: adding a unit of part p changes only p's tree, so only p's candidate gains are
/// recomputed after each step.
public struct MarginalAnalysis: Sendable {
    public enum Stop: Sendable {
        case availability(Double)
        case fillRate(Double)
        case budget(Double)
        /// Until the system availability reaches `availability` (the default curve's extent) or
        /// `maxSteps` units were added.
        case curve(availability: Double, maxSteps: Int)
    }

    public struct Point: Sendable, Equatable {
        public var step: Int
        /// The (location, part) the step added a unit at (-1 for the start).
        public var location: Int
        public var part: Int
        public var investment: Double
        public var backorders: Double
        public var availability: Double
        public var fillRate: Double
    }

    public struct Result: Sendable {
        public var curve: [Point]
        /// Stock per part tree and node, at the last point.
        public var stock: [[Int]]
        public var reachedTarget: Bool
    }

    public let problem: StockProblem
    /// Per part tree: its site demand rate, the weight of its fill rate in the system's.
    let siteRates: [Double]

    public init(_ problem: StockProblem) {
        self.problem = problem
        siteRates = problem.parts.map { tree in tree.model.nodes.reduce(0.0) { $0 + $1.rate * $1.siteShare } }
    }

    public func run(until stop: Stop) -> Result {
        var stock = problem.parts.map { [Int](repeating: 0, count: $0.locations.count) }
        var evaluations = problem.parts.indices.map { problem.parts[$0].model.evaluate(stock[$0]) }
        // Gains per unit cost of adding one unit at each node of each tree.
        var gains = problem.parts.indices.map { t in candidateGains(t, stock[t], evaluations[t]) }
        var investment = 0.0
        var curve = [point(0, -1, -1, investment, evaluations)]
        var reached = satisfied(stop, curve[0])
        var step = 0
        while !reached {
            var best: (t: Int, n: Int, gain: Double)? = nil
            for t in gains.indices {
                for n in gains[t].indices where gains[t][n] > (best?.gain ?? 1e-15) {
                    if case .budget(let limit) = stop, investment + problem.parts[t].unitCost > limit { continue }
                    best = (t, n, gains[t][n])
                }
            }
            guard let choice = best else { break }
            stock[choice.t][choice.n] += 1
            investment += problem.parts[choice.t].unitCost
            evaluations[choice.t] = problem.parts[choice.t].model.evaluate(stock[choice.t])
            gains[choice.t] = candidateGains(choice.t, stock[choice.t], evaluations[choice.t])
            step += 1
            let p = point(step, problem.parts[choice.t].locations[choice.n], problem.parts[choice.t].part, investment, evaluations)
            curve.append(p)
            reached = satisfied(stop, p)
            if case .curve(_, let maxSteps) = stop, step >= maxSteps { break }
        }
        if case .budget = stop { reached = true }
        return Result(curve: curve, stock: stock, reachedTarget: reached)
    }

    func satisfied(_ stop: Stop, _ p: Point) -> Bool {
        switch stop {
        case .availability(let target): p.availability >= target
        case .fillRate(let target): p.fillRate >= target
        case .budget: false
        case .curve(let availability, _): p.availability >= availability
        }
    }

    /// Site backorders removed per unit of cost by one more unit at each node of tree `t`.
    func candidateGains(_ t: Int, _ stock: [Int], _ current: MultiEchelonPart.Evaluation) -> [Double] {
        let tree = problem.parts[t]
        var trial = stock
        return stock.indices.map { n in
            trial[n] += 1
            defer { trial[n] -= 1 }
            // A node without children changes only its own backorders: no need to evaluate the tree.
            let after: Double
            if !tree.model.nodes.contains(where: { $0.parent == n }) {
                let node = tree.model.nodes[n]
                after = current.siteBackorders - node.siteShare * (current.backorders[n] - current.pipelines[n].expectedBackorders(stock[n] + 1))
            } else {
                after = tree.model.evaluate(trial).siteBackorders
            }
            return (current.siteBackorders - after) / max(tree.unitCost, 1e-9)
        }
    }

    /// Availability of each equipment type (in `problem.equipment` order) at `stock`: Sherbrooke's
    /// A_e = Π_p (1 − B_pe / (N_e Z_pe))^Z_pe, B_pe the part's site backorders due to type e.
    public func equipmentAvailability(stock: [[Int]]) -> [Double] {
        availabilities(problem.parts.indices.map { problem.parts[$0].model.evaluate(stock[$0]) })
    }

    /// The analytic figures of a given stock (per part tree and node, as `Result.stock`): its
    /// investment at unit cost, backorders, availability and fill, to place a policy beside the curve.
    public func evaluate(stock: [[Int]]) -> Point {
        let investment = problem.parts.indices.reduce(0.0) { $0 + Double(stock[$1].reduce(0, +)) * problem.parts[$1].unitCost }
        return point(0, -1, -1, investment, problem.parts.indices.map { problem.parts[$0].model.evaluate(stock[$0]) })
    }

    /// The stock per part tree and node that `policy` holds: each node's stock ceiling.
    public func stock(of policy: Policy) -> [[Int]] {
        problem.parts.map { tree in tree.locations.map { policy.level(location: $0, part: tree.part).targetPosition } }
    }

    /// Availability of each equipment type given each part tree's evaluation.
    func availabilities(_ evaluations: [MultiEchelonPart.Evaluation]) -> [Double] {
        problem.equipment.map { use in
            var logA = 0.0
            for line in use.lines {
                let down = min(evaluations[line.tree].siteBackorders * line.share / (use.units * line.perUnit), 1 - 1e-12)
                logA += line.perUnit * log1p(-down)
            }
            return exp(logA)
        }
    }

    /// System figures at the current stock: total site backorders, unit-weighted availability
    /// (Sherbrooke's A_e = Π_p (1 − B_pe / (N_e Z_pe))^Z_pe per equipment type), site fill rate.
    func point(_ step: Int, _ location: Int, _ part: Int, _ investment: Double, _ evaluations: [MultiEchelonPart.Evaluation]) -> Point {
        let backorders = evaluations.reduce(0) { $0 + $1.siteBackorders }
        var units = 0.0, available = 0.0
        for (use, availability) in zip(problem.equipment, availabilities(evaluations)) {
            units += use.units
            available += use.units * availability
        }
        var fillWeighted = 0.0, demand = 0.0
        for (t, siteRate) in siteRates.enumerated() {
            fillWeighted += siteRate * evaluations[t].fillRate
            demand += siteRate
        }
        return Point(step: step, location: location, part: part, investment: investment, backorders: backorders,
                     availability: units > 0 ? available / units : 1, fillRate: demand > 0 ? fillWeighted / demand : 1)
    }
}
