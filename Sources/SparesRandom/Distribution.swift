import CGSL

/// A probability distribution of a random quantity (a duration in hours, a count, a yes/no), built
/// from the parameters planners use and sampled through GSL.
///
/// Built only through the throwing factories (`Distribution.exponential(mean:)`, `.gamma(mean:cv:)`,
/// `.lognormal(median:p90:)`, ...), which validate parameters and convert them once to GSL's own.
/// A value type with no existential: sampling is a switch over a closed set of kinds.
///
///     let repair = try Distribution.lognormal(mean: 6, cv: 0.4)   // hours
///     let hours = repair.sample(stream)
///
/// Counts (Poisson, binomial, Bernoulli) are returned as whole-valued `Double`s, exact to 2^53.
public struct Distribution: Sendable {
    @usableFromInline
    enum Kind: Sendable {
        case exponential(mean: Double)
        case gamma(shape: Double, scale: Double)
        case weibull(shape: Double, scale: Double)
        case lognormal(mu: Double, sigma: Double)
        /// Normal(mu, sigma) conditioned on being positive.
        case truncatedNormal(mu: Double, sigma: Double)
        case uniform(min: Double, max: Double)
        case triangular(min: Double, mode: Double, max: Double)
        case deterministic(Double)
        case discrete(DiscreteTable)
        case piecewiseLinear(PiecewiseLinearTable)
        case poisson(mean: Double)
        case bernoulli(p: Double)
        case binomial(n: UInt32, p: Double)
        case mixture(MixtureTable)
    }

    @usableFromInline let kind: Kind

    init(_ kind: Kind) {
        self.kind = kind
    }

    /// Draws one value from `stream`.
    ///
    /// - Complexity: O(1) for every kind except piecewise-linear (O(log n) in its breakpoints) and
    ///   mixtures (one extra draw to pick the component). Allocates nothing.
    @inlinable
    public func sample(_ stream: RandomStream) -> Double {
        let r = stream.rng
        switch kind {
        case .exponential(let mean):
            return gsl_ran_exponential(r, mean)
        case .gamma(let shape, let scale):
            return gsl_ran_gamma(r, shape, scale)
        case .weibull(let shape, let scale):
            return gsl_ran_weibull(r, scale, shape)
        case .lognormal(let mu, let sigma):
            return gsl_ran_lognormal(r, mu, sigma)
        case .truncatedNormal(let mu, let sigma):
            // X ~ N(0, sigma) conditioned on X > -mu, shifted by mu: N(mu, sigma) conditioned on > 0.
            return mu + gsl_ran_gaussian_tail(r, -mu, sigma)
        case .uniform(let lower, let upper):
            return gsl_ran_flat(r, lower, upper)
        case .triangular(let lower, let mode, let upper):
            return Self.triangularInverse(gsl_rng_uniform(r), lower, mode, upper)
        case .deterministic(let value):
            return value
        case .discrete(let table):
            return table.values[Int(gsl_ran_discrete(r, table.table))]
        case .piecewiseLinear(let table):
            return table.inverse(gsl_rng_uniform(r))
        case .poisson(let mean):
            return Double(gsl_ran_poisson(r, mean))
        case .bernoulli(let p):
            return Double(gsl_ran_bernoulli(r, p))
        case .binomial(let n, let p):
            return Double(gsl_ran_binomial(r, p, n))
        case .mixture(let table):
            return table.components[Int(gsl_ran_discrete(r, table.weights.table))].sample(stream)
        }
    }

    /// Inverse CDF of the triangular distribution at u in [0, 1).
    @usableFromInline
    static func triangularInverse(_ u: Double, _ a: Double, _ c: Double, _ b: Double) -> Double {
        let width = b - a
        let split = (c - a) / width
        if u < split {
            return a + (u * width * (c - a)).squareRoot()
        }
        return b - ((1 - u) * width * (b - c)).squareRoot()
    }

    /// A short name of the kind, as written in scenario files.
    public var name: String {
        switch kind {
        case .exponential: "exponential"
        case .gamma: "gamma"
        case .weibull: "weibull"
        case .lognormal: "lognormal"
        case .truncatedNormal: "normal"
        case .uniform: "uniform"
        case .triangular: "triangular"
        case .deterministic: "deterministic"
        case .discrete: "empirical"
        case .piecewiseLinear: "piecewise-linear"
        case .poisson: "poisson"
        case .bernoulli: "bernoulli"
        case .binomial: "binomial"
        case .mixture: "mixture"
        }
    }

    /// Whether draws are whole numbers (Poisson, Bernoulli, binomial).
    public var isDiscreteCount: Bool {
        switch kind {
        case .poisson, .bernoulli, .binomial: true
        default: false
        }
    }
}
