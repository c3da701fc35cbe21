import CGSL
import Foundation

extension Distribution {
    /// The cumulative distribution function P(X ≤ x), from GSL's `gsl_cdf_*` where GSL has one.
    /// Used by goodness-of-fit tests and by analytic models (e.g. P(transit ≤ 4 h)).
    public func cdf(_ x: Double) -> Double {
        switch kind {
        case .exponential(let mean):
            return x <= 0 ? 0 : gsl_cdf_exponential_P(x, mean)
        case .gamma(let shape, let scale):
            return x <= 0 ? 0 : gsl_cdf_gamma_P(x, shape, scale)
        case .weibull(let shape, let scale):
            return x <= 0 ? 0 : gsl_cdf_weibull_P(x, scale, shape)
        case .lognormal(let mu, let sigma):
            return x <= 0 ? 0 : gsl_cdf_lognormal_P(x, mu, sigma)
        case .truncatedNormal(let mu, let sigma):
            guard x > 0 else { return 0 }
            // (Φ((x−μ)/σ) − Φ(−μ/σ)) / (1 − Φ(−μ/σ)), with upper tails for accuracy.
            let tail0 = gsl_cdf_ugaussian_Q(-mu / sigma)
            return (tail0 - gsl_cdf_ugaussian_Q((x - mu) / sigma)) / tail0
        case .uniform(let lower, let upper):
            return gsl_cdf_flat_P(x, lower, upper)
        case .triangular(let a, let c, let b):
            if x <= a { return 0 }
            if x >= b { return 1 }
            if x <= c { return (x - a) * (x - a) / ((b - a) * (c - a)) }
            return 1 - (b - x) * (b - x) / ((b - a) * (b - c))
        case .deterministic(let value):
            return x >= value ? 1 : 0
        case .discrete(let table):
            return zip(table.values, table.probabilities).reduce(0) { $0 + ($1.0 <= x ? $1.1 : 0) }
        case .piecewiseLinear(let table):
            return table.cdf(x)
        case .poisson(let mean):
            return x < 0 ? 0 : gsl_cdf_poisson_P(UInt32(min(floor(x), Double(UInt32.max))), mean)
        case .bernoulli(let p):
            return x < 0 ? 0 : (x < 1 ? 1 - p : 1)
        case .binomial(let n, let p):
            return x < 0 ? 0 : gsl_cdf_binomial_P(UInt32(min(floor(x), Double(n))), p, n)
        case .mixture(let table):
            return zip(table.components, table.weights.probabilities).reduce(0) { $0 + $1.0.cdf(x) * $1.1 }
        }
    }
}
