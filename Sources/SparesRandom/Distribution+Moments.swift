import CGSL
import Foundation

// Theoretical moments, used by tests against sample moments and by analytic models.
extension Distribution {
    /// The mean E[X].
    public var mean: Double {
        switch kind {
        case .exponential(let mean):
            return mean
        case .gamma(let shape, let scale):
            return shape * scale
        case .weibull(let shape, let scale):
            return scale * gsl_sf_gamma(1 + 1 / shape)
        case .lognormal(let mu, let sigma):
            return exp(mu + sigma * sigma / 2)
        case .truncatedNormal(let mu, let sigma):
            let (_, lambda) = Self.truncation(mu, sigma)
            return mu + sigma * lambda
        case .uniform(let lower, let upper):
            return (lower + upper) / 2
        case .triangular(let a, let c, let b):
            return (a + b + c) / 3
        case .deterministic(let value):
            return value
        case .discrete(let table):
            return zip(table.values, table.probabilities).reduce(0) { $0 + $1.0 * $1.1 }
        case .piecewiseLinear(let table):
            var sum = 0.0
            for i in 0..<(table.points.count - 1) {
                sum += (table.cumulative[i + 1] - table.cumulative[i]) * (table.points[i] + table.points[i + 1]) / 2
            }
            return sum
        case .poisson(let mean):
            return mean
        case .bernoulli(let p):
            return p
        case .binomial(let n, let p):
            return Double(n) * p
        case .mixture(let table):
            return zip(table.components, table.weights.probabilities).reduce(0) { $0 + $1.0.mean * $1.1 }
        }
    }

    /// The variance Var[X].
    public var variance: Double {
        switch kind {
        case .exponential(let mean):
            return mean * mean
        case .gamma(let shape, let scale):
            return shape * scale * scale
        case .weibull(let shape, let scale):
            let g1 = gsl_sf_gamma(1 + 1 / shape)
            return scale * scale * (gsl_sf_gamma(1 + 2 / shape) - g1 * g1)
        case .lognormal(let mu, let sigma):
            let s2 = sigma * sigma
            return expm1(s2) * exp(2 * mu + s2)
        case .truncatedNormal(let mu, let sigma):
            let (alpha, lambda) = Self.truncation(mu, sigma)
            return sigma * sigma * (1 + alpha * lambda - lambda * lambda)
        case .uniform(let lower, let upper):
            return (upper - lower) * (upper - lower) / 12
        case .triangular(let a, let c, let b):
            return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        case .deterministic:
            return 0
        case .discrete(let table):
            let m = mean
            return zip(table.values, table.probabilities).reduce(0) { $0 + ($1.0 - m) * ($1.0 - m) * $1.1 }
        case .piecewiseLinear(let table):
            // Within an interval X is uniform on [x0, x1]: E[X²] = (x0² + x0·x1 + x1²) / 3.
            var second = 0.0
            for i in 0..<(table.points.count - 1) {
                let x0 = table.points[i]
                let x1 = table.points[i + 1]
                second += (table.cumulative[i + 1] - table.cumulative[i]) * (x0 * x0 + x0 * x1 + x1 * x1) / 3
            }
            let m = mean
            return second - m * m
        case .poisson(let mean):
            return mean
        case .bernoulli(let p):
            return p * (1 - p)
        case .binomial(let n, let p):
            return Double(n) * p * (1 - p)
        case .mixture(let table):
            let m = mean
            var second = 0.0
            for (component, weight) in zip(table.components, table.weights.probabilities) {
                let cm = component.mean
                second += weight * (component.variance + cm * cm)
            }
            return second - m * m
        }
    }

    /// Standard deviation √Var[X].
    public var standardDeviation: Double { variance.squareRoot() }

    /// For Normal(mu, sigma) truncated below at 0: α = −mu/sigma and the inverse Mills ratio
    /// λ = φ(α) / (1 − Φ(α)), computed from the upper tail Q(α) to stay accurate for large α.
    static func truncation(_ mu: Double, _ sigma: Double) -> (alpha: Double, lambda: Double) {
        let alpha = -mu / sigma
        return (alpha, gsl_ran_ugaussian_pdf(alpha) / gsl_cdf_ugaussian_Q(alpha))
    }
}
