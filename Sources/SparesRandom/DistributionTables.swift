import CGSL

/// Weighted discrete values sampled by GSL's alias method (`gsl_ran_discrete`, Walker 1977):
/// O(1) per draw after an O(n) table build. Immutable once built, so sharing it between threads is
/// safe (GSL only reads the table while sampling).
public final class DiscreteTable: @unchecked Sendable {
    /// The values, in the order given.
    public let values: [Double]
    /// The probabilities, normalised to sum to one.
    public let probabilities: [Double]
    @usableFromInline let table: UnsafeMutablePointer<gsl_ran_discrete_t>

    /// Weights must already be validated: finite, non-negative, positive sum, same count as values.
    init?(values: [Double], weights: [Double]) {
        GSLRuntime.ensureConfigured()
        guard let table = weights.withUnsafeBufferPointer({ gsl_ran_discrete_preproc($0.count, $0.baseAddress) }) else {
            return nil
        }
        let total = weights.reduce(0, +)
        self.values = values
        self.probabilities = weights.map { $0 / total }
        self.table = table
    }

    deinit {
        gsl_ran_discrete_free(table)
    }
}

/// A continuous distribution whose CDF is linear between breakpoints (x_i, F_i): the usual way to
/// turn an empirical sample or a planner's percentile table into a distribution. Sampled by inverting
/// the CDF at a GSL uniform.
public final class PiecewiseLinearTable: Sendable {
    /// Breakpoints, strictly increasing.
    public let points: [Double]
    /// Cumulative probabilities at the breakpoints, from 0 to 1, non-decreasing.
    public let cumulative: [Double]

    init(points: [Double], cumulative: [Double]) {
        self.points = points
        self.cumulative = cumulative
    }

    /// x with F(x) = u, for u in [0, 1).
    @usableFromInline
    func inverse(_ u: Double) -> Double {
        // Last index i with cumulative[i] <= u, by binary search.
        var low = 0
        var high = cumulative.count - 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if cumulative[mid] <= u { low = mid } else { high = mid }
        }
        let f0 = cumulative[low]
        let f1 = cumulative[low + 1]
        let x0 = points[low]
        let x1 = points[low + 1]
        return f1 > f0 ? x0 + (u - f0) / (f1 - f0) * (x1 - x0) : x0
    }

    func cdf(_ x: Double) -> Double {
        if x <= points[0] { return 0 }
        if x >= points[points.count - 1] { return 1 }
        var low = 0
        var high = points.count - 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if points[mid] <= x { low = mid } else { high = mid }
        }
        let t = (x - points[low]) / (points[low + 1] - points[low])
        return cumulative[low] + t * (cumulative[low + 1] - cumulative[low])
    }
}

/// A weighted mixture: pick a component with the weights (alias method), then sample it.
public final class MixtureTable: Sendable {
    public let components: [Distribution]
    @usableFromInline let weights: DiscreteTable

    init(components: [Distribution], weights: DiscreteTable) {
        self.components = components
        self.weights = weights
    }
}
