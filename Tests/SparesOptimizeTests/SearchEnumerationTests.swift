import Foundation
import Testing
import SparesExperiment
import SparesModel
import SparesOptimize
import SparesSim

/// The search by simulation against the truth on a network small enough to enumerate: a depot and an
/// FSL, two parts, every base-stock level from 0 to 4 at both (5⁴ = 625 policies), each simulated on
/// the same 100 replications; the truth is the least mean total cost among the policies whose mean
/// attainment meets the target (97.5%, binding: 196 of the 625 meet it). In at least 19 of 20 seeds the
/// optimiser's policy, asked to meet the target with 90% confidence, must meet it by that truth and
/// cost no more than the indifference zone (EUR 300, about 1.3%) above the best.
@Suite("Search by simulation against enumeration", .serialized)
struct SearchEnumerationTests {
    static let yaml = """
        version: 1
        scenario: {name: enumerable, currency: EUR, horizon: 4380h, warm_up: 500h, start: 2027-01-04}
        locations:
          - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 240h}
          - {id: DEPOT, echelon: central, lat: 52.0, lon: 6.0, utc_offset: 0, source: SUP}
          - {id: FSL, echelon: fsl, lat: 52.0, lon: 5.0, utc_offset: 0, source: DEPOT}
        parts:
          - {id: P1, cost: 600, holding_rate: 25%, type: consumable, supplier: SUP}
          - {id: P2, cost: 2500, holding_rate: 25%, type: consumable, supplier: SUP}
        equipment:
          - id: E
            repair_time: 1h
            parts: [{part: P1, quantity: 80, failure: {mtbf: 200000h}}, {part: P2, quantity: 100, failure: {mtbf: 250000h}}]
        sites:
          - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [FSL], units: {E: 4}}
        modes: [{id: road, name: road}, {id: air, name: air}]
        lanes:
          - {from: FSL, to: S, mode: road, transit: 1h, cost: 20}
          - {from: DEPOT, to: S, mode: air, transit: 6h, cost: 300}
          - {from: DEPOT, to: FSL, mode: road, transit: 48h, cost: 40}
        technicians:
          - {id: T, base: FSL, headcount: 50, shifts: 24x7, skills: [], speed: 50}
        contracts:
          - {id: C, tier: 1, fee: 0, period: quarter, response: {measure: parts_on_site, clock: 24x7, target: 4h, attainment: 97.5%, penalty_per_breach: 600}}
        policies:
          - id: base
            stock: {levels: [{location: DEPOT, part: P1, level: 1}]}
            expediting: [{kind: emergency, from: [central], mode: air}]
        """

    @Test("the optimiser finds the least-cost policy meeting the target, within the indifference zone, in at least 19 of 20 seeds")
    func againstEnumeration() throws {
        let loaded = ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": Self.yaml]))
        let scenario = try #require(loaded.scenario, "\(loaded.diagnostics.all)")
        let requirement = try Requirement.parse("C.attainment >= 97.5% @90", metrics: MetricCatalog(scenario).metrics.map(\.name))
        var options = SimulationOptimizer.Options()
        options.initial = 10
        options.maxReplications = 40
        options.indifference = 300
        options.rounds = 3
        options.localRounds = 6
        let base = SimulationOptimizer(scenario, policy: 0, requirements: [requirement], options: options)
        let trees = base.greedy.problem.parts
        #expect(trees.count == 2 && trees.allSatisfy { $0.locations.count == 2 })

        // The truth: every stock vector on the same 100 replications (seed 99, never used by the searches).
        var world = scenario
        let first = world.policies.count
        let vectors = (0..<625).map { k in [[k % 5, k / 5 % 5], [k / 25 % 5, k / 125]] }
        for (k, v) in vectors.enumerated() { world.policies.append(base.policy(v, id: "v\(k)")) }
        let catalog = MetricCatalog(world)
        let cost = catalog.index(of: "cost.total")!, attainment = catalog.index(of: "contract.C.attainment")!
        let frozen = world
        let truth = TruthTable(count: vectors.count)
        DispatchQueue.concurrentPerform(iterations: vectors.count) { k in
            var c = 0.0, a = 0.0
            for r in 0..<100 {
                let values = catalog.values(Replication.run(frozen, policy: first + k, seed: 99, replication: UInt64(r)).result)
                c += values[cost]
                a += values[attainment]
            }
            truth.set(k, cost: c / 100, attainment: a / 100)
        }
        let feasible = vectors.indices.filter { truth.attainment[$0] >= 0.975 }
        let best = try #require(feasible.min { truth.cost[$0] < truth.cost[$1] })
        #expect(truth.cost[best] < vectors.indices.map { truth.cost[$0] }.max()! * 0.8, "a clear optimum")

        var hits = 0
        for seed in 1...20 {
            var o = options
            o.seed = UInt64(seed)
            let outcome = SimulationOptimizer(scenario, policy: 0, requirements: [requirement], options: o).run()
            guard let k = vectors.firstIndex(of: outcome.stock) else { continue }
            if truth.attainment[k] >= 0.975 && truth.cost[k] <= truth.cost[best] + options.indifference { hits += 1 }
        }
        #expect(hits >= 19, "\(hits) of 20 within the zone of \(vectors[best]) at \(truth.cost[best])")
    }
}

extension SearchEnumerationTests {
    @Test("the search's rounds and choice are the same on one thread and on four")
    func threadCount() throws {
        let loaded = ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": Self.yaml]))
        let scenario = try #require(loaded.scenario)
        let requirement = try Requirement.parse("C.attainment >= 97.5% @90", metrics: MetricCatalog(scenario).metrics.map(\.name))
        var options = SimulationOptimizer.Options()
        options.indifference = 300
        options.localRounds = 2
        options.jobs = 1
        let one = SimulationOptimizer(scenario, policy: 0, requirements: [requirement], options: options).run()
        options.jobs = 4
        let four = SimulationOptimizer(scenario, policy: 0, requirements: [requirement], options: options).run()
        #expect(one.stock == four.stock && one.rounds.count == four.rounds.count)
        #expect(one.rounds.map { $0.candidates.map(\.cost.mean) } == four.rounds.map { $0.candidates.map(\.cost.mean) })
    }
}

/// The enumeration's means, filled from many threads.
final class TruthTable: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var cost: [Double]
    private(set) var attainment: [Double]

    init(count: Int) {
        cost = [Double](repeating: .infinity, count: count)
        attainment = [Double](repeating: 0, count: count)
    }

    func set(_ k: Int, cost c: Double, attainment a: Double) {
        lock.lock()
        cost[k] = c
        attainment[k] = a
        lock.unlock()
    }
}
