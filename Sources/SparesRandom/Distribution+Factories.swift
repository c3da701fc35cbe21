import CGSL
import Foundation

// Validated constructors, one per way planners write a distribution (DESIGN.md section 4).
// Parameters are converted here, once, to GSL's parameterisation.
extension Distribution {
    /// Exponential with the given mean (e.g. hours between failures).
    public static func exponential(mean: Double) throws(DistributionError) -> Distribution {
        try Check.positive(mean, "exponential", "mean")
        return Distribution(.exponential(mean: mean))
    }

    /// Gamma with the given mean and coefficient of variation: shape = 1/cv², scale = mean·cv².
    public static func gamma(mean: Double, cv: Double) throws(DistributionError) -> Distribution {
        try Check.positive(mean, "gamma", "mean")
        try Check.positive(cv, "gamma", "cv")
        return try gamma(shape: 1 / (cv * cv), scale: mean * cv * cv)
    }

    /// Gamma with GSL's shape k and scale θ (mean kθ).
    public static func gamma(shape: Double, scale: Double) throws(DistributionError) -> Distribution {
        try Check.positive(shape, "gamma", "shape")
        try Check.positive(scale, "gamma", "scale")
        return Distribution(.gamma(shape: shape, scale: scale))
    }

    /// Weibull with shape k and scale λ: F(x) = 1 − exp(−(x/λ)^k). Shape above 1 means wear-out.
    public static func weibull(shape: Double, scale: Double) throws(DistributionError) -> Distribution {
        try Check.positive(shape, "weibull", "shape")
        try Check.positive(scale, "weibull", "scale")
        return Distribution(.weibull(shape: shape, scale: scale))
    }

    /// Weibull with shape k and the given mean: scale = mean / Γ(1 + 1/k).
    public static func weibull(shape: Double, mean: Double) throws(DistributionError) -> Distribution {
        try Check.positive(shape, "weibull", "shape")
        try Check.positive(mean, "weibull", "mean")
        let scale = mean / gsl_sf_gamma(1 + 1 / shape)
        guard scale.isFinite, scale > 0 else {
            throw DistributionError(
                distribution: "weibull", parameter: "shape",
                expected: "a shape for which the scale is representable (shape above about 0.006)",
                found: "\(shape)")
        }
        return Distribution(.weibull(shape: shape, scale: scale))
    }

    /// Lognormal with the given mean and coefficient of variation:
    /// σ² = ln(1 + cv²), μ = ln(mean) − σ²/2.
    public static func lognormal(mean: Double, cv: Double) throws(DistributionError) -> Distribution {
        try Check.positive(mean, "lognormal", "mean")
        try Check.positive(cv, "lognormal", "cv")
        let sigma2 = log(1 + cv * cv)
        return Distribution(.lognormal(mu: log(mean) - sigma2 / 2, sigma: sigma2.squareRoot()))
    }

    /// Lognormal with the given median and 90th percentile: μ = ln(median),
    /// σ = (ln(p90) − μ) / z₀.₉ with z₀.₉ = Φ⁻¹(0.9) ≈ 1.28155.
    public static func lognormal(median: Double, p90: Double) throws(DistributionError) -> Distribution {
        try Check.positive(median, "lognormal", "median")
        try Check.positive(p90, "lognormal", "p90")
        guard p90 > median else {
            throw DistributionError(
                distribution: "lognormal", parameter: "p90", expected: "greater than the median (\(median))",
                found: "\(p90)")
        }
        let mu = log(median)
        return Distribution(.lognormal(mu: mu, sigma: (log(p90) - mu) / gsl_cdf_ugaussian_Pinv(0.9)))
    }

    /// Lognormal with GSL's parameters: ln X ~ Normal(mu, sigma).
    public static func lognormal(mu: Double, sigma: Double) throws(DistributionError) -> Distribution {
        try Check.finite(mu, "lognormal", "mu")
        try Check.positive(sigma, "lognormal", "sigma")
        return Distribution(.lognormal(mu: mu, sigma: sigma))
    }

    /// A normal distribution with mean `mean` and standard deviation `sd`, truncated at zero (only
    /// positive values). `mean` and `sd` are those of the normal before truncation; `Distribution.mean`
    /// reports the truncated mean.
    public static func truncatedNormal(mean: Double, sd: Double) throws(DistributionError) -> Distribution {
        try Check.finite(mean, "normal", "mean")
        try Check.positive(sd, "normal", "sd")
        guard mean / sd > -30 else {
            throw DistributionError(
                distribution: "normal", parameter: "mean",
                expected: "above −30 standard deviations (almost all mass below zero is truncated away)",
                found: "\(mean)")
        }
        return Distribution(.truncatedNormal(mu: mean, sigma: sd))
    }

