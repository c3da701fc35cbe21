import Foundation
import SparesModel
import SparesSim
import SparesStatistics

/// Scenarios that configure the full model down to an oracle's case (ORACLES.md), written as YAML
/// and loaded like any user's file, plus the statistics the oracle tests share.
enum OracleScenario {
    /// One depot with base stock `level`, bought from a supplier after `leadTime`, and one site whose
    /// 10,000 part instances fail at `rate` per hour in total (so demand is Poisson to within 1e-3:
    /// the few instances down at any time, against 10,000, barely thin it). Deliveries, technicians and repairs take
    /// no time that matters. With `emergency`, a stock-out is met by the supplier at once (O2).
    static func singleLocation(level: Int, rate: Double, leadTime: String, emergency: Bool = false, horizon: Int = 20_000) -> String {
        let mtbf = 10_000 / rate
        return """
            version: 1
            scenario: {name: single location, currency: EUR, horizon: \(horizon)h, warm_up: 200h, start: 2027-01-04}
            locations:
              - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: \(leadTime)}
              - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
            parts:
              - {id: P, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP}
            equipment:
              - id: E
                repair_time: 1m
                parts: [{part: P, quantity: 10000, failure: {mtbf: \(mtbf)h}}]
            sites:
              - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [DEPOT], units: {E: 1}}
            modes: [{id: m, name: m}]
            lanes:
              - {from: DEPOT, to: S, mode: m, transit: 0h}
              - {from: SUP, to: S, mode: m, transit: 1h}
            technicians:
              - {id: T, base: DEPOT, headcount: 10000, shifts: 24x7, skills: [], speed: 50}
            contracts:
              - {id: C, tier: 1, fee: 0, period: month, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
            policies:
              - id: p
                stock: {levels: [{location: DEPOT, part: P, level: \(level)}]}
            \(emergency ? "    expediting: [{kind: emergency, from: [SUP]}]" : "")
            """
    }

    /// A technician pool of `technicians` at the site (no travel), Poisson incidents at `rate` per
    /// hour and exponential repairs of mean `repairHours`; parts always on the shelf (O3).
    /// 100,000 instances: about 3.5 are down at any time, which thins the failure rate by 0.0035%
    /// (with 10,000, the 0.035% bias in the arrival rate would move Wq by 0.2%, a third of the interval).
    static func technicianPool(technicians: Int, rate: Double, repairHours: Double, horizon: Int = 40_000) -> String {
        let mtbf = 100_000 / rate
        return """
            version: 1
            scenario: {name: technician pool, currency: EUR, horizon: \(horizon)h, warm_up: 200h, start: 2027-01-04}
            locations:
              - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 1h}
              - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
            parts:
              - {id: P, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP}
            equipment:
              - id: E
                repair_time: {dist: exponential, mean: \(repairHours)h}
                parts: [{part: P, quantity: 100000, failure: {mtbf: \(mtbf)h}}]
            sites:
              - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [DEPOT], units: {E: 1}}
            modes: [{id: m, name: m}]
            lanes:
              - {from: DEPOT, to: S, mode: m, transit: 0h}
            technicians:
              - {id: T, base: DEPOT, headcount: \(technicians), shifts: 24x7, skills: [], speed: 50}
            contracts:
              - {id: C, tier: 1, fee: 0, period: month, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
            policies:
              - id: p
                stock: {levels: [{location: DEPOT, part: P, level: 1000}]}
            """
    }

