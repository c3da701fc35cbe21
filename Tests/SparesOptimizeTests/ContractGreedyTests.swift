import Foundation
import Testing
import SparesModel
import SparesOptimize

/// The contract-cost greedy (`ContractGreedy`): its window figures agree with `PolicyEvaluation`'s
/// for the same stock, and on a network small enough to enumerate (a depot and two FSLs, two parts,
/// every level from 0 to 4: 5⁶ stock vectors) it meets the attainment target at a yearly cost within
/// 2% of the least-cost feasible vector.
@Suite("Contract-cost greedy")
struct ContractGreedyTests {
    static func scenario(target: String = "90%") throws -> Scenario {
        let yaml = """
            version: 1
            scenario: {name: small, currency: EUR, horizon: 8760h, warm_up: 500h, start: 2027-01-04}
            locations:
              - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 120h}
              - {id: DEPOT, echelon: central, lat: 52.0, lon: 6.0, utc_offset: 0, source: SUP}
              - {id: FSL-A, echelon: fsl, lat: 52.0, lon: 5.0, utc_offset: 0, source: DEPOT}
              - {id: FSL-B, echelon: fsl, lat: 51.0, lon: 5.0, utc_offset: 0, source: DEPOT}
            parts:
              - {id: P1, cost: 800, holding_rate: 25%, type: consumable, supplier: SUP}
              - {id: P2, cost: 3000, holding_rate: 25%, type: consumable, supplier: SUP}
            equipment:
              - id: E
                repair_time: 1h
                parts: [{part: P1, quantity: 100, failure: {mtbf: 40000h}}, {part: P2, quantity: 50, failure: {mtbf: 60000h}}]
            sites:
              - {id: SA, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [FSL-A], units: {E: 2}}
              - {id: SB, lat: 51.0, lon: 5.0, utc_offset: 0, contract: C, serving: [FSL-B], units: {E: 1}}
            modes: [{id: road, name: road}, {id: air, name: air}]
            lanes:
              - {from: FSL-A, to: SA, mode: road, transit: 1h, cost: 20}
              - {from: FSL-B, to: SB, mode: road, transit: 1h, cost: 20}
              - {from: DEPOT, to: SA, mode: air, transit: 3h, cost: 250}
              - {from: DEPOT, to: SB, mode: air, transit: 5h, cost: 250}
              - {from: DEPOT, to: FSL-A, mode: road, transit: 24h, cost: 40}
              - {from: DEPOT, to: FSL-B, mode: road, transit: 24h, cost: 40}
            technicians:
              - {id: T, base: DEPOT, headcount: 100, shifts: 24x7, skills: [], speed: 50}
            contracts:
              - {id: C, tier: 1, fee: 0, period: quarter, response: {measure: parts_on_site, clock: 24x7, target: 4h, attainment: \(target), penalty_per_breach: 400}}
            policies:
              - id: base
                stock: {levels: [{location: DEPOT, part: P1, level: 1}]}
                expediting: [{kind: emergency, from: [central], mode: air}]
            """
        let loaded = ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": yaml]))
        return try #require(loaded.scenario, "\(loaded.diagnostics.all)")
    }

    @Test("its window figures are PolicyEvaluation's for the same stock")
    func agreesWithEvaluation() throws {
        let scenario = try Self.scenario()
        let greedy = ContractGreedy(scenario, policy: 0)
        let result = greedy.run()
        // The greedy's stock as the scenario's policy, evaluated by PolicyEvaluation.
        var policy = scenario.policies[0]
        for (t, tree) in greedy.problem.parts.enumerated() {
            for (n, l) in tree.locations.enumerated() {
                policy.stock[l * scenario.parts.count + tree.part] = .baseStock(level: result.stock[t][n])
            }
        }
        var changed = scenario
        changed.policies[0] = policy
        let evaluation = PolicyEvaluation(changed, policy: 0)
        let attainment = try #require(result.attainment[0]), evaluated = try #require(evaluation.contracts[0].fillWithinWindow)
        #expect(abs(attainment - evaluated) < 1e-9, "\(attainment) against \(evaluated)")
        #expect(result.metTargets && attainment >= 0.9)
    }

    @Test("within 2% of the least-cost feasible stock found by enumerating every level from 0 to 4", arguments: ["80%", "90%", "97%"])
    func againstEnumeration(target: String) throws {
        let scenario = try Self.scenario(target: target)
        let greedy = ContractGreedy(scenario, policy: 0)
        let goal = try #require(greedy.targets[0])
        let trees = greedy.problem.parts
        #expect(trees.count == 2 && trees.allSatisfy { $0.locations.count == 3 })
        // Every vector of one tree, with its figures: the trees' figures add up.
        let vectors = (0..<125).map { [$0 % 5, $0 / 5 % 5, $0 / 25] }
        let figures = trees.indices.map { t in vectors.map { greedy.figures(t, stock: $0) } }
        var best = Double.infinity
        for a in vectors.indices {
            for b in vectors.indices {
                let inTime = figures[0][a].inTime[0] + figures[1][b].inTime[0]
                guard inTime / greedy.windowDemand[0] >= goal else { continue }
                best = min(best, figures[0][a].cost + figures[1][b].cost)
            }
        }
        let result = greedy.run()
        #expect(result.metTargets && (result.attainment[0] ?? 0) >= goal)
        #expect(result.stock.allSatisfy { $0.allSatisfy { $0 <= 4 } }, "the optimum lies inside the enumerated box: \(result.stock)")
        #expect(best.isFinite && result.cost <= best * 1.02, "greedy \(result.cost) against the enumerated optimum \(best)")
    }
}