    /// Uniform on [min, max), min < max.
    public static func uniform(min: Double, max: Double) throws(DistributionError) -> Distribution {
        try Check.finite(min, "uniform", "min")
        try Check.finite(max, "uniform", "max")
        guard min < max else {
            throw DistributionError(
                distribution: "uniform", parameter: "max", expected: "greater than min (\(min))", found: "\(max)")
        }
        return Distribution(.uniform(min: min, max: max))
    }

    /// Triangular with lower limit `min`, mode `mode` and upper limit `max`.
    public static func triangular(min: Double, mode: Double, max: Double) throws(DistributionError) -> Distribution {
        try Check.finite(min, "triangular", "min")
        try Check.finite(mode, "triangular", "mode")
        try Check.finite(max, "triangular", "max")
        guard min < max else {
            throw DistributionError(
                distribution: "triangular", parameter: "max", expected: "greater than min (\(min))", found: "\(max)")
        }
        guard mode >= min, mode <= max else {
            throw DistributionError(
                distribution: "triangular", parameter: "mode", expected: "between min (\(min)) and max (\(max))",
                found: "\(mode)")
        }
        return Distribution(.triangular(min: min, mode: mode, max: max))
    }

    /// Always `value`.
    public static func deterministic(_ value: Double) throws(DistributionError) -> Distribution {
        try Check.finite(value, "deterministic", "value")
        return Distribution(.deterministic(value))
    }

    /// Weighted discrete values (an empirical distribution of observed values), sampled by GSL's
    /// alias method. Weights need not sum to one.
    public static func empirical(values: [Double], weights: [Double]? = nil) throws(DistributionError) -> Distribution {
        let weights = weights ?? Array(repeating: 1, count: values.count)
        try Check.weights(weights, count: values.count, "empirical", valuesName: "values")
        for (i, value) in values.enumerated() {
            try Check.finite(value, "empirical", "values[\(i)]")
        }
        guard let table = DiscreteTable(values: values, weights: weights) else {
            throw DistributionError(
                distribution: "empirical", parameter: "weights", expected: "weights GSL can tabulate",
                found: "\(weights)")
        }
        return Distribution(.discrete(table))
    }

    /// A continuous distribution with CDF linear between the breakpoints (`points[i]`,
    /// `cumulative[i]`): points strictly increasing, cumulative non-decreasing from 0 to 1.
    public static func piecewiseLinear(points: [Double], cumulative: [Double]) throws(DistributionError) -> Distribution {
        let name = "piecewise-linear"
        guard points.count >= 2 else {
            throw DistributionError(
                distribution: name, parameter: "points", expected: "at least 2 breakpoints", found: "\(points.count)")
        }
        guard cumulative.count == points.count else {
            throw DistributionError(
                distribution: name, parameter: "cumulative",
                expected: "one probability per breakpoint (\(points.count))", found: "\(cumulative.count)")
        }
        for i in points.indices {
            try Check.finite(points[i], name, "points[\(i)]")
            try Check.probability(cumulative[i], name, "cumulative[\(i)]")
            if i > 0, points[i] <= points[i - 1] {
                throw DistributionError(
                    distribution: name, parameter: "points[\(i)]",
                    expected: "greater than the breakpoint before it (\(points[i - 1]))", found: "\(points[i])")
            }
            if i > 0, cumulative[i] < cumulative[i - 1] {
                throw DistributionError(
                    distribution: name, parameter: "cumulative[\(i)]",
                    expected: "at least the probability before it (\(cumulative[i - 1]))", found: "\(cumulative[i])")
            }
        }
        guard cumulative[0] == 0 else {
            throw DistributionError(
                distribution: name, parameter: "cumulative[0]", expected: "0", found: "\(cumulative[0])")
        }
        guard abs(cumulative[cumulative.count - 1] - 1) <= 1e-9 else {
            throw DistributionError(
                distribution: name, parameter: "cumulative[\(cumulative.count - 1)]", expected: "1",
                found: "\(cumulative[cumulative.count - 1])")
        }
        var normalised = cumulative
        normalised[normalised.count - 1] = 1
        return Distribution(.piecewiseLinear(PiecewiseLinearTable(points: points, cumulative: normalised)))
    }

