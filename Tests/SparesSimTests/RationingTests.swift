import Foundation
import Testing
import SparesModel
import SparesStatistics
@testable import SparesSim

/// Critical-level rationing against its exact result. One FSL with base stock S, replenished one for
/// one over an exponential lead time of mean L from a depot that always has stock; two Poisson demand
/// classes (a tier-1 site at λ₁, a tier-2 site at λ₂); the last k units kept for tier 1; every demand
/// the shelf does not fill met by an emergency shipment from the depot. On-hand stock n is then a
/// birth–death chain on 0…S: births (S − n)/L (each outstanding order arrives on its own), deaths
/// λ₁ + λ₂ above k and λ₁ at or below it. By PASTA each class's fill from the shelf is the stationary
/// probability of the states in which the shelf serves it: P(n ≥ 1) for tier 1, P(n > k) for tier 2.
@Suite("Critical-level rationing")
struct RationingTests {
    static let s = 5, k = 2, lead = 20.0, lambda1 = 0.05, lambda2 = 0.10
    static let instances = 10_000

    static func scenario(rationing: String) throws -> Scenario { try OracleScenario.load(yaml(rationing: rationing)) }

    static func yaml(rationing: String) -> String {
        """
            version: 1
            scenario: {name: rationing, currency: EUR, horizon: 20000h, warm_up: 500h, start: 2027-01-04}
            locations:
              - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 10h}
              - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
              - {id: FSL, echelon: fsl, lat: 52.0, lon: 5.0, utc_offset: 0, source: DEPOT}
            parts:
              - {id: P, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP}
            equipment:
              - id: E
                repair_time: 1m
                parts: [{part: P, quantity: \(instances), failure: {mtbf: \(Double(instances) / lambda1)h}}]
              - id: F
                repair_time: 1m
                parts: [{part: P, quantity: \(instances), failure: {mtbf: \(Double(instances) / lambda2)h}}]
            sites:
              - {id: CRITICAL, lat: 52.0, lon: 5.0, utc_offset: 0, contract: T1, serving: [FSL], units: {E: 1}}
              - {id: STANDARD, lat: 52.0, lon: 5.0, utc_offset: 0, contract: T2, serving: [FSL], units: {F: 1}}
            modes: [{id: m, name: m}, {id: air, name: air}]
            lanes:
              - {from: FSL, to: CRITICAL, mode: m, transit: 0h}
              - {from: FSL, to: STANDARD, mode: m, transit: 0h}
              - {from: DEPOT, to: CRITICAL, mode: air, transit: 1h}
              - {from: DEPOT, to: STANDARD, mode: air, transit: 1h}
              - {from: DEPOT, to: FSL, mode: m, transit: {dist: exponential, mean: \(lead)h}}
            technicians:
              - {id: T, base: DEPOT, headcount: 10000, shifts: 24x7, skills: [], speed: 50}
            contracts:
              - {id: T1, tier: 1, fee: 0, period: month, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
              - {id: T2, tier: 2, fee: 0, period: month, response: {measure: parts_on_site, clock: 24x7, target: 8h}}
            policies:
              - id: rationed
                stock: {levels: [{location: FSL, part: P, level: \(s)}, {location: DEPOT, part: P, level: 100000}]}
                expediting: [{kind: emergency, from: [central], mode: air}]
            \(rationing)
              - id: unrationed
                extends: rationed
                rationing: []
            """
    }

