import Foundation
import Testing
import SparesModel
import SparesOptimize
import SparesSim
import SparesStatistics

/// Base repair (a share of failures repaired where the failed unit is received, the rest sent on):
/// the analytic models against ORACLES.md O4/O5 with r > 0, written out here independently, and the
/// simulation against VARI-METRIC, on a five-base network. (Sherbrooke's own five-base table is not
/// in ORACLES.md; these are its formulas on a network of that shape.)
@Suite("Base repair: METRIC, VARI-METRIC and the simulation")
struct BaseRepairTests {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["SPARES_TEST_SEED"].flatMap { UInt64($0) } ?? 20261123

    static func load(_ yaml: String) throws -> Scenario {
        let loaded = ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": yaml]))
        return try #require(loaded.scenario, "\(loaded.diagnostics.all.map { "\($0)" })")
    }

    static func poissonPMF(_ x: Int, _ m: Double) -> Double {
        var p = exp(-m)
        for k in stride(from: 1, through: x, by: 1) { p *= m / Double(k) }
        return p
    }

    /// EBO(S) = m·p(S) + (m − S)(1 − F(S)) for a Poisson(m) pipeline.
    static func poissonEBO(_ s: Int, _ m: Double) -> Double {
        let below = s < 0 ? 0 : (0...s).reduce(0) { $0 + poissonPMF($1, m) }
        return m * poissonPMF(s, m) + (m - Double(s)) * (1 - below)
    }

    /// Five bases (demand 0.02 to 0.06 per hour), 20% of failures repaired at the base in an
    /// exponential 3 h, the rest resupplied from the depot in exactly 2 h; the depot's vendor repairs
    /// in an exponential 10 h. Every failed unit is pulled at once (METRIC's assumption).
    static let rates = [0.02, 0.03, 0.04, 0.05, 0.06]
    static let baseShare = 0.2, baseRepair = 3.0, transit = 2.0, depotRepair = 10.0

    static func fiveBases(depot: Int, base: Int, horizon: Int = 100_000) -> String {
        let bases = rates.indices.map { "  - {id: B\($0 + 1), echelon: fsl, lat: 52.0, lon: 5.0, utc_offset: 0, source: DEPOT}" }
        let sites = rates.indices.map { "  - {id: S\($0 + 1), lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [B\($0 + 1)], units: {E\($0 + 1): 1}}" }
        let equipment = rates.enumerated().map { j, rate in
            "  - {id: E\(j + 1), repair_time: 1m, parts: [{part: P, quantity: 10000, failure: {mtbf: \(10_000 / rate)h}}]}"
        }
        let lanes = rates.indices.flatMap { j in
            ["  - {from: DEPOT, to: B\(j + 1), mode: m, transit: \(transit)h}", "  - {from: B\(j + 1), to: S\(j + 1), mode: m, transit: 0h}"]
        }
        let levels = rates.indices.map { "        - {location: B\($0 + 1), part: P, level: \(base)}" }
        return """
            version: 1
            scenario: {name: five bases, currency: EUR, horizon: \(horizon)h, warm_up: 500h, start: 2027-01-04}
            locations:
              - {id: REP, echelon: repair, lat: 52.0, lon: 5.0, utc_offset: 0}
              - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
            \(bases.joined(separator: "\n"))
            parts:
              - id: P
                cost: 100
                holding_rate: 20%
                type: repairable
                repair:
                  vendor: REP
                  return_leg: 0h
                  turnaround: {dist: exponential, mean: \(depotRepair)h}
                  return_to: DEPOT
                  removed: at_failure
                  local: [{at: [B1, B2, B3, B4, B5], share: \(baseShare), return_leg: 0h, turnaround: {dist: exponential, mean: \(baseRepair)h}}]
            equipment:
            \(equipment.joined(separator: "\n"))
            sites:
            \(sites.joined(separator: "\n"))
            modes: [{id: m, name: m}]
            lanes:
              - {from: REP, to: DEPOT, mode: m, transit: 0h}
            \(lanes.joined(separator: "\n"))
            technicians:
              - {id: T, lat: 52.0, lon: 5.0, utc_offset: 0, headcount: 10000, shifts: 24x7, skills: [], speed: 50}
            contracts:
              - {id: C, tier: 1, fee: 0, period: year, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
            policies:
              - id: p
                stock:
                  levels:
                    - {location: DEPOT, part: P, level: \(depot)}
            \(levels.joined(separator: "\n"))
            """
    }