    /// The piecewise-linear interpolation of an observed sample's empirical CDF: the sorted values
    /// get cumulative probabilities 0, 1/(n−1), ..., 1. Needs at least two distinct values.
    public static func piecewiseLinear(sample: [Double]) throws(DistributionError) -> Distribution {
        for (i, value) in sample.enumerated() {
            try Check.finite(value, "piecewise-linear", "sample[\(i)]")
        }
        let sorted = sample.sorted()
        // Ties collapse to one breakpoint carrying the highest cumulative probability of the tie.
        var points: [Double] = []
        var cumulative: [Double] = []
        let n = Double(sorted.count - 1)
        for (i, x) in sorted.enumerated() {
            let f = n > 0 ? Double(i) / n : 0
            if let last = points.last, last == x {
                cumulative[cumulative.count - 1] = f
            } else {
                points.append(x)
                cumulative.append(f)
            }
        }
        if cumulative.count >= 1 { cumulative[0] = 0 }
        return try piecewiseLinear(points: points, cumulative: cumulative)
    }

    /// Poisson count with the given mean (≥ 0).
    public static func poisson(mean: Double) throws(DistributionError) -> Distribution {
        try Check.nonNegative(mean, "poisson", "mean")
        return Distribution(.poisson(mean: mean))
    }

    /// 1 with probability p, else 0.
    public static func bernoulli(p: Double) throws(DistributionError) -> Distribution {
        try Check.probability(p, "bernoulli", "p")
        return Distribution(.bernoulli(p: p))
    }

    /// Number of successes in n trials of probability p.
    public static func binomial(n: Int, p: Double) throws(DistributionError) -> Distribution {
        guard n >= 0, n <= Int(UInt32.max) else {
            throw DistributionError(
                distribution: "binomial", parameter: "n", expected: "a whole number from 0 to \(UInt32.max)",
                found: "\(n)")
        }
        try Check.probability(p, "binomial", "p")
        return Distribution(.binomial(n: UInt32(n), p: p))
    }

    /// A weighted mixture: with probability weight_i / Σ weights, a draw from component i.
    public static func mixture(_ parts: [(weight: Double, distribution: Distribution)]) throws(DistributionError) -> Distribution {
        let weights = parts.map(\.weight)
        try Check.weights(weights, count: parts.count, "mixture", valuesName: "components")
        guard let table = DiscreteTable(values: weights.indices.map(Double.init), weights: weights) else {
            throw DistributionError(
                distribution: "mixture", parameter: "weights", expected: "weights GSL can tabulate", found: "\(weights)")
        }
        return Distribution(.mixture(MixtureTable(components: parts.map(\.distribution), weights: table)))
    }
}


/// Parameter checks shared by the factories.
enum Check {
    static func finite(_ x: Double, _ distribution: String, _ parameter: String) throws(DistributionError) {
        guard x.isFinite else {
            throw DistributionError(distribution: distribution, parameter: parameter, expected: "a finite number", found: "\(x)")
        }
    }

    static func positive(_ x: Double, _ distribution: String, _ parameter: String) throws(DistributionError) {
        guard x.isFinite, x > 0 else {
            throw DistributionError(
                distribution: distribution, parameter: parameter, expected: "a positive finite number", found: "\(x)")
        }
    }

    static func nonNegative(_ x: Double, _ distribution: String, _ parameter: String) throws(DistributionError) {
        guard x.isFinite, x >= 0 else {
            throw DistributionError(
                distribution: distribution, parameter: parameter, expected: "a non-negative finite number", found: "\(x)")
        }
    }

    static func probability(_ x: Double, _ distribution: String, _ parameter: String) throws(DistributionError) {
        guard x.isFinite, x >= 0, x <= 1 else {
            throw DistributionError(
                distribution: distribution, parameter: parameter, expected: "a probability in [0, 1]", found: "\(x)")
        }
    }

    static func weights(_ weights: [Double], count: Int, _ distribution: String, valuesName: String) throws(DistributionError) {
        guard count >= 1 else {
            throw DistributionError(distribution: distribution, parameter: valuesName, expected: "at least one entry", found: "none")
        }
        guard weights.count == count else {
            throw DistributionError(
                distribution: distribution, parameter: "weights", expected: "one weight per entry (\(count))",
                found: "\(weights.count)")
        }
        for (i, w) in weights.enumerated() {
            try nonNegative(w, distribution, "weights[\(i)]")
        }
        guard weights.reduce(0, +) > 0 else {
            throw DistributionError(distribution: distribution, parameter: "weights", expected: "a positive sum", found: "0")
        }
    }
}
