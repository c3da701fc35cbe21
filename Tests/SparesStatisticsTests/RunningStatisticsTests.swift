import Testing
import SparesStatistics

@Suite("Running statistics")
struct RunningStatisticsTests {
    @Test("Welford agrees with the two-pass formulas, even with a large offset")
    func welford() {
        let xs = (0..<1000).map { 1e9 + Double(($0 * 7919) % 1000) / 10 }
        let stats = RunningStatistics(xs)
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)
        #expect(stats.count == 1000)
        #expect(abs(stats.mean - mean) < 1e-6)
        #expect(abs(stats.variance - variance) / variance < 1e-9)
        #expect(stats.minimum == xs.min() && stats.maximum == xs.max())
    }

    @Test("merging equals accumulating in one pass")
    func merge() {
        let xs = (0..<500).map { Double($0 % 37) * 1.5 }
        var left = RunningStatistics(xs[0..<123])
        left.merge(RunningStatistics(xs[123...]))
        let whole = RunningStatistics(xs)
        #expect(left.count == whole.count)
        #expect(abs(left.mean - whole.mean) < 1e-12)
        #expect(abs(left.variance - whole.variance) < 1e-10)
        var empty = RunningStatistics()
        empty.merge(whole)
        #expect(empty == whole)
    }

    @Test("t-based 95% interval: t(0.975, 9) = 2.262157")
    func tInterval() {
        // Ten values with mean 5.5 and s² = 55/6.
        let stats = RunningStatistics((1...10).map(Double.init))
        let ci = stats.confidenceInterval(level: 0.95)
        let expected = 2.262157 * (55.0 / 6.0 / 10.0).squareRoot()
        #expect(ci.estimate == 5.5)
        #expect(abs(ci.halfWidth - expected) < 1e-5)
        #expect(ci.contains(5.5 + expected - 1e-5) && !ci.contains(5.5 + expected + 1e-4))
    }

    @Test("fewer than two observations give an infinite interval")
    func tooFew() {
        #expect(RunningStatistics([3]).confidenceInterval().halfWidth == .infinity)
        #expect(RunningStatistics().count == 0)
    }
}