    /// ORACLES.md O4: a depot and two bases, repairables failing at 0.1 per hour per base, every
    /// failed unit pulled at once and repaired at the depot's vendor in an exponential 14 h, bases
    /// resupplied from the depot in exactly 2 h; base stock 1 at each base and `depotLevel` at the depot.
    static func twoEchelon(depotLevel: Int, horizon: Int = 120_000) -> String {
        """
        version: 1
        scenario: {name: two echelons, currency: EUR, horizon: \(horizon)h, warm_up: 500h, start: 2027-01-04}
        locations:
          - {id: REP, echelon: repair, lat: 52.0, lon: 5.0, utc_offset: 0}
          - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
          - {id: BASE-1, echelon: fsl, lat: 52.0, lon: 5.0, utc_offset: 0, source: DEPOT}
          - {id: BASE-2, echelon: fsl, lat: 52.0, lon: 5.0, utc_offset: 0, source: DEPOT}
        parts:
          - id: P
            cost: 100
            holding_rate: 20%
            type: repairable
            repair: {vendor: REP, return_leg: 0h, turnaround: {dist: exponential, mean: 14h}, return_to: DEPOT, removed: at_failure}
        equipment:
          - id: E
            repair_time: 1m
            parts: [{part: P, quantity: 10000, failure: {mtbf: 100000h}}]
        sites:
          - {id: S1, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [BASE-1], units: {E: 1}}
          - {id: S2, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [BASE-2], units: {E: 1}}
        modes: [{id: m, name: m}]
        lanes:
          - {from: DEPOT, to: BASE-1, mode: m, transit: 2h}
          - {from: DEPOT, to: BASE-2, mode: m, transit: 2h}
          - {from: REP, to: DEPOT, mode: m, transit: 0h}
          - {from: BASE-1, to: S1, mode: m, transit: 0h}
          - {from: BASE-2, to: S2, mode: m, transit: 0h}
        technicians:
          - {id: T, lat: 52.0, lon: 5.0, utc_offset: 0, headcount: 10000, shifts: 24x7, skills: [], speed: 50}
        contracts:
          - {id: C, tier: 1, fee: 0, period: year, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
        policies:
          - id: p
            stock:
              levels:
                - {location: DEPOT, part: P, level: \(depotLevel)}
                - {location: BASE-1, part: P, level: 1}
                - {location: BASE-2, part: P, level: 1}
        """
    }

    /// The master seed of the statistical tests: fixed, or `SPARES_TEST_SEED` to check that their
    /// tolerances hold at other seeds too.
    static let seed: UInt64 = ProcessInfo.processInfo.environment["SPARES_TEST_SEED"].flatMap { UInt64($0) } ?? 20261123

    /// The lines of a replication's trace CSV that contain any of `markers` (",surge_", ...): what
    /// the common-random-numbers tests compare between policies.
    static func traceLines(_ scenario: Scenario, policy: Int, seed: UInt64, replication: UInt64, containing markers: [String]) -> [String] {
        Replication.run(scenario, policy: policy, seed: seed, replication: replication, trace: true).trace.csv(scenario: Replication.traceNames(scenario))
            .split(separator: "\n").filter { line in markers.contains { line.contains($0) } }.map(String.init)
    }

    static func load(_ yaml: String, extra: [String: String] = [:]) throws -> Scenario {
        var files = extra
        files["s.yaml"] = yaml
        let loaded = ScenarioLoader.load("s.yaml", files: .memory(files))
        guard let scenario = loaded.scenario else {
            throw LoadFailure(messages: loaded.diagnostics.all.map { "\($0)" })
        }
        return scenario
    }

    struct LoadFailure: Error, CustomStringConvertible {
        var messages: [String]
        var description: String { messages.joined(separator: "\n") }
    }
}

/// Poisson pmf and cdf and the closed forms of ORACLES.md, to state the expected values in tests.
enum Oracle {
    static func poissonPMF(_ x: Int, _ m: Double) -> Double {
        var p = exp(-m)
        for k in stride(from: 1, through: x, by: 1) { p *= m / Double(k) }
        return p
    }

    static func poissonCDF(_ x: Int, _ m: Double) -> Double {
        x < 0 ? 0 : (0...x).reduce(0) { $0 + poissonPMF($1, m) }
    }

    /// EBO(S) = m·p(S) + (m − S)(1 − F(S)).
    static func expectedBackorders(_ s: Int, _ m: Double) -> Double {
        m * poissonPMF(s, m) + (m - Double(s)) * (1 - poissonCDF(s, m))
    }

    /// Erlang loss B(S, m) by the recursion B_k = m·B_{k−1} / (k + m·B_{k−1}).
    static func erlangB(_ s: Int, _ m: Double) -> Double {
        var b = 1.0
        for k in stride(from: 1, through: s, by: 1) { b = m * b / (Double(k) + m * b) }
        return b
    }
}