    /// ORACLES.md O4/O5 written out for the five bases, independently of SparesOptimize: total base
    /// EBO by METRIC and by VARI-METRIC.
    static func oracle(depot s0: Int, base s: Int) -> (metric: Double, variMetric: Double) {
        let lambda0 = rates.reduce(0) { $0 + $1 * (1 - baseShare) }
        let m0 = lambda0 * depotRepair
        // EBO₀ and VBO₀ of (X − s₀)⁺, X ~ Poisson(m0), summed far into the tail.
        var ebo0 = 0.0, second = 0.0
        for x in s0..<(s0 + 200) {
            let p = Self.poissonPMF(x, m0)
            ebo0 += Double(x - s0) * p
            second += Double((x - s0) * (x - s0)) * p
        }
        let vbo0 = second - ebo0 * ebo0
        var metric = 0.0, vari = 0.0
        for lambda in rates {
            let own = lambda * (baseShare * baseRepair + (1 - baseShare) * transit)
            let f = lambda * (1 - baseShare) / lambda0
            let mean = own + f * ebo0
            let variance = own + f * (1 - f) * ebo0 + f * f * vbo0
            metric += Self.poissonEBO(s, mean)
            vari += negativeBinomialEBO(s, mean: mean, variance: variance)
        }
        return (metric, vari)
    }

    /// EBO(s) of a negative binomial with this mean and variance, summed over its pmf (Poisson when
    /// the variance is the mean's to rounding, as at a depot without stock, where f(1 − f)·EBO₀ +
    /// f²·VBO₀ = f·EBO₀).
    static func negativeBinomialEBO(_ s: Int, mean: Double, variance: Double) -> Double {
        if variance <= mean * (1 + 1e-12) { return poissonEBO(s, mean) }
        let p = mean / variance, n = mean * mean / (variance - mean)
        var pmf = pow(p, n), below = 0.0
        for x in 0..<s {
            below += Double(s - x) * pmf
            pmf *= (n + Double(x)) * (1 - p) / Double(x + 1)
        }
        return mean - Double(s) + below
    }

    /// The analytic model takes the base-repair share and time as O4/O5 do: StockProblem's METRIC and
    /// VARI-METRIC equal the formulas to rounding, at several (depot, base) stock pairs.
    @Test("Base repair: the analytic EBO is O4's METRIC and O5's VARI-METRIC", arguments: [(0, 1), (1, 1), (2, 1), (3, 2), (5, 1)])
    func analytic(depot: Int, base: Int) throws {
        let scenario = try Self.load(Self.fiveBases(depot: depot, base: base))
        let expected = Self.oracle(depot: depot, base: base)
        for (method, value) in [(MultiEchelonPart.Method.metric, expected.metric), (.variMetric, expected.variMetric)] {
            let problem = StockProblem(scenario, method: method)
            let tree = try #require(problem.parts.first)
            let stock = tree.locations.map { scenario.locations[$0].id == "DEPOT" ? depot : base }
            let evaluation = tree.model.evaluate(stock)
            #expect(abs(evaluation.siteBackorders - value) < 1e-9 * max(1, value), "\(method): \(evaluation.siteBackorders) vs \(value)")
        }
    }

    /// The simulation keeps the base-repair share (its counts by location) and lands near
    /// VARI-METRIC, above METRIC where the two are told apart; parts are conserved.
    @Test("Base repair: simulated base backorders land near VARI-METRIC", arguments: [(1, 1), (3, 1)])
    func simulated(depot: Int, base: Int) throws {
        let scenario = try Self.load(Self.fiveBases(depot: depot, base: base))
        let expected = Self.oracle(depot: depot, base: base)
        var total = RunningStatistics()
        var depotOrders = RunningStatistics()
        let horizon = 100_000.0
        for r in 0..<10 {
            let result = Replication.run(scenario, policy: 0, seed: Self.seed, replication: UInt64(r)).result
            total.add(result.stock.filter { $0.location.hasPrefix("B") }.reduce(0) { $0 + $1.averageBackorders })
            let depotPoint = try #require(result.stock.first { $0.location == "DEPOT" })
            depotOrders.add(Double(depotPoint.orderDemands) / horizon)
            #expect(result.census.allSatisfy { $0.balance == 0 }, "\(result.census)")
        }
        // The depot sees the 80% not repaired at the bases: 0.16 per hour.
        let lambda0 = Self.rates.reduce(0, +) * (1 - Self.baseShare)
        let ordersCI = depotOrders.confidenceInterval(level: 0.999)
        #expect(ordersCI.contains(lambda0), "depot demand \(ordersCI) vs \(lambda0)")
        let ci = total.confidenceInterval(level: 0.999)
        // VARI-METRIC is itself an approximation: the O4 table has the simulation 1 to 2% above it.
        #expect(ci.upper > expected.variMetric * 0.99, "base EBO \(ci) vs VARI-METRIC \(expected.variMetric)")
        #expect(ci.lower < expected.variMetric * 1.04, "base EBO \(ci) vs VARI-METRIC \(expected.variMetric)")
        if expected.variMetric - expected.metric > 3 * ci.halfWidth {
            #expect(ci.lower > expected.metric, "base EBO \(ci) should lie above METRIC \(expected.metric)")
        }
    }

}
