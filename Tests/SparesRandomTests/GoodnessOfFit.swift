import SparesRandom

/// Sample checks shared by the distribution tests. Tolerances come from the sampling distributions
/// of the statistics, never picked to pass: with z = 4.4 a correct distribution fails a moment check
/// with probability about 1e-5, and goodness-of-fit tests run at α = 0.001, all at fixed seeds.
enum GoodnessOfFit {
    static let z = 4.4

    struct Moments {
        var mean: Double
        var variance: Double
        var meanStandardError: Double
        var varianceStandardError: Double
    }

    /// Sample mean and variance with their standard errors: SE(mean) = s/√n and
    /// SE(s²) ≈ √((m4 − s⁴)/n) from the sample's fourth central moment.
    static func moments(_ xs: [Double]) -> Moments {
        let n = Double(xs.count)
        let mean = xs.reduce(0, +) / n
        var m2 = 0.0
        var m4 = 0.0
        for x in xs {
            let d = (x - mean) * (x - mean)
            m2 += d
            m4 += d * d
        }
        let variance = m2 / (n - 1)
        m4 /= n
        return Moments(
            mean: mean, variance: variance, meanStandardError: (variance / n).squareRoot(),
            varianceStandardError: (max(m4 - variance * variance, 0) / n).squareRoot())
    }

    /// Kolmogorov-Smirnov statistic D of a sample against a continuous CDF.
    static func ksStatistic(_ xs: [Double], cdf: (Double) -> Double) -> Double {
        let sorted = xs.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            d = max(d, f - Double(i) / n, Double(i + 1) / n - f)
        }
        return d
    }

    /// Critical value of D at α = 0.001 for large n: K(0.999) / √n, K = 1.94947.
    static func ksCritical(_ n: Int) -> Double { 1.94947 / Double(n).squareRoot() }

    /// Pearson's chi-square statistic and degrees of freedom of integer counts against a CDF on the
    /// integers, pooling cells so that every expected count is at least 5.
    static func chiSquare(_ xs: [Double], cdf: (Double) -> Double) -> (statistic: Double, degreesOfFreedom: Int) {
        let n = Double(xs.count)
        let maxValue = Int(xs.max() ?? 0)
        var observed = [Double](repeating: 0, count: maxValue + 2)
        for x in xs { observed[Int(x)] += 1 }
        var cells: [(observed: Double, expected: Double)] = []
        var pendingObserved = 0.0
        var pendingExpected = 0.0
        var previousCDF = 0.0
        for k in 0...maxValue {
            let f = cdf(Double(k))
            pendingObserved += observed[k]
            pendingExpected += (f - previousCDF) * n
            previousCDF = f
            if pendingExpected >= 5 {
                cells.append((pendingObserved, pendingExpected))
                pendingObserved = 0
                pendingExpected = 0
            }
        }
        // The upper tail beyond the largest value seen joins the last cell.
        pendingExpected += (1 - previousCDF) * n
        if cells.isEmpty {
            cells.append((pendingObserved, pendingExpected))
        } else {
            cells[cells.count - 1].observed += pendingObserved
            cells[cells.count - 1].expected += pendingExpected
        }
        let statistic = cells.reduce(0) { $0 + ($1.observed - $1.expected) * ($1.observed - $1.expected) / $1.expected }
        return (statistic, cells.count - 1)
    }

    static func draws(_ distribution: Distribution, count: Int, entity: UInt64) -> [Double] {
        let stream = RandomStream(StreamID(masterSeed: 2026, replication: 0, purpose: StreamPurpose(rawValue: 7), entity: entity))
        return (0..<count).map { _ in distribution.sample(stream) }
    }
}
