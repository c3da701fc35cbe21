import Foundation
import SparesExperiment
import SparesModel
import SparesSim
import SparesStatistics

/// The contract optimiser's search by simulation (`spares optimize --objective total-cost --require
/// ...`): the analytic warm start (`ContractGreedy`) is biased (it sees no late-hour penalties,
/// credits, caps, risks or spread of transit), so the search asks it for more: each round's candidates
/// are the greedy's stock at shifted analytic attainment targets (round 1: −2, −1, 0, +0.5, +1, +2, +3
/// and +5 points, the analytic model being pessimistic for some contracts and optimistic for others;
/// later rounds: halfway around the best shift so far), simulated with common random numbers
/// on a fresh block of replication indices, and chosen by Kim and Nelson's KN procedure on total cost
/// of service (`RankingAndSelection`): within `indifference` of the best candidate with probability
/// at least 1 − α when the candidates' costs are normal. The chosen one must meet every requirement
/// with its stated confidence on its replications (candidates that would be cheaper but miss one are
/// passed over; they are topped up to the winner's replications before they are judged). The search
/// stops when a round's best shift no longer moves, a round has one distinct stock left, the spacing
/// falls below 0.1 point, or after `rounds`. Then `localRounds` rounds of local moves: the current
/// stock beside its `localMoves` best single-unit changes by the analytic yearly cost, KN choosing,
/// until the current stock wins or a winner misses a requirement. Replications run on `jobs` threads;
/// the rows are sorted before use, so the choice does not depend on the thread count.
public struct SimulationOptimizer: Sendable {
    public struct Options: Sendable {
        public var seed: UInt64 = 1
        public var initial = 10
        public var maxReplications = 60
        public var indifference = 50_000.0
        public var alpha = 0.05
        public var rounds = 4
        /// Rounds of local moves after the shift search, and candidates (single-unit changes) per round.
        public var localRounds = 0
        public var localMoves = 8
        public var jobs = ProcessInfo.processInfo.activeProcessorCount

        public init() {}
    }

    public struct CandidateRecord: Sendable {
        public var label: String
        public var raise: Double
        public var investment: Double
        public var replications: Int
        public var cost: ExperimentSummary.Estimate
        public var checks: [Requirement.Check]
        public var feasible: Bool { checks.allSatisfy(\.met) }
    }

    /// A stock to simulate: how it was made, the analytic shift it came from, its levels and investment.
    public struct Candidate: Sendable {
        public var label: String
        public var raise: Double
        public var stock: [[Int]]
        public var investment: Double
    }

    public struct Round: Sendable {
        public var round: Int
        public var candidates: [CandidateRecord]
        /// Index of the chosen candidate, and whether it meets every requirement.
        public var chosen: Int
        public var replications: Int
    }

    public struct Outcome: Sendable {
        public var rounds: [Round]
        public var stock: [[Int]]
        public var raise: Double
        public var policy: Policy
        public var feasible: Bool
    }

    let scenario: Scenario
    let base: Int
    let requirements: [Requirement]
    let options: Options
    public let greedy: ContractGreedy

    public init(_ scenario: Scenario, policy index: Int, requirements: [Requirement], options: Options) {
        self.scenario = scenario
        base = index
        self.requirements = requirements
        self.options = options
        greedy = ContractGreedy(scenario, policy: index)
    }

    /// The base policy with the part trees' levels set to `stock` (base stock), named `id`.
    public func policy(_ stock: [[Int]], id: String) -> Policy {
        var policy = scenario.policies[base]
        policy.id = id
        for (t, tree) in greedy.problem.parts.enumerated() {
            for (n, l) in tree.locations.enumerated() {
                policy.stock[l * scenario.parts.count + tree.part] = .baseStock(level: stock[t][n])
            }
        }
        return policy
    }

