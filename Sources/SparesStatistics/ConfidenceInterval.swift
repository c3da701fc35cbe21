import SparesRandom

/// A two-sided confidence interval for a mean.
public struct ConfidenceInterval: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The point estimate (sample mean).
    public var estimate: Double
    /// Half the interval's width.
    public var halfWidth: Double
    /// Confidence level, e.g. 0.95.
    public var level: Double

    public init(estimate: Double, halfWidth: Double, level: Double) {
        self.estimate = estimate
        self.halfWidth = halfWidth
        self.level = level
    }

    public var lower: Double { estimate - halfWidth }
    public var upper: Double { estimate + halfWidth }

    /// Half-width relative to the estimate's magnitude (∞ for a zero estimate).
    public var relativeHalfWidth: Double {
        estimate == 0 ? (halfWidth == 0 ? 0 : .infinity) : halfWidth / abs(estimate)
    }

    /// Whether `value` lies in the closed interval.
    public func contains(_ value: Double) -> Bool {
        value >= lower && value <= upper
    }

    public var description: String {
        "\(estimate) ± \(halfWidth) (\(level * 100)%)"
    }
}

extension RunningStatistics {
    /// The t-based confidence interval for the mean, mean ± t(1 − (1 − level)/2, n − 1) · s/√n, from
    /// independent observations (replications). Needs at least two observations; with fewer the
    /// half-width is infinite.
    public func confidenceInterval(level: Double = 0.95) -> ConfidenceInterval {
        precondition(level > 0 && level < 1, "confidence level must lie in (0, 1)")
        guard count > 1 else {
            return ConfidenceInterval(estimate: mean, halfWidth: .infinity, level: level)
        }
        let t = StudentT.quantile(1 - (1 - level) / 2, degreesOfFreedom: Double(count - 1))
        return ConfidenceInterval(estimate: mean, halfWidth: t * standardError, level: level)
    }
}
