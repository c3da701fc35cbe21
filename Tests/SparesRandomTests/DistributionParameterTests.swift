import Testing
import SparesRandom

/// Planner parameterisations convert to the intended distributions, and bad parameters become
/// errors that say what was expected and found (never a GSL abort).
@Suite("Distribution parameters")
struct DistributionParameterTests {
    @Test("mean and cv forms keep their mean and cv")
    func meanAndCV() throws {
        let gamma = try Distribution.gamma(mean: 6, cv: 0.5)
        #expect(abs(gamma.mean - 6) < 1e-12)
        #expect(abs(gamma.standardDeviation / gamma.mean - 0.5) < 1e-12)
        let lognormal = try Distribution.lognormal(mean: 6, cv: 0.4)
        #expect(abs(lognormal.mean - 6) < 1e-12)
        #expect(abs(lognormal.standardDeviation / lognormal.mean - 0.4) < 1e-12)
        let weibull = try Distribution.weibull(shape: 1.3, mean: 8000)
        #expect(abs(weibull.mean - 8000) < 1e-8)
        #expect(abs(try Distribution.exponential(mean: 4).variance - 16) < 1e-12)
    }

    @Test("lognormal from median and p90 puts them at the 50th and 90th percentiles")
    func lognormalPercentiles() throws {
        let d = try Distribution.lognormal(median: 4, p90: 10)
        #expect(abs(d.cdf(4) - 0.5) < 1e-12)
        #expect(abs(d.cdf(10) - 0.9) < 1e-12)
    }

