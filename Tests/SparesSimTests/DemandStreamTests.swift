import Foundation
import Testing
import SparesModel
@testable import SparesSim
import SparesStatistics

/// Demand streams: a Poisson stream reproduces Palm (ORACLES.md O1), a bootstrapped history its mean
/// and variance per period, parts are conserved (stream demands consume their units), and mistakes
/// are located.
@Suite("Demand streams")
struct DemandStreamTests {
    /// One depot buying P from a supplier after exactly `leadTime` hours at base stock `level`, a
    /// stream of P at the depot, and one site whose part Q keeps the installed base (P has none).
    static func scenario(stream: String, level: Int = 3, leadTime: Double = 4, horizon: Int = 100_000) -> String {
        """
        version: 1
        scenario: {name: streams, currency: EUR, horizon: \(horizon)h, warm_up: 168h, start: 2027-01-04}
        locations:
          - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: \(leadTime)h}
          - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
        parts:
          - {id: P, cost: 10, holding_rate: 20%, type: consumable, supplier: SUP}
          - {id: Q, cost: 10, holding_rate: 20%, type: consumable, supplier: SUP}
        demand_streams:
          - \(stream)
        equipment:
          - {id: E, repair_time: 1m, parts: [{part: Q, quantity: 1, failure: {mtbf: 10000h}}]}
        sites:
          - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [DEPOT], units: {E: 1}}
        modes: [{id: m, name: m}]
        lanes:
          - {from: DEPOT, to: S, mode: m, transit: 0h}
        technicians:
          - {id: T, base: DEPOT, headcount: 10, shifts: 24x7, skills: [], speed: 50}
        contracts:
          - {id: C, tier: 1, fee: 0, period: month, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
        policies:
          - id: p
            stock: {levels: [{location: DEPOT, part: P, level: \(level)}, {location: DEPOT, part: Q, level: 1}]}
        """
    }

    /// O1: Poisson demand at 0.5 an hour, lead time 4 h, S = 3: the pipeline is Poisson(2), fill
    /// P(N ≤ 2) and backorders EBO(3; 2).
    @Test("A Poisson stream reproduces Palm: fill and backorders")
    func palm() throws {
        let scenario = try OracleScenario.load(Self.scenario(stream: "{location: DEPOT, part: P, rate: 12, per: day}"))
        var fill = RunningStatistics(), backorders = RunningStatistics(), demands = RunningStatistics()
        for r in 0..<10 {
            let result = Replication.run(scenario, policy: 0, seed: OracleScenario.seed, replication: UInt64(r)).result
            let point = try #require(result.stock.first { $0.location == "DEPOT" && $0.part == "P" })
            fill.add(point.fillRate)
            backorders.add(point.averageBackorders)
            demands.add(Double(point.demands) / 100_000)
            #expect(result.census.allSatisfy { $0.balance == 0 }, "\(result.census)")
        }
        let fCI = fill.confidenceInterval(level: 0.999), bCI = backorders.confidenceInterval(level: 0.999)
        #expect(fCI.contains(Oracle.poissonCDF(2, 2)), "fill \(fCI) vs \(Oracle.poissonCDF(2, 2))")
        #expect(bCI.contains(Oracle.expectedBackorders(3, 2)), "EBO \(bCI) vs \(Oracle.expectedBackorders(3, 2))")
        #expect(demands.confidenceInterval(level: 0.999).contains(0.5))
        #expect(fCI.halfWidth < 0.01)
    }

