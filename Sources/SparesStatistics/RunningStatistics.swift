/// Count, mean, variance, minimum and maximum of a stream of observations, accumulated in one pass
/// with Welford's update (Welford 1962; Chan, Golub and LeVeque 1983 for `merge`), which stays
/// accurate where the textbook sum-of-squares formula cancels catastrophically.
///
///     var waits = RunningStatistics()
///     for w in observations { waits.add(w) }
///     let ci = waits.confidenceInterval(level: 0.95)
public struct RunningStatistics: Sendable, Equatable, Codable {
    /// Number of observations.
    public private(set) var count: Int = 0
    /// Sample mean (0 when empty).
    public private(set) var mean: Double = 0
    /// Sum of squared deviations from the mean.
    public private(set) var sumOfSquaredDeviations: Double = 0
    /// Smallest observation (+∞ when empty).
    public private(set) var minimum: Double = .infinity
    /// Largest observation (−∞ when empty).
    public private(set) var maximum: Double = -.infinity

    public init() {}

    /// Accumulates every value of `values`.
    public init<S: Sequence>(_ values: S) where S.Element == Double {
        for value in values { add(value) }
    }

    /// Adds one observation.
    public mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        sumOfSquaredDeviations += delta * (x - mean)
        if x < minimum { minimum = x }
        if x > maximum { maximum = x }
    }

    /// Combines two accumulations as if every observation had been added to one.
    public mutating func merge(_ other: RunningStatistics) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            self = other
            return
        }
        let n = Double(count + other.count)
        let delta = other.mean - mean
        sumOfSquaredDeviations += other.sumOfSquaredDeviations + delta * delta * Double(count) * Double(other.count) / n
        mean += delta * Double(other.count) / n
        count += other.count
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
    }

    /// Sum of the observations.
    public var sum: Double { mean * Double(count) }

    /// Unbiased sample variance (n − 1 denominator); 0 with fewer than two observations.
    public var variance: Double {
        count > 1 ? sumOfSquaredDeviations / Double(count - 1) : 0
    }

    /// Sample standard deviation.
    public var standardDeviation: Double { variance.squareRoot() }

    /// Standard error of the mean, s / √n.
    public var standardError: Double {
        count > 1 ? (variance / Double(count)).squareRoot() : .infinity
    }
}
