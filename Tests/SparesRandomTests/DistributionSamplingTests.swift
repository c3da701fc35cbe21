import Testing
import SparesRandom

/// Every distribution: sample mean and variance agree with theory, and a goodness-of-fit test
/// against GSL's CDFs passes, at fixed seeds.
@Suite("Distribution sampling")
struct DistributionSamplingTests {
    static let continuous: [(String, Distribution)] = {
        var cases: [(String, Distribution)] = []
        func add(_ name: String, _ make: () throws -> Distribution) {
            cases.append((name, try! make()))
        }
        add("exponential(mean 4)") { try .exponential(mean: 4) }
        add("gamma(mean 6, cv 0.5)") { try .gamma(mean: 6, cv: 0.5) }
        add("gamma(mean 2, cv 1.5)") { try .gamma(mean: 2, cv: 1.5) }
        add("weibull(shape 1.3, scale 8000)") { try .weibull(shape: 1.3, scale: 8000) }
        add("weibull(shape 0.7, mean 100)") { try .weibull(shape: 0.7, mean: 100) }
        add("weibull(shape 3.5, mean 2)") { try .weibull(shape: 3.5, mean: 2) }
        add("lognormal(mean 6, cv 0.4)") { try .lognormal(mean: 6, cv: 0.4) }
        add("lognormal(median 4, p90 10)") { try .lognormal(median: 4, p90: 10) }
        add("normal(mean 3, sd 1) truncated") { try .truncatedNormal(mean: 3, sd: 1) }
        add("normal(mean 0.5, sd 2) truncated") { try .truncatedNormal(mean: 0.5, sd: 2) }
        add("normal(mean -2, sd 1) truncated") { try .truncatedNormal(mean: -2, sd: 1) }
        add("uniform(2, 5)") { try .uniform(min: 2, max: 5) }
        add("triangular(1, 2, 6)") { try .triangular(min: 1, mode: 2, max: 6) }
        add("triangular(0, 0, 1)") { try .triangular(min: 0, mode: 0, max: 1) }
        add("piecewise-linear(4 points)") { try .piecewiseLinear(points: [0, 1, 4, 10], cumulative: [0, 0.2, 0.9, 1]) }
        add("piecewise-linear(sample)") { try .piecewiseLinear(sample: [3, 1, 4, 1, 5, 9, 2, 6]) }
        add("mixture(exp 1 | lognormal 10)") {
            try .mixture([(0.7, try .exponential(mean: 1)), (0.3, try .lognormal(mean: 10, cv: 0.2))])
        }
        return cases
    }()

    static let counts: [(String, Distribution)] = {
        var cases: [(String, Distribution)] = []
        func add(_ name: String, _ make: () throws -> Distribution) {
            cases.append((name, try! make()))
        }
        add("poisson(2)") { try .poisson(mean: 2) }
        add("poisson(37.5)") { try .poisson(mean: 37.5) }
        add("bernoulli(0.3)") { try .bernoulli(p: 0.3) }
        add("binomial(12, 0.25)") { try .binomial(n: 12, p: 0.25) }
        add("empirical([0,1,2,5], weights)") { try .empirical(values: [0, 1, 2, 5], weights: [1, 3, 4, 2]) }
        add("mixture(poisson 1 | poisson 6)") {
            try .mixture([(1, try .poisson(mean: 1)), (1, try .poisson(mean: 6))])
        }
        return cases
    }()

    @Test("sample mean and variance agree with theory", arguments: continuous + counts)
    func moments(_ name: String, _ distribution: Distribution) {
        let xs = GoodnessOfFit.draws(distribution, count: 200_000, entity: UInt64(name.utf8.count))
        let m = GoodnessOfFit.moments(xs)
        let z = GoodnessOfFit.z
        #expect(abs(m.mean - distribution.mean) <= z * m.meanStandardError, "\(name): mean \(m.mean) vs \(distribution.mean)")
        #expect(
            abs(m.variance - distribution.variance) <= z * m.varianceStandardError,
            "\(name): variance \(m.variance) vs \(distribution.variance)")
    }

    @Test("Kolmogorov-Smirnov against the CDF at α = 0.001", arguments: continuous)
    func kolmogorovSmirnov(_ name: String, _ distribution: Distribution) {
        let n = 20_000
        let xs = GoodnessOfFit.draws(distribution, count: n, entity: 1000 + UInt64(name.utf8.count))
        let d = GoodnessOfFit.ksStatistic(xs, cdf: distribution.cdf)
        #expect(d < GoodnessOfFit.ksCritical(n), "\(name): D = \(d)")
    }

    @Test("chi-square against the CDF at α = 0.001", arguments: counts)
    func chiSquare(_ name: String, _ distribution: Distribution) {
        let xs = GoodnessOfFit.draws(distribution, count: 50_000, entity: 2000 + UInt64(name.utf8.count))
        let (statistic, dof) = GoodnessOfFit.chiSquare(xs, cdf: distribution.cdf)
        #expect(dof >= 1)
        #expect(statistic < ChiSquared.upperQuantile(0.001, degreesOfFreedom: Double(dof)), "\(name): χ² = \(statistic), dof \(dof)")
    }

    @Test("a wrong CDF is rejected: the tests have power")
    func power() throws {
        let xs = GoodnessOfFit.draws(try .exponential(mean: 4), count: 20_000, entity: 3)
        let nearby = try Distribution.exponential(mean: 4.2)
        #expect(GoodnessOfFit.ksStatistic(xs, cdf: nearby.cdf) > GoodnessOfFit.ksCritical(20_000))
        let counts = GoodnessOfFit.draws(try .poisson(mean: 2), count: 50_000, entity: 4)
        let (statistic, dof) = GoodnessOfFit.chiSquare(counts, cdf: try Distribution.poisson(mean: 2.1).cdf)
        #expect(statistic > ChiSquared.upperQuantile(0.001, degreesOfFreedom: Double(dof)))
    }

    @Test("deterministic always returns its value")
    func deterministic() throws {
        let d = try Distribution.deterministic(4.5)
        #expect(GoodnessOfFit.draws(d, count: 100, entity: 5).allSatisfy { $0 == 4.5 })
        #expect(d.mean == 4.5 && d.variance == 0)
        #expect(d.cdf(4.4) == 0 && d.cdf(4.5) == 1)
    }
}
