import Foundation
import Testing
import SparesModel
import SparesRandom
@testable import SparesSim
import SparesStatistics

/// Uncertain parameters drawn once per replication (`risks:`) against exact results: a gamma
/// failure-rate multiplier turns Poisson demand into negative binomial demand, and the shelf fill
/// into Palm's fill averaged over the multiplier; every policy sees the same draws; a multiplier of
/// exactly 1 changes no bit.
@Suite("Risks: uncertain parameters")
struct RiskTests {
    /// The oracle scenario with a gamma failure-rate multiplier of mean 1 and `cv` on its part.
    static func withMultiplier(_ yaml: String, cv: Double) -> String {
        yaml + """

            risks:
              - id: rate
                kind: failure_rate
                multiplier: {dist: gamma, mean: 1, cv: \(cv)}
                parts: [P]
            """
    }

    /// log of the negative binomial pmf with mean `mean` and shape `k` (variance mean + mean²/k).
    static func logNegativeBinomial(_ n: Int, mean: Double, k: Double) -> Double {
        let p = k / (k + mean)
        return lgamma(Double(n) + k) - lgamma(k) - lgamma(Double(n) + 1) + k * log(p) + Double(n) * log(1 - p)
    }

    @Test("a gamma multiplier (cv 0.5) on a Poisson(100) demand: counts per replication are negative binomial")
    func negativeBinomial() throws {
        // 0.05 failures an hour over 2,000 measured hours: m = 100; k = 1 / cv² = 4; variance 100 + 100² / 4.
        let scenario = try OracleScenario.load(Self.withMultiplier(
            OracleScenario.singleLocation(level: 1_000, rate: 0.05, leadTime: "1h", horizon: 2_000), cv: 0.5))
        let m = 100.0, k = 4.0, variance = m + m * m / k
        let n = 400
        var counts: [Int] = []
        for r in 0..<n {
            counts.append(Replication.run(scenario, policy: 0, seed: OracleScenario.seed, replication: UInt64(r)).result.incidents.failures)
        }
        let stats = RunningStatistics(counts.map(Double.init))
        #expect(stats.confidenceInterval(level: 0.999).contains(m), "mean \(stats.mean)")
        // The sample variance against μ + μ²/k, within 3.29 standard errors (SE from the fourth moment).
        let mean = stats.mean
        let s2 = counts.reduce(0.0) { $0 + pow(Double($1) - mean, 2) } / Double(n - 1)
        let m4 = counts.reduce(0.0) { $0 + pow(Double($1) - mean, 4) } / Double(n)
        let se = ((m4 - s2 * s2) / Double(n)).squareRoot()
        #expect(abs(s2 - variance) < 3.29 * se, "variance \(s2) vs \(variance) ± \(3.29 * se)")
        #expect(s2 > 10 * m, "the spread is the multiplier's, far beyond Poisson's \(m)")
        // Chi-square on the counts, bins of at least 10 expected, against the exact pmf (no fitted parameter).
        var bins: [(upper: Int, expected: Double)] = []
        var mass = 0.0, x = 0, cumulative = 0.0
        while cumulative < 1 - 1e-9 && x < 2_000 {
            let p = exp(Self.logNegativeBinomial(x, mean: m, k: k))
            mass += p; cumulative += p
            if mass * Double(n) >= 10 { bins.append((x, mass * Double(n))); mass = 0 }
            x += 1
        }
        bins[bins.count - 1].expected += (1 - cumulative + mass) * Double(n)
        bins[bins.count - 1].upper = .max
        var observed = [Int](repeating: 0, count: bins.count)
        for c in counts { observed[bins.firstIndex { c <= $0.upper }!] += 1 }
        let chi2 = zip(observed, bins).reduce(0.0) { $0 + pow(Double($1.0) - $1.1.expected, 2) / $1.1.expected }
        let critical = ChiSquared.upperQuantile(0.001, degreesOfFreedom: Double(bins.count - 1))
        #expect(chi2 < critical, "chi-square \(chi2) over \(bins.count) bins, critical \(critical)")
    }

