import Foundation
import Testing
import SparesModel
import SparesSim
import SparesStatistics
@testable import SparesSim

/// Failure rates that change in time: the timeline's integral and inverse by hand, a seasonal factor
/// against the exact monthly counts, surges against the exact share of time they cover and the exact
/// mean rate factor, and the same surges for every policy of a replication.
@Suite("Rates in time: seasonality and surges")
struct RateTimelineTests {
    @Test("integral and inverse of a piecewise-constant factor by hand")
    func timeline() {
        let t = RateTimeline(times: [0, 10, 30], rates: [1, 2, 0.5])
        #expect(t.integral(to: 5) == 5 && t.integral(to: 10) == 10 && t.integral(to: 20) == 30 && t.integral(to: 40) == 55)
        #expect(t.advance(from: 0, by: 5) == 5)
        #expect(t.advance(from: 5, by: 15) == 15)          // 5 more at rate 1 to 10, then 10 at rate 2: 5 h
        #expect(t.advance(from: 25, by: 20) == 50)         // 10 at rate 2 to 30, then 10 at rate 0.5: 20 h
        #expect(t.advance(from: 3, by: .infinity) == .infinity)
        for (a, x) in [(0.0, 7.0), (12.5, 31.0), (29.0, 0.25)] { #expect(abs(t.integral(to: t.advance(from: a, by: x)) - t.integral(to: a) - x) < 1e-12) }
    }

    static func scenario(_ risks: String, rate: Double, horizon: Int) throws -> Scenario {
        try OracleScenario.load(OracleScenario.singleLocation(level: 1_000, rate: rate, leadTime: "1h", horizon: horizon) + "\nrisks:\n" + risks)
    }

    @Test("a January factor of 2: the months' incident counts are λ · 2 · hours and λ · hours")
    func seasonality() throws {
        // Start Monday 2027-01-04, 200 h warm-up, 1,120 h measured: February 1 is hour 672 (28 days), so
        // January is measured for 472 h (200 to 672) and February for 648 h (672 to the end at 1,320).
        let scenario = try Self.scenario("""
              - {id: winter, kind: seasonality, monthly: [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], parts: [P]}
            """, rate: 0.05, horizon: 1_120)
        var january = RunningStatistics(), february = RunningStatistics()
        for r in 0..<120 {
            let result = Replication.run(scenario, policy: 0, seed: OracleScenario.seed, replication: UInt64(r)).result
            january.add(Double(try #require(result.contracts.first { $0.period == "2027-01" }).incidents))
            february.add(Double(try #require(result.contracts.first { $0.period == "2027-02" }).incidents))
        }
        #expect(january.confidenceInterval(level: 0.999).contains(0.05 * 2 * 472), "January \(january.mean)")
        #expect(february.confidenceInterval(level: 0.999).contains(0.05 * 648), "February \(february.mean)")
    }

    @Test("surges of 100 h at 20 a year tripling the rate: covered share 1 − e^(−νd), mean factor e^(νd(3−1))")
    func surges() throws {
        let scenario = try Self.scenario("""
              - {id: heat, kind: surge, rate_per_year: 20, duration: 100h, multiplier: 3, parts: [P]}
            """, rate: 0.02, horizon: 8_766)
        let nu = 20.0 / 8_766, d = 100.0
        var share = RunningStatistics(), factor = RunningStatistics()
        for r in 0..<160 {
            let result = Replication.run(scenario, policy: 0, seed: OracleScenario.seed, replication: UInt64(r)).result
            let heat = try #require(result.risks?.first)
            share.add(try #require(heat.hours) / 8_766)
            factor.add(Double(result.incidents.failures) / (0.02 * 8_766))
        }
        #expect(share.confidenceInterval(level: 0.999).contains(1 - exp(-nu * d)), "covered \(share.mean)")
        #expect(factor.confidenceInterval(level: 0.999).contains(exp(nu * d * 2)), "factor \(factor.mean)")
        #expect(share.confidenceInterval(level: 0.999).halfWidth < 0.03)
    }

    @Test("surges only in the listed months, and the same windows for every policy of a replication")
    func monthsAndCommonNumbers() throws {
        let scenario = try Self.scenario("""
              - {id: storms, kind: surge, rate_per_year: 6, duration: {dist: exponential, mean: 48h}, multiplier: {dist: uniform, min: 1.5, max: 3}, months: [dec, jan, feb], parts: [P]}
            """, rate: 0.02, horizon: 8_766 * 2)
        let start = scenario.metadata.start
        for r in 0..<6 {
            let a = RiskDraws(scenario: scenario, seed: 3, replication: UInt64(r))
            let b = Replication.run(scenario, policy: 0, seed: 3, replication: UInt64(r)).result
            for w in a.windows[0] { #expect([12, 1, 2].contains(RiskDraws.month(of: w.start, start: start))) }
            #expect(b.risks?.first?.value == a.values[0] && b.risks?.first?.hours == a.activeHours[0])
        }
        // One more policy in the scenario file: identical draws (the streams key on the risk id only).
        let twoPolicies = try OracleScenario.load(OracleScenario.singleLocation(level: 1_000, rate: 0.02, leadTime: "1h", horizon: 8_766)
            .replacingOccurrences(of: "policies:\n", with: "policies:\n  - {id: q, stock: {levels: [{location: DEPOT, part: P, level: 3}]}}\n")
            + "\nrisks:\n  - {id: storms, kind: surge, rate_per_year: 6, duration: 48h, multiplier: 2, parts: [P]}\n")
        for r in 0..<4 {
            #expect(Replication.run(twoPolicies, policy: 0, seed: 3, replication: UInt64(r)).result.risks
                    == Replication.run(twoPolicies, policy: 1, seed: 3, replication: UInt64(r)).result.risks)
        }
    }

    @Test("two policies of one replication see the same draws and surge timeline, read back from their traces")
    func sameWorldInTraces() throws {
        let text = try InvariantTests.minimalText + """

            risks:
              - {id: lot, kind: failure_rate, multiplier: {dist: gamma, mean: 1, cv: 0.4}}
              - {id: storms, kind: surge, rate_per_year: 8, duration: {dist: exponential, mean: 2d}, multiplier: 2}
            """
        let scenario = try OracleScenario.load(text)
        func world(_ policy: Int) -> [String] {
            OracleScenario.traceLines(scenario, policy: policy, seed: 21, replication: 3, containing: [",risk_drawn,", ",surge_"])
        }
        let a = world(0), b = world(1)
        #expect(a == b)
        #expect(a.contains { $0.contains(",risk_drawn,") } && a.contains { $0.contains(",surge_start,") })
    }

    @Test("a surge's start times come from their own stream: other duration or factor laws leave them as they were")
    func arrivalsOwnStream() throws {
        func starts(_ duration: String, _ multiplier: String) throws -> [Double] {
            let scenario = try Self.scenario("""
                  - {id: storms, kind: surge, rate_per_year: 12, duration: \(duration), multiplier: \(multiplier), parts: [P]}
                """, rate: 0.02, horizon: 8_766)
            return RiskDraws(scenario: scenario, seed: 5, replication: 2).windows[0].map(\.start).filter { $0 > 0 }
        }
        let a = try starts("48h", "2"), b = try starts("{dist: lognormal, mean: 3d, cv: 0.8}", "{dist: uniform, min: 1.2, max: 4}")
        #expect(a == b && a.count > 3)
    }
}