    public func run(progress: (String) -> Void = { _ in }) -> Outcome {
        precondition(options.rounds >= 1 && options.initial >= 2 && options.maxReplications >= options.initial, "the search needs a round, n₀ ≥ 2 and room for it")
        var rounds: [Round] = []
        var raises = [-0.02, -0.01, 0, 0.005, 0.01, 0.02, 0.03, 0.05]
        var spacing = 0.005
        var best: (raise: Double, stock: [[Int]], feasible: Bool, slack: Double)?
        for r in 0..<options.rounds {
            // Candidates: distinct stocks of the greedy at each raise.
            var candidates: [Candidate] = []
            for raise in raises.sorted() where raise >= -0.5 {
                let result = greedy.run(raise: raise)
                if !candidates.contains(where: { $0.stock == result.stock }) {
                    candidates.append(Candidate(label: String(format: "%+.2f points", raise * 100), raise: raise, stock: result.stock,
                                                investment: result.investment))
                }
            }
            // One distinct stock left: nothing to choose between.
            if candidates.count == 1 && r > 0 { break }
            progress("round \(r + 1): \(candidates.count) candidates (analytic targets raised by "
                     + candidates.map { String(format: "%+.2f", $0.raise * 100) }.joined(separator: ", ") + " points)")
            let round = select(candidates, round: r)
            rounds.append(round)
            let chosen = round.candidates[round.chosen]
            let slack = chosen.checks.map(\.slack).min() ?? 0
            let stock = candidates[round.chosen].stock
            let improves = best.map { old in (chosen.feasible && !old.feasible) || (chosen.feasible == old.feasible && chosen.raise != old.raise) } ?? true
            if improves { best = (chosen.raise, stock, chosen.feasible, slack) }
            progress("  chose +\(String(format: "%.2f", chosen.raise * 100)) points: cost \(Int(chosen.cost.mean.rounded())) "
                     + "(\(chosen.replications) replications)\(chosen.feasible ? "" : ", a requirement not met")")
            // Next round: halfway around the chosen raise (upwards while nothing is feasible).
            if !chosen.feasible && chosen.raise >= (raises.max() ?? 0) {
                raises = [chosen.raise + 0.01, chosen.raise + 0.02, chosen.raise + 0.04]
                continue
            }
            if !improves && r > 0 { break }
            spacing /= 2
            if spacing < 0.001 { break }
            raises = [chosen.raise - spacing, chosen.raise, chosen.raise + spacing]
        }
        var chosen = best!
        // Local moves: one unit more or less at the stock points the analytic model ranks best, the
        // current stock among the candidates, until it is chosen again.
        for _ in 0..<options.localRounds where chosen.feasible {
            let r = rounds.count
            let moves = localMoves(chosen.stock, raise: chosen.raise)
            guard !moves.isEmpty else { break }
            let current = Candidate(label: "current", raise: chosen.raise, stock: chosen.stock, investment: investment(chosen.stock))
            progress("round \(r + 1): the current stock and \(moves.count) local moves")
            let round = select([current] + moves, round: r)
            rounds.append(round)
            let winner = round.candidates[round.chosen]
            progress("  chose \(winner.label): cost \(Int(winner.cost.mean.rounded())) (\(winner.replications) replications)"
                     + (winner.feasible ? "" : ", a requirement not met: the search keeps its stock"))
            guard round.chosen != 0, winner.feasible else { break }
            chosen = (chosen.raise, moves[round.chosen - 1].stock, true, winner.checks.map(\.slack).min() ?? 0)
        }
        return Outcome(rounds: rounds, stock: chosen.stock, raise: chosen.raise, policy: policy(chosen.stock, id: "optimized"),
                       feasible: chosen.feasible)
    }

    public func investment(_ stock: [[Int]]) -> Double {
        greedy.problem.parts.indices.reduce(0.0) { $0 + Double(stock[$1].reduce(0, +)) * greedy.problem.parts[$1].unitCost }
    }

    /// The `localMoves` best single-unit changes of `stock` by the analytic yearly cost: additions that
    /// save the most (or cost the least) and removals that cost the least, half each.
    func localMoves(_ stock: [[Int]], raise: Double) -> [Candidate] {
        var scored: [(delta: Double, t: Int, n: Int, step: Int)] = []
        for t in stock.indices {
            let now = greedy.figures(t, stock: stock[t]).cost
            for n in stock[t].indices {
                for step in [1, -1] where stock[t][n] + step >= 0 {
                    var s = stock[t]
                    s[n] += step
                    scored.append((greedy.figures(t, stock: s).cost - now, t, n, step))
                }
            }
        }
        let half = max(1, options.localMoves / 2)
        let picked = scored.filter { $0.step == 1 }.sorted { ($0.delta, $0.t, $0.n) < ($1.delta, $1.t, $1.n) }.prefix(half)
            + scored.filter { $0.step == -1 }.sorted { ($0.delta, $0.t, $0.n) < ($1.delta, $1.t, $1.n) }.prefix(half)
        return picked.map { move in
            var s = stock
            s[move.t][move.n] += move.step
            let tree = greedy.problem.parts[move.t]
            let label = "\(move.step > 0 ? "+1" : "−1") \(greedy.problem.partNames[tree.part]) at \(greedy.problem.locationNames[tree.locations[move.n]])"
            return Candidate(label: label, raise: raise, stock: s, investment: investment(s))
        }
    }

