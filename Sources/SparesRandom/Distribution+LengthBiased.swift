import CGSL
import Foundation

extension Distribution {
    /// Draws the length of the renewal interval that covers a random point in time: the length-biased
    /// distribution, density x·f(x)/E[X] (the inspection paradox). With U uniform on (0, 1), the
    /// interval splits into an age (1 − U)·X* and a residual life U·X*, which together are the
    /// stationary (equilibrium) state of a renewal process: how Spares starts an installed base that
    /// has been running for years instead of one that was all installed at time zero.
    ///
    /// Exact for exponential (gamma(2, mean)), gamma (shape + 1), Weibull ((X*/λ)^k ~ gamma(1 + 1/k)),
    /// lognormal (μ + σ²), deterministic and uniform (density ∝ x) lives, and for discrete values
    /// (weights ∝ x·p). Other kinds use rejection: a draw X is kept with probability X/M, M the
    /// largest value the kind can take, or mean + 12 standard deviations for unbounded kinds (the
    /// mass beyond is below 1e-30 for the lives Spares accepts).
    ///
    /// - Complexity: O(1) draws for the exact kinds; an expected E[M]/E[X] draws for the rest.
    public func sampleLengthBiased(_ stream: RandomStream) -> Double {
        let r = stream.rng
        switch kind {
        case .exponential(let mean):
            return gsl_ran_gamma(r, 2, mean)
        case .gamma(let shape, let scale):
            return gsl_ran_gamma(r, shape + 1, scale)
        case .weibull(let shape, let scale):
            return scale * pow(gsl_ran_gamma(r, 1 + 1 / shape, 1), 1 / shape)
        case .lognormal(let mu, let sigma):
            return gsl_ran_lognormal(r, mu + sigma * sigma, sigma)
        case .deterministic(let value):
            return value
        case .uniform(let lower, let upper):
            return (lower * lower + gsl_rng_uniform(r) * (upper * upper - lower * lower)).squareRoot()
        case .discrete(let table):
            let weights = zip(table.values, table.probabilities).map { max($0, 0) * $1 }
            var u = gsl_rng_uniform(r) * weights.reduce(0, +)
            for (value, weight) in zip(table.values, weights) {
                if u < weight { return value }
                u -= weight
            }
            return table.values[table.values.count - 1]
        case .triangular(_, _, let upper):
            return rejection(stream, bound: upper)
        case .piecewiseLinear(let table):
            return rejection(stream, bound: table.points[table.points.count - 1])
        default:
            return rejection(stream, bound: mean + 12 * standardDeviation)
        }
    }

    /// Whether the distribution is exponential (memoryless: its residual life is itself).
    public var isExponential: Bool {
        if case .exponential = kind { return true }
        return false
    }

    private func rejection(_ stream: RandomStream, bound: Double) -> Double {
        while true {
            let x = sample(stream)
            if x >= bound || gsl_rng_uniform(stream.rng) * bound < x { return x }
        }
    }
}