    @Test("with the multiplier, the mean shelf fill is E[F(S−1; M·m)] over M, by numerical integration")
    func fillOverMultiplier() throws {
        // Base stock 2, Poisson demand 0.5 an hour, lead time 4 h: m = 2; M ~ gamma(shape 4, scale 1/4).
        let scenario = try OracleScenario.load(Self.withMultiplier(
            OracleScenario.singleLocation(level: 2, rate: 0.5, leadTime: "4h", horizon: 4_000), cv: 0.5))
        var fill = RunningStatistics()
        for r in 0..<600 {
            let result = Replication.run(scenario, policy: 0, seed: OracleScenario.seed, replication: UInt64(r)).result
            fill.add(try #require(result.stock.first { $0.location == "DEPOT" }).fillRate)
        }
        // Simpson's rule for ∫ F(1; 2M) g(M) dM on [0, 12] (the gamma tail beyond 12 is below 1e-15).
        let shape = 4.0, scale = 0.25, steps = 4_000
        func g(_ x: Double) -> Double { x <= 0 ? 0 : exp((shape - 1) * log(x) - x / scale - lgamma(shape) - shape * log(scale)) }
        func f(_ x: Double) -> Double { Oracle.poissonCDF(1, 2 * x) * g(x) }
        let h = 12.0 / Double(steps)
        var sum = f(0) + f(12)
        for i in 1..<steps { sum += f(Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
        let expected = sum * h / 3
        // The integral equals the negative binomial cdf at 1: p⁴ (1 + 4 (1 − p)) with p = 4 / 6.
        #expect(abs(expected - pow(2.0 / 3, 4) * (1 + 4.0 / 3)) < 1e-9)
        let ci = fill.confidenceInterval(level: 0.999)
        #expect(ci.contains(expected), "fill \(ci) vs \(expected)")
        #expect(!ci.contains(Oracle.poissonCDF(1, 2)), "distinguishable from the fill without uncertainty")
    }

    @Test("every policy of a replication sees the same draws; a multiplier of exactly 1 changes no bit")
    func commonRandomNumbers() throws {
        var text = try InvariantTests.minimalText
        text += """

            risks:
              - {id: lot, kind: failure_rate, multiplier: {dist: lognormal, mean: 1, cv: 0.4}, parts: ["PSU-*"]}
              - {id: courier, kind: transit, multiplier: {dist: uniform, min: 0.8, max: 1.6}, modes: [courier]}
            """
        let scenario = try OracleScenario.load(text)
        for r in 0..<4 {
            let a = Replication.run(scenario, policy: 0, seed: 11, replication: UInt64(r)).result
            let b = Replication.run(scenario, policy: 1, seed: 11, replication: UInt64(r)).result
            #expect(a.risks == b.risks && a.risks?.count == 2)
        }
        let base = try OracleScenario.load(try InvariantTests.minimalText)
        let unity = try OracleScenario.load(try InvariantTests.minimalText + """

            risks:
              - {id: one, kind: failure_rate, multiplier: 1}
              - {id: two, kind: lead_time, multiplier: 1, parts: [PSU-750]}
              - {id: three, kind: transit, multiplier: 1, modes: [courier]}
            """)
        for r in 0..<3 {
            var a = Replication.run(unity, policy: 0, seed: 5, replication: UInt64(r)).result
            let b = Replication.run(base, policy: 0, seed: 5, replication: UInt64(r)).result
            #expect(a.risks?.map(\.value) == [1, 1, 1])
            a.risks = nil
            #expect(a == b)
        }
    }

    @Test("a scenario whose sites change after loading resolves its risk scopes again instead of reading a stale layout")
    func changedSites() throws {
        var scenario = try OracleScenario.load(try InvariantTests.minimalText + """

            risks:
              - {id: lot, kind: failure_rate, multiplier: 2}
              - {id: storms, kind: surge, rate_per_year: 4, duration: 2d, multiplier: 2}
            """)
        var extra = scenario.sites[0]
        extra.id = "SITE-NEW"
        scenario.sites.append(extra)
        #expect(scenario.riskLayout?.fits(scenario) == false)
        let draws = RiskDraws(scenario: scenario, seed: 1, replication: 0)
        _ = try #require(draws.failureGroup)
        let g = draws.failureCombination(site: scenario.sites.count - 1, line: 0)
        #expect(g >= 0 && draws.scale(g) == 2)
        let result = Replication.run(scenario, policy: 0, seed: 1, replication: 0).result
        #expect(result.census.allSatisfy { $0.balance == 0 })
    }
}