    /// The chain's stationary distribution on 0…S.
    static func stationary() -> [Double] {
        var weights = [1.0]
        for n in 0..<s {
            let birth = Double(s - n) / lead
            let death = n + 1 > k ? lambda1 + lambda2 : lambda1
            weights.append(weights[n] * birth / death)
        }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    static let seed: UInt64 = UInt64(ProcessInfo.processInfo.environment["SPARES_TEST_SEED"] ?? "") ?? 5

    /// Per class, the share of measured demands filled from the FSL's shelf, from the trace.
    static func fills(_ scenario: Scenario, policy: Int, replication: UInt64) -> (critical: Double, standard: Double, outcome: Replication.Outcome) {
        let outcome = Replication.run(scenario, policy: policy, seed: seed, replication: replication, trace: true)
        let records = outcome.trace.records.filter { $0.time >= scenario.metadata.warmUp }
        func share(_ site: Int32) -> Double {
            let demands = records.filter { $0.event == .failure && $0.site == site }.count
            let shelf = records.filter { $0.event == .shelf && $0.site == site }.count
            return Double(shelf) / Double(max(demands, 1))
        }
        return (share(0), share(1), outcome)
    }

    @Test("each class's fill from the shelf matches the birth–death chain's P(n ≥ 1) and P(n > k)")
    func againstTheChain() throws {
        let scenario = try Self.scenario(rationing: "    rationing: [{locations: [FSL], keep: \(Self.k), up_to_tier: 1}]")
        let pi = Self.stationary()
        let exact1 = 1 - pi[0], exact2 = pi[(Self.k + 1)...].reduce(0, +)
        var critical = RunningStatistics(), standard = RunningStatistics()
        for r in 0..<24 {
            let f = Self.fills(scenario, policy: 0, replication: UInt64(r))
            critical.add(f.critical)
            standard.add(f.standard)
            let result = f.outcome.result
            #expect(result.census.allSatisfy { $0.balance == 0 })
            #expect(result.expedites.rationed > 0)
        }
        #expect(critical.confidenceInterval(level: 0.999).contains(exact1), "tier 1: \(critical.confidenceInterval(level: 0.999)) against \(exact1)")
        #expect(standard.confidenceInterval(level: 0.999).contains(exact2), "tier 2: \(standard.confidenceInterval(level: 0.999)) against \(exact2)")
        // The intervals are tight enough to tell the classes apart and rationing from none.
        #expect(standard.confidenceInterval(level: 0.999).halfWidth < 0.02 && exact1 - exact2 > 0.2)
    }

    @Test("stock reserved for the critical contract is the same chain: 3 shared units and 2 reserved for T1")
    func reservedStock() throws {
        let scenario = try OracleScenario.load(Self.yaml(rationing: "    rationing: []")
            .replacingOccurrences(of: "level: \(Self.s)}", with: "level: \(Self.s - Self.k)}")
            + "\n  - id: reserved\n    extends: unrationed\n    reserved: [{location: FSL, part: P, units: \(Self.k), contract: T1}]\n")
        let policy = try #require(scenario.policyIndex(named: "reserved"))
        #expect(scenario.policies[policy].level(location: 2, part: 0) == .baseStock(level: Self.s))
        let pi = Self.stationary()
        let exact1 = 1 - pi[0], exact2 = pi[(Self.k + 1)...].reduce(0, +)
        var critical = RunningStatistics(), standard = RunningStatistics()
        for r in 0..<24 {
            let f = Self.fills(scenario, policy: policy, replication: UInt64(r))
            critical.add(f.critical)
            standard.add(f.standard)
        }
        #expect(critical.confidenceInterval(level: 0.999).contains(exact1) && standard.confidenceInterval(level: 0.999).contains(exact2),
                "T1 \(critical.mean), T2 \(standard.mean) against \(exact1), \(exact2)")
        // Replacing the list in an extending policy takes the base's reserved units out again.
        let again = try OracleScenario.load(Self.yaml(rationing: "    rationing: []")
            .replacingOccurrences(of: "level: \(Self.s)}", with: "level: \(Self.s - Self.k)}")
            + "\n  - id: reserved\n    extends: unrationed\n    reserved: [{location: FSL, part: P, units: \(Self.k), contract: T1}]"
            + "\n  - id: shared\n    extends: reserved\n    reserved: []\n")
        #expect(again.policies[try #require(again.policyIndex(named: "shared"))].level(location: 2, part: 0) == .baseStock(level: Self.s - Self.k))
    }

    @Test("without rationing both classes see the same fill, the Erlang-loss chain's P(n ≥ 1)")
    func withoutRationing() throws {
        let scenario = try Self.scenario(rationing: "    rationing: [{locations: [FSL], keep: \(Self.k), up_to_tier: 1}]")
        // k = 0: births (S − n)/L, deaths λ₁ + λ₂: on hand is S minus an Erlang loss system's busy servers.
        var weights = [1.0]
        for n in 0..<Self.s { weights.append(weights[n] * Double(Self.s - n) / Self.lead / (Self.lambda1 + Self.lambda2)) }
        let exact = 1 - weights[0] / weights.reduce(0, +)
        var critical = RunningStatistics(), standard = RunningStatistics()
        for r in 0..<16 {
            let f = Self.fills(scenario, policy: 1, replication: UInt64(r))
            critical.add(f.critical)
            standard.add(f.standard)
            #expect(f.outcome.result.expedites.rationed == 0)
        }
        #expect(critical.confidenceInterval(level: 0.999).contains(exact) && standard.confidenceInterval(level: 0.999).contains(exact),
                "\(critical.mean), \(standard.mean) against \(exact)")
    }

    @Test("a rationed shelf is traced and passed over: the tier-2 demand goes on to its emergency step")
    func traced() throws {
        let scenario = try Self.scenario(rationing: "    rationing: [{locations: [FSL], keep: \(Self.k), up_to_tier: 1}]")
        let records = Replication.run(scenario, policy: 0, seed: Self.seed, replication: 0, trace: true).trace.records
        let rationed = records.filter { $0.event == .rationed }
        #expect(!rationed.isEmpty && rationed.allSatisfy { $0.site == 1 })
        // Each rationed demand is the emergency shipment that follows it, at the same time, from the depot.
        for r in rationed.prefix(50) {
            #expect(records.contains { $0.event == .emergency && $0.incident == r.incident && $0.time == r.time && $0.location == 1 })
        }
        // No tier-1 demand is ever rationed, and tier 1 empties the shelf before an emergency.
        let tier1Emergencies = records.filter { $0.event == .emergency && $0.site == 0 }
        #expect(!tier1Emergencies.isEmpty)
    }
}