    /// Bootstrapped history: weekly counts [0, 3, 0, 1, 0, 0, 5, 1] have mean 1.25 and variance
    /// 2.9375; the simulated weeks' counts have both, within intervals from the history's moments
    /// (the variance's from its fourth central moment).
    @Test("A bootstrapped history reproduces its mean and variance per period")
    func history() throws {
        let counts = [0, 3, 0, 1, 0, 0, 5, 1]
        let scenario = try OracleScenario.load(Self.scenario(stream: "{location: DEPOT, part: P, history: \(counts), per: week}",
                                                            horizon: 200_000))
        let trace = Replication.run(scenario, policy: 0, seed: OracleScenario.seed, replication: 0, trace: true).trace
            .csv(scenario: Replication.traceNames(scenario))
        let weeks = Int((200_000 + 168) / 168)
        var perWeek = [Double](repeating: 0, count: weeks)
        for line in trace.split(separator: "\n") where line.contains(",stream_demand,") {
            let t = Double(line.prefix { $0 != "," })!
            perWeek[Int(t / 168)] += 1
        }
        let n = Double(weeks)
        let mean = perWeek.reduce(0, +) / n
        let variance = perWeek.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let mu = Double(counts.reduce(0, +)) / Double(counts.count)
        let sigma2 = counts.reduce(0.0) { $0 + (Double($1) - mu) * (Double($1) - mu) } / Double(counts.count)
        let mu4 = counts.reduce(0.0) { $0 + pow(Double($1) - mu, 4) } / Double(counts.count)
        #expect(mu == 1.25 && sigma2 == 2.9375)
        let z = 3.29
        #expect(abs(mean - mu) < z * (sigma2 / n).squareRoot(), "mean per week \(mean) vs \(mu)")
        #expect(abs(variance - sigma2) < z * ((mu4 - sigma2 * sigma2) / n).squareRoot(), "variance per week \(variance) vs \(sigma2)")
        // The analytic demand the optimiser and stocking rules see: 1.25 a week.
        #expect(abs(try #require(scenario.demandStreams.first).rate - 1.25 / 168) < 1e-15)
    }

    /// Same seed, two policies: the stream's demands come at the same times (its own streams).
    @Test("Common random numbers: a stream's demand times do not depend on the policy")
    func commonRandomNumbers() throws {
        let text = Self.scenario(stream: "{location: DEPOT, part: P, rate: 2, per: day}", horizon: 5_000)
            + "\n  - id: more\n    stock: {levels: [{location: DEPOT, part: P, level: 9}, {location: DEPOT, part: Q, level: 1}]}\n"
        let scenario = try OracleScenario.load(text)
        func times(_ policy: Int) -> [String] {
            OracleScenario.traceLines(scenario, policy: policy, seed: OracleScenario.seed, replication: 1, containing: [",stream_demand,"])
                .map { String($0.prefix { $0 != "," }) }
        }
        #expect(times(0) == times(1) && !times(0).isEmpty)
    }

    @Test("mistakes are located", arguments: [
        ("{location: DEPOT, part: P, rate: 2, history: [1, 2], per: day}", "demand_streams[0].history", "expected either a rate or a history; found both"),
        ("{location: DEPOT, part: P, per: day}", "demand_streams[0]", "expected a rate (Poisson) or a history (counts per period); found neither"),
        ("{location: SUP, part: P, rate: 2, per: day}", "demand_streams[0].location", "expected a stocking location (central, hub or fsl); found 'SUP', a supplier"),
        ("{location: DEPOT, part: P, history: [0, 0], per: week}", "demand_streams[0].history", "with at least one demand"),
        ("{location: DEPOT, part: P, rate: -1, per: week}", "demand_streams[0].rate", "expected a positive finite number"),
        ("{location: DEPOT, part: PP, rate: 1, per: fortnight}", "demand_streams[0].per", "expected one of"),
    ])
    func mistakes(stream: String, place: String, message: String) {
        let load = ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": Self.scenario(stream: stream)]))
        let text = load.diagnostics.errors.map { "\($0)" }.joined(separator: "\n")
        #expect(load.scenario == nil)
        #expect(text.contains(place) && text.contains(message), "\(text)")
        if stream.contains("PP") { #expect(text.contains("demand_streams[0].part") && text.contains("did you mean 'P'"), "\(text)") }
    }
}