    /// Simulates `candidates` on round `round`'s block of replications and chooses one.
    func select(_ candidates: [Candidate], round: Int) -> Round {
        var world = scenario
        let first = world.policies.count
        for (k, c) in candidates.enumerated() { world.policies.append(policy(c.stock, id: "candidate-\(k + 1)")) }
        let catalog = MetricCatalog(world)
        let costIndex = catalog.index(of: "cost.total")!
        let requirementIndex = requirements.map { catalog.index(of: $0.metric)! }
        var values = [[[Double]]](repeating: [], count: candidates.count)
        let block = UInt64(round) * 1_000_000
        let frozen = world
        let seed = options.seed, workers = options.jobs
        func simulate(_ jobs: [(candidate: Int, replication: Int)]) {
            let collector = RowCollector()
            // `options.jobs` workers take the jobs in turn.
            DispatchQueue.concurrentPerform(iterations: max(1, min(workers, jobs.count))) { _ in
                while let j = collector.take(below: jobs.count) {
                    let job = jobs[j]
                    let result = Replication.run(frozen, policy: first + job.candidate, seed: seed, replication: block + UInt64(job.replication)).result
                    let row = catalog.values(result)
                    collector.add(job.candidate, job.replication, [row[costIndex]] + requirementIndex.map { row[$0] })
                }
            }
            for (c, rep, row) in collector.rows.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
                precondition(rep == values[c].count, "replications are added in order")
                values[c].append(row)
            }
        }
        func topUp(_ c: Int, to n: Int) {
            guard values[c].count < n else { return }
            simulate((values[c].count..<n).map { (c, $0) })
        }
        let n0 = options.initial
        simulate(candidates.indices.flatMap { c in (0..<n0).map { (c, $0) } })
        var chosen = 0
        if candidates.count > 1 {
            var kn = RankingAndSelection(systems: candidates.count, initial: n0, delta: options.indifference, alpha: options.alpha)
            kn.start(candidates.indices.map { c in values[c].map { $0[0] } })
            while kn.selected == nil && kn.stage < options.maxReplications {
                let stage = kn.stage
                simulate(kn.survivors.map { ($0, stage) })
                kn.add(kn.survivors.map { values[$0][stage][0] })
            }
            chosen = kn.selected ?? kn.survivors.min { kn.mean($0) < kn.mean($1) }!
        }
        func check(_ c: Int) -> [Requirement.Check] {
            requirements.indices.map { k in requirements[k].check(values[c].map { $0[1 + k] }) }
        }
        // The winner must meet every requirement; else the cheapest candidate that does, each judged
        // on as many replications as the winner had.
        if !check(chosen).allSatisfy(\.met) {
            let n = values[chosen].count
            let order = candidates.indices.filter { $0 != chosen }.sorted { mean(values[$0]) < mean(values[$1]) }
            var found: Int?
            for c in order {
                topUp(c, to: n)
                if check(c).allSatisfy(\.met) { found = c; break }
            }
            // None meets them: the one closest to doing so, to move the search towards them.
            chosen = found ?? candidates.indices.max { (check($0).map(\.slack).min() ?? 0) < (check($1).map(\.slack).min() ?? 0) }!
        }
        let records = candidates.indices.map { c -> CandidateRecord in
            let costs = values[c].map { $0[0] }
            return CandidateRecord(label: candidates[c].label, raise: candidates[c].raise, investment: candidates[c].investment,
                                   replications: costs.count, cost: ExperimentSummary.estimate(costs), checks: check(c))
        }
        return Round(round: round + 1, candidates: records, chosen: chosen, replications: values.reduce(0) { $0 + $1.count })
    }

    func mean(_ rows: [[Double]]) -> Double { rows.reduce(0) { $0 + $1[0] } / Double(max(rows.count, 1)) }
}

/// Rows from concurrently simulated replications, gathered under a lock (sorted by the caller, so the
/// order threads finish in never shows).
final class RowCollector: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var rows: [(Int, Int, [Double])] = []
    private var next = 0

    /// The next job index below `count`, or nil when every job is taken.
    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }

    func add(_ candidate: Int, _ replication: Int, _ row: [Double]) {
        lock.lock()
        rows.append((candidate, replication, row))
        lock.unlock()
    }
}
