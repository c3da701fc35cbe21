import Foundation
import SparesKernel
import SparesModel

/// Greedy marginal analysis (Sherbrooke): starting from no stock, repeatedly add the one unit, at any
/// (location, part), that removes the most expected site backorders per unit of cost. The points it
/// passes through trace the efficient curve of inventory investment against backorders, availability
/// and fill rate.
///
/// Incremental: adding a unit of part p changes only p's tree, so only p's candidate gains are
/// recomputed after each step; the candidates wait in a max-heap (`CandidateHeap`) and the system
/// figures are kept by difference (`Totals`), so a step costs O(p's tree + log candidates).
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
        // Candidates (one more unit at a node of a tree, by its gain per unit cost) in a max-heap; a
        // tree's stamp moves when its stock changes, which voids its older candidates.
        var stamps = [Int32](repeating: 0, count: problem.parts.count)
        func candidates(_ t: Int) -> [Candidate] {
            candidateGains(t, stock[t], evaluations[t]).enumerated().map { n, gain in
                .init(score: gain, tree: Int32(t), node: Int32(n), stamp: stamps[t], exactAt: .max)
            }
        }
        var heap = CandidateHeap(problem.parts.indices.flatMap { candidates($0) })
        var totals = Totals(self, evaluations)
        var investment = 0.0
        var curve = [totals.point(self, 0, -1, -1, investment)]
        var reached = satisfied(stop, curve[0])
        var step = 0
        while !reached {
            var choice: Candidate?
            while let c = heap.pop() {
                guard c.stamp == stamps[Int(c.tree)] else { continue }
                guard c.score > 1e-15 else { break }
                // Over the budget now is over it for good: the investment only grows.
                if case .budget(let limit) = stop, investment + problem.parts[Int(c.tree)].unitCost > limit { continue }
                choice = c
                break
            }
            guard let chosen = choice else { break }
            let t = Int(chosen.tree), n = Int(chosen.node)
            stock[t][n] += 1
            investment += problem.parts[t].unitCost
            let before = evaluations[t]
            evaluations[t] = problem.parts[t].model.evaluate(stock[t])
            totals.update(self, t, from: before, to: evaluations[t])
            stamps[t] += 1
            for c in candidates(t) { heap.push(c) }
            step += 1
            let p = totals.point(self, step, problem.parts[t].locations[n], problem.parts[t].part, investment)
            curve.append(p)
            reached = satisfied(stop, p)
            if case .curve(_, let maxSteps) = stop, step >= maxSteps { break }
        }
        if case .budget = stop { reached = true }
        return Result(curve: curve, stock: stock, reachedTarget: reached)
    }

    /// The system figures of `point(...)`, kept by difference as one tree at a time changes, so a
    /// step costs O(the tree's equipment lines), not a pass over every part or equipment type.
    struct Totals {
        var backorders: Double
        var fillWeighted: Double
        let demand: Double
        /// Per equipment type: Σ over its lines of perUnit × log(1 − down).
        var logAvailability: [Double]
        /// Σ over equipment types of units × availability, and of units.
        var available: Double
        let units: Double
        /// Per tree: its (equipment type, line) pairs.
        let lines: [[(equipment: Int, line: Int)]]

        init(_ analysis: MarginalAnalysis, _ evaluations: [MultiEchelonPart.Evaluation]) {
            let problem = analysis.problem
            backorders = evaluations.reduce(0) { $0 + $1.siteBackorders }
            fillWeighted = zip(analysis.siteRates, evaluations).reduce(0) { $0 + $1.0 * $1.1.fillRate }
            demand = analysis.siteRates.reduce(0, +)
            var lines = [[(equipment: Int, line: Int)]](repeating: [], count: problem.parts.count)
            for (e, use) in problem.equipment.enumerated() {
                for (k, line) in use.lines.enumerated() { lines[line.tree].append((e, k)) }
            }
            self.lines = lines
            let logs = problem.equipment.map { use in
                use.lines.reduce(0.0) { $0 + MarginalAnalysis.logAvailability(use, $1, evaluations[$1.tree]) }
            }
            logAvailability = logs
            available = zip(problem.equipment, logs).reduce(0.0) { $0 + $1.0.units * exp($1.1) }
            units = problem.equipment.reduce(0.0) { $0 + $1.units }
        }

        mutating func update(_ analysis: MarginalAnalysis, _ t: Int, from a: MultiEchelonPart.Evaluation, to b: MultiEchelonPart.Evaluation) {
            backorders += b.siteBackorders - a.siteBackorders
            fillWeighted += analysis.siteRates[t] * (b.fillRate - a.fillRate)
            for (e, k) in lines[t] {
                let use = analysis.problem.equipment[e], line = use.lines[k]
                let before = logAvailability[e]
                logAvailability[e] += MarginalAnalysis.logAvailability(use, line, b) - MarginalAnalysis.logAvailability(use, line, a)
                available += use.units * (exp(logAvailability[e]) - exp(before))
            }
        }

        func point(_ analysis: MarginalAnalysis, _ step: Int, _ location: Int, _ part: Int, _ investment: Double) -> Point {
            Point(step: step, location: location, part: part, investment: investment, backorders: backorders,
                         availability: units > 0 ? available / units : 1, fillRate: demand > 0 ? fillWeighted / demand : 1)
        }
    }

    /// One equipment line's term of log A_e: perUnit × log(1 − B_pe / (N_e Z_pe)).
    static func logAvailability(_ use: StockProblem.EquipmentUse, _ line: (tree: Int, perUnit: Double, share: Double), _ evaluation: MultiEchelonPart.Evaluation) -> Double {
        let down = min(evaluation.siteBackorders * line.share / (use.units * line.perUnit), 1 - 1e-12)
        return line.perUnit * log1p(-down)
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
            exp(use.lines.reduce(0.0) { $0 + Self.logAvailability(use, $1, evaluations[$1.tree]) })
        }
    }

    /// System figures at the current stock: total site backorders, unit-weighted availability
    /// (Sherbrooke's A_e = Π_p (1 − B_pe / (N_e Z_pe))^Z_pe per equipment type), site fill rate.
    func point(_ step: Int, _ location: Int, _ part: Int, _ investment: Double, _ evaluations: [MultiEchelonPart.Evaluation]) -> Point {
        Totals(self, evaluations).point(self, step, location, part, investment)
    }
}
