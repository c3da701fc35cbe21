import Foundation
import Testing
import SparesModel
import SparesStatistics
@testable import SparesSim

/// Remote interventions as a decision: the share of attempts that resolve is the rule's success
/// probability (within its binomial interval), a resolved incident is restored when the attempt ends
/// with no part sent, a failed one is sourced then, each attempt costs what the rule says and the
/// cost lines still add up, and every policy that tries an incident sees the same outcome.
@Suite("Remote interventions")
struct RemoteInterventionTests {
    static func scenario(_ rule: String) throws -> Scenario {
        try OracleScenario.load("""
            version: 1
            scenario: {name: remote, currency: EUR, horizon: 4000h, warm_up: 200h, start: 2027-01-04}
            locations:
              - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 10h}
              - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
            parts:
              - {id: P, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP}
            equipment:
              - id: E
                repair_time: 30m
                parts: [{part: P, quantity: 10000, failure: {mtbf: 200000h}}]
            sites:
              - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [DEPOT], units: {E: 1}}
            modes: [{id: m, name: m}]
            lanes:
              - {from: DEPOT, to: S, mode: m, transit: 1h, cost: 40}
            technicians:
              - {id: T, base: DEPOT, headcount: 10000, shifts: 24x7, skills: [], speed: 50, hourly_cost: 80}
            contracts:
              - {id: C, tier: 1, fee: 0, period: month, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
            policies:
              - id: remote-first
                stock: {levels: [{location: DEPOT, part: P, level: 500}]}
                remote_intervention: \(rule)
              - id: on-site
                extends: remote-first
                remote_intervention: ~
            """)
    }

    static let seed: UInt64 = UInt64(ProcessInfo.processInfo.environment["SPARES_TEST_SEED"] ?? "") ?? 9

    @Test("40% of attempts resolve (binomial 99.9% interval); resolved: restored 2 h after the failure, no part; failed: sourced at 2 h")
    func outcomes() throws {
        let scenario = try Self.scenario("{success: 40%, duration: 2h, cost: 100}")
        var attempts = 0, resolved = 0
        for r in 0..<8 {
            let outcome = Replication.run(scenario, policy: 0, seed: Self.seed, replication: UInt64(r), trace: true)
            let records = outcome.trace.records
            let tries = records.filter { $0.event == .remoteAttempt }
            attempts += tries.count
            for t in tries {
                let failure = try #require(records.first { $0.event == .failure && $0.incident == t.incident })
                #expect(t.time == failure.time)
                if t.detail.hasPrefix("resolves") {
                    resolved += 1
                    let restored = try #require(records.first { $0.event == .restored && $0.incident == t.incident })
                    #expect(abs(restored.time - failure.time - 2) < 1e-9)
                    #expect(!records.contains { $0.event == .shelf && $0.incident == t.incident })
                } else if let shelf = records.first(where: { $0.event == .shelf && $0.incident == t.incident }) {
                    #expect(abs(shelf.time - failure.time - 2) < 1e-9)
                }
            }
            // Each measured attempt costs EUR 100, and the cost lines add up to the total.
            let result = outcome.result
            #expect(result.costs.remote == Double(result.incidents.remoteAttempts) * 100 && result.incidents.remoteAttempts > 0)
            let c = result.costs
            let exposure = result.contracts.reduce(0.0) { $0 + $1.exposure }
            #expect(abs(c.total - (c.holding + c.transport + c.expedite + c.repair + c.purchases + c.technician + c.remote + exposure - c.bonuses)) < 1e-6)
            #expect(result.census.allSatisfy { $0.balance == 0 })
        }
        let p = 0.4, n = Double(attempts)
        let half = 3.29 * (p * (1 - p) / n).squareRoot()
        #expect(abs(Double(resolved) / n - p) < half, "\(resolved) of \(attempts) resolved")
        #expect(attempts > 1_000)
    }

    @Test("every policy that tries an incident sees the same outcome; one that does not sends the part at once")
    func commonOutcomes() throws {
        let scenario = try Self.scenario("{success: 40%, duration: {dist: exponential, mean: 1h}, cost: 100}")
        let other = try Self.scenario("{success: 40%, duration: {dist: exponential, mean: 1h}, cost: 250}")
        for r in 0..<3 {
            func tries(_ s: Scenario, _ policy: Int) -> [String] {
                Replication.run(s, policy: policy, seed: Self.seed, replication: UInt64(r), trace: true).trace.records
                    .filter { $0.event == .remoteAttempt }.map { "\($0.time)|\($0.detail)" }
            }
            let a = tries(scenario, 0), b = tries(other, 0)
            #expect(!a.isEmpty && a.prefix(20) == b.prefix(20), "the first attempts differ")
            #expect(tries(scenario, 1).isEmpty)
        }
    }

    @Test("saving_exceeds_cost: tried when 40% of the physical fix's cost (part, delivery, technician) pays for the attempt")
    func savingRule() throws {
        // The physical fix: part EUR 100, delivery EUR 40, the technician at EUR 80/h for 0 h of travel and a
        // 30 min repair = EUR 180; 40% of it is EUR 72.
        let cheap = try Self.scenario("{success: 40%, duration: 2h, cost: 71, when: saving_exceeds_cost}")
        let dear = try Self.scenario("{success: 40%, duration: 2h, cost: 73, when: saving_exceeds_cost}")
        #expect(Replication.run(cheap, policy: 0, seed: Self.seed, replication: 0).result.incidents.remoteAttempts > 0)
        #expect(Replication.run(dear, policy: 0, seed: Self.seed, replication: 0).result.incidents.remoteAttempts == 0)
    }
}
