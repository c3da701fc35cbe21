import Testing
import SparesModel
import SparesRandom
import SparesSim

/// A small scenario with every time deterministic, matched event by event against times worked out
/// by hand. The one random quantity is the stationary start: with a fixed life D, the first failure
/// comes after U·D, U the first uniform of the instance's life stream (SimulationPurpose.swift).
@Suite("Hand-computed trace")
struct HandTraceTests {
    static let yaml = """
        version: 1
        scenario: {name: hand trace, currency: EUR, horizon: 3000h, warm_up: 0h, start: 2027-01-04}
        locations:
          - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 48h}
          - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0, pick: 30m, receive: 15m}
        parts:
          - {id: P, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP}
        equipment:
          - {id: E, repair_time: 1.5h, parts: [{part: P, quantity: 1, failure: {dist: deterministic, value: 1000h}}]}
        sites:
          - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [DEPOT], units: {E: 1}}
        modes: [{id: van, name: van}]
        lanes:
          - {from: DEPOT, to: S, mode: van, transit: 2h, cost: 80}
        technicians:
          - {id: T, lat: 52.0, lon: 5.5, utc_offset: 0, headcount: 1, shifts: 24x7, skills: [], speed: 60, hourly_cost: 100}
        contracts:
          - {id: C, tier: 1, fee: 0, period: month, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
        policies:
          - {id: p, stock: {levels: [{location: DEPOT, part: P, level: 1}]}}
        """

    @Test("every event of three incidents at the hand-computed time")
    func trace() throws {
        let scenario = try OracleScenario.load(Self.yaml)
        let seed: UInt64 = 5
        let u = StreamFamily(masterSeed: seed, replication: 0, purpose: .partLife).stream(for: 0).uniformPositive()
        let travel = Coordinate(latitude: 52, longitude: 5.5).distance(to: Coordinate(latitude: 52, longitude: 5)) / 60
        #expect(travel > 0.5 && travel < 0.6)
        let outcome = Replication.run(scenario, policy: 0, seed: seed, replication: 0, trace: true)

        // Per incident from failure time f: pick 0.5 h then 2 h on the van; the technician leaves at once
        // and is on site after the travel; the repair starts with the part (2.5 h) and takes 1.5 h; the
        // depot's replacement arrives 48 h after the order. The next life of 1,000 h starts at restore.
        var expected: [(TraceEvent, Double)] = []
        var f = 1000 * u
        while f < 3000 {
            expected += [(.failure, f), (.shelf, f), (.shipToSite, f), (.technicianDispatched, f), (.purchase, f),
                         (.technicianOnSite, f + travel), (.partOnSite, f + 2.5), (.repairStart, f + 2.5), (.restored, f + 4),
                         (.stockArrived, f + 48)]
            f += 1004
        }
        expected.sort { $0.1 < $1.1 }
        let actual = outcome.trace.records.map { ($0.event, $0.time) }
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) {
            #expect(a.0 == e.0 && abs(a.1 - e.1) < 1e-9, "\(a) vs \(e)")
        }

        let result = outcome.result
        let incidents = (expected.filter { $0.0 == .failure }).count
        #expect(result.incidents.failures == incidents)
        #expect(abs(result.incidents.meanPartOnSite - 2.5) < 1e-12 && abs(result.incidents.meanRestore - 4) < 1e-12)
        #expect(result.contracts.allSatisfy { $0.attainment == 1 })
        #expect(result.costs.transport == 80 * Double(incidents))
        #expect(result.costs.purchases == 100 * Double(incidents))
        // The technician is busy from dispatch to back at base: travel, wait for the part, repair, travel.
        #expect(abs(result.technicians[0].busyHours - Double(incidents) * (4 + travel)) < 1e-9)
        #expect(abs(result.costs.technician - 100 * result.technicians[0].busyHours) < 1e-9)
        // The shelf holds its one unit except from each failure until the replacement arrives 48 h later.
        #expect(abs(result.stock[0].averageOnHand - (1 - 48 * Double(incidents) / 3000)) < 1e-12)
    }
}
