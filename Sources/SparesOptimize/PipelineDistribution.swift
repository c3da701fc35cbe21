import Foundation
import SparesRandom

/// The number of units in a stock point's resupply pipeline: Poisson (Palm's theorem, METRIC) or
/// negative binomial fitted to a mean and a larger variance (VARI-METRIC, Graves 1985; Sherbrooke
/// 1986). Gives expected backorders, their variance and fill rates at any base stock S.
///
/// With X the pipeline and S the stock: backorders are (X − S)⁺, and
/// EBO(S) = E[X] − S + E[(S − X)⁺], VBO(S) = Var X + (E[X] − S)² − E[((S − X)⁺)²] − EBO(S)²,
/// both finite sums over x < S, exact to rounding.
public struct PipelineDistribution: Sendable, Equatable {
    public let mean: Double
    public let variance: Double

    /// Poisson when variance ≤ mean (ORACLES.md O5), negative binomial otherwise.
    public init(mean: Double, variance: Double) {
        self.mean = max(mean, 0)
        self.variance = max(variance, mean)
    }

    public static func poisson(_ mean: Double) -> PipelineDistribution { PipelineDistribution(mean: mean, variance: mean) }

    public var isPoisson: Bool { variance <= mean * (1 + 1e-12) }

    /// P(X = 0), P(X = 1), ... up to P(X = n − 1).
    public func pmf(count n: Int) -> [Double] {
        guard n > 0 else { return [] }
        var p = [Double](repeating: 0, count: n)
        if mean <= 0 {
            p[0] = 1
            return p
        }
        if isPoisson {
            p[0] = exp(-mean)
            for k in stride(from: 1, to: n, by: 1) { p[k] = p[k - 1] * mean / Double(k) }
        } else {
            // p = mean/variance, r = mean²/(variance − mean): P(0) = p^r, P(k+1) = P(k)(r + k)(1 − p)/(k + 1).
            let q = mean / variance
            let r = mean * mean / (variance - mean)
            p[0] = exp(r * log(q))
            for k in stride(from: 1, to: n, by: 1) { p[k] = p[k - 1] * (r + Double(k - 1)) * (1 - q) / Double(k) }
        }
        return p
    }

    /// P(X ≤ s), summed from the probabilities.
    public func cdf(_ s: Int) -> Double {
        guard s >= 0 else { return 0 }
        return min(1, pmf(count: s + 1).reduce(0, +))
    }

    /// P(X ≤ s) in constant time (GSL's incomplete gamma and beta functions): the same law as `cdf`.
    public func fastCDF(_ s: Int) -> Double {
        guard s >= 0 else { return 0 }
        if mean <= 0 { return 1 }
        if isPoisson { return DiscreteCDF.poisson(s, mean: mean) }
        return DiscreteCDF.negativeBinomial(s, p: mean / variance, n: mean * mean / (variance - mean))
    }

    /// Expected backorders at base stock `s`.
    public func expectedBackorders(_ s: Int) -> Double {
        let p = pmf(count: max(s, 0))
        var shortfall = 0.0
        for x in 0..<max(s, 0) { shortfall += Double(s - x) * p[x] }
        return max(0, mean - Double(s) + shortfall)
    }

    /// Variance of backorders at base stock `s`.
    public func backorderVariance(_ s: Int) -> Double {
        let p = pmf(count: max(s, 0))
        var shortfall = 0.0, square = 0.0
        for x in 0..<max(s, 0) {
            let d = Double(s - x)
            shortfall += d * p[x]
            square += d * d * p[x]
        }
        let ebo = max(0, mean - Double(s) + shortfall)
        let second = variance + (mean - Double(s)) * (mean - Double(s)) - square
        return max(0, second - ebo * ebo)
    }

    /// Share of demands filled at once from stock s: P(X ≤ s − 1).
    public func fillRate(_ s: Int) -> Double { cdf(s - 1) }
}

/// Erlang's loss formula: the share of demands a stock of `s` units with mean `m` units in resupply
/// cannot fill and sends to emergency supply (ORACLES.md O2); insensitive to the resupply-time law.
public enum ErlangLoss {
    /// B(s, m) by B₀ = 1, B_k = m·B_{k−1} / (k + m·B_{k−1}).
    public static func blocking(stock s: Int, mean m: Double) -> Double {
        var b = 1.0
        for k in stride(from: 1, through: s, by: 1) { b = m * b / (Double(k) + m * b) }
        return b
    }

    /// Expected units on hand: s − m(1 − B(s, m)).
    public static func onHand(stock s: Int, mean m: Double) -> Double { Double(s) - m * (1 - blocking(stock: s, mean: m)) }
}