    @Test("Weibull with shape 1 is the exponential")
    func weibullShapeOne() throws {
        let w = try Distribution.weibull(shape: 1, scale: 5)
        let e = try Distribution.exponential(mean: 5)
        for x in [0.1, 1, 5, 20] { #expect(abs(w.cdf(x) - e.cdf(x)) < 1e-14) }
        #expect(abs(w.mean - 5) < 1e-12 && abs(w.variance - 25) < 1e-10)
    }

    @Test("truncated normal moments match numerical integration of its density")
    func truncatedNormalMoments() throws {
        let d = try Distribution.truncatedNormal(mean: 0.5, sd: 2)
        // Trapezoid integration of x·f(x) and x²·f(x) from the CDF's differences on a fine grid.
        var mean = 0.0
        var second = 0.0
        let step = 1e-3
        var x = 0.0
        while x < 20 {
            let p = d.cdf(x + step) - d.cdf(x)
            let mid = x + step / 2
            mean += mid * p
            second += mid * mid * p
            x += step
        }
        #expect(abs(mean - d.mean) < 1e-5)
        #expect(abs(second - mean * mean - d.variance) < 1e-4)
    }

    @Test("piecewise-linear moments and CDF are those of its breakpoints")
    func piecewiseLinear() throws {
        let d = try Distribution.piecewiseLinear(points: [0, 2], cumulative: [0, 1])
        let u = try Distribution.uniform(min: 0, max: 2)
        #expect(abs(d.mean - u.mean) < 1e-14 && abs(d.variance - u.variance) < 1e-14)
        #expect(d.cdf(0.5) == 0.25 && d.cdf(-1) == 0 && d.cdf(3) == 1)
    }

    @Test("mixture moments follow the law of total variance")
    func mixture() throws {
        let d = try Distribution.mixture([(1, try .deterministic(0)), (3, try .deterministic(4))])
        #expect(d.mean == 3)
        #expect(abs(d.variance - (0.25 * 0 + 0.75 * 16 - 9)) < 1e-12)
    }

    static let invalid: [(String, @Sendable () throws(DistributionError) -> Distribution, String)] = [
        ("negative mean", { () throws(DistributionError) in try .exponential(mean: -1) },
         "exponential: 'mean' must be a positive finite number; found -1.0"),
        ("zero mean", { () throws(DistributionError) in try .exponential(mean: 0) },
         "exponential: 'mean' must be a positive finite number; found 0.0"),
        ("NaN cv", { () throws(DistributionError) in try .gamma(mean: 1, cv: .nan) },
         "gamma: 'cv' must be a positive finite number; found nan"),
        ("infinite scale", { () throws(DistributionError) in try .weibull(shape: 2, scale: .infinity) },
         "weibull: 'scale' must be a positive finite number; found inf"),
        ("negative gamma shape (GSL would return 0)", { () throws(DistributionError) in try .gamma(shape: -1, scale: 1) },
         "gamma: 'shape' must be a positive finite number; found -1.0"),
        ("zero weibull scale (GSL would return 0)", { () throws(DistributionError) in try .weibull(shape: 1.5, scale: 0) },
         "weibull: 'scale' must be a positive finite number; found 0.0"),
        ("tiny weibull shape", { () throws(DistributionError) in try .weibull(shape: 0.001, mean: 10) },
         "weibull: 'shape' must be a shape for which the scale is representable (shape above about 0.006); found 0.001"),
        ("p90 below median", { () throws(DistributionError) in try .lognormal(median: 5, p90: 4) },
         "lognormal: 'p90' must be greater than the median (5.0); found 4.0"),
        ("sd zero", { () throws(DistributionError) in try .truncatedNormal(mean: 1, sd: 0) },
         "normal: 'sd' must be a positive finite number; found 0.0"),
        ("uniform reversed", { () throws(DistributionError) in try .uniform(min: 3, max: 1) },
         "uniform: 'max' must be greater than min (3.0); found 1.0"),
        ("triangular mode outside", { () throws(DistributionError) in try .triangular(min: 0, mode: 5, max: 2) },
         "triangular: 'mode' must be between min (0.0) and max (2.0); found 5.0"),
        ("deterministic NaN", { () throws(DistributionError) in try .deterministic(.nan) },
         "deterministic: 'value' must be a finite number; found nan"),
        ("empirical without values", { () throws(DistributionError) in try .empirical(values: []) },
         "empirical: 'values' must be at least one entry; found none"),
        ("empirical weight count", { () throws(DistributionError) in try .empirical(values: [1, 2], weights: [1]) },
         "empirical: 'weights' must be one weight per entry (2); found 1"),
        ("empirical negative weight", { () throws(DistributionError) in try .empirical(values: [1, 2], weights: [1, -1]) },
         "empirical: 'weights[1]' must be a non-negative finite number; found -1.0"),
        ("empirical zero weights (GSL would abort)", { () throws(DistributionError) in try .empirical(values: [1, 2], weights: [0, 0]) },
         "empirical: 'weights' must be a positive sum; found 0"),
        ("piecewise not increasing", { () throws(DistributionError) in try .piecewiseLinear(points: [0, 2, 2], cumulative: [0, 0.5, 1]) },
         "piecewise-linear: 'points[2]' must be greater than the breakpoint before it (2.0); found 2.0"),
        ("piecewise not ending at 1", { () throws(DistributionError) in try .piecewiseLinear(points: [0, 1], cumulative: [0, 0.8]) },
         "piecewise-linear: 'cumulative[1]' must be 1; found 0.8"),
        ("piecewise sample of one value", { () throws(DistributionError) in try .piecewiseLinear(sample: [3, 3]) },
         "piecewise-linear: 'points' must be at least 2 breakpoints; found 1"),
        ("poisson negative", { () throws(DistributionError) in try .poisson(mean: -0.5) },
         "poisson: 'mean' must be a non-negative finite number; found -0.5"),
        ("bernoulli above 1", { () throws(DistributionError) in try .bernoulli(p: 1.2) },
         "bernoulli: 'p' must be a probability in [0, 1]; found 1.2"),
        ("binomial negative n", { () throws(DistributionError) in try .binomial(n: -3, p: 0.5) },
         "binomial: 'n' must be a whole number from 0 to 4294967295; found -3"),
        ("mixture of nothing", { () throws(DistributionError) in try .mixture([]) },
         "mixture: 'components' must be at least one entry; found none"),
    ]

    @Test("invalid parameters give a clear error", arguments: invalid)
    func rejects(_ name: String, _ make: @Sendable () throws(DistributionError) -> Distribution, _ message: String) {
        do {
            let d = try make()
            Issue.record("\(name): accepted, built \(d.name)")
        } catch {
            #expect(error.description == message, "\(name)")
        }
    }
}
