import SparesStatistics

/// Statistics of one metric over an experiment's replications: mean, standard deviation, the
/// t-based 95% confidence interval of the mean (GSL's t quantiles), and quantiles for risk.
public struct MetricSummary: Sendable, Codable, Equatable {
    public var metric: String
    public var count: Int
    public var mean: Double
    public var standardDeviation: Double
    /// 95% confidence interval of the mean.
    public var lower: Double
    public var upper: Double
    public var p5: Double
    public var p50: Double
    public var p90: Double
    public var p95: Double
    public var p99: Double
    public var minimum: Double
    public var maximum: Double

    /// Half-width of the interval over the mean's magnitude.
    public var relativeHalfWidth: Double {
        let half = (upper - lower) / 2
        return mean == 0 ? (half == 0 ? 0 : .infinity) : half / abs(mean)
    }

    /// Summarises `values` (in replication order, so that the result does not depend on thread or
    /// shard layout).
    public init(metric: String, values: [Double]) {
        self.metric = metric
        count = values.count
        let stats = RunningStatistics(values)
        mean = stats.mean
        standardDeviation = count > 1 ? stats.standardDeviation : 0
        let ci = stats.confidenceInterval(level: 0.95)
        lower = count > 1 ? ci.lower : mean
        upper = count > 1 ? ci.upper : mean
        let sorted = values.sorted()
        p5 = Quantile.of(sorted, 0.05)
        p50 = Quantile.of(sorted, 0.50)
        p90 = Quantile.of(sorted, 0.90)
        p95 = Quantile.of(sorted, 0.95)
        p99 = Quantile.of(sorted, 0.99)
        minimum = sorted.first ?? 0
        maximum = sorted.last ?? 0
    }
}

/// Sample quantiles and tail measures.
public enum Quantile {
    /// The p-quantile of sorted values by linear interpolation between order statistics (Hyndman and
    /// Fan's type 7, the default of R and NumPy): h = (n − 1)p.
    public static func of(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// Expected shortfall at level p: the mean of the values at or above the p-quantile (the value at
    /// risk), i.e. the average loss in the worst (1 − p) share of replications.
    public static func expectedShortfall(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let threshold = of(sorted, p)
        let tail = sorted.filter { $0 >= threshold }
        return tail.reduce(0, +) / Double(tail.count)
    }
}
