import Foundation
import Testing
import SparesRandom
import SparesStatistics

/// KN's probability of correct selection on synthetic normal systems with a known best: at least
/// 1 − α = 95% in the least favourable (slippage) configuration, with unequal variances, and with
/// common random numbers (which must also need fewer outputs). Each check runs 400 independent
/// selections; 95% of 400 has a 99.9% one-sided lower bound of 0.95 − 3.09 √(0.95 · 0.05 / 400) =
/// 0.916, so a procedure that keeps its guarantee fails the check with probability below 0.1%.
@Suite("Ranking and selection (KN)")
struct RankingAndSelectionTests {
    static let trials = 400
    static let lowerBound = 0.95 - 3.09 * (0.95 * 0.05 / 400).squareRoot()

    /// Runs `trials` selections of systems with `means` and `sigmas`, `common` the standard deviation
    /// of a shock shared by all systems in each replication (common random numbers); returns the
    /// share that chose system 0 and the mean number of outputs taken.
    static func run(means: [Double], sigmas: [Double], common: Double, delta: Double, seed: UInt64) -> (correct: Double, outputs: Double) {
        let stream = RandomStream(StreamID(masterSeed: seed, replication: 0, purpose: StreamPurpose(rawValue: 0x7001)))
        var correct = 0, outputs = 0
        for _ in 0..<trials {
            func draw() -> [Double] {
                let shared = common > 0 ? stream.gaussian(sigma: common) : 0
                return means.indices.map { means[$0] + shared + stream.gaussian(sigma: sigmas[$0]) }
            }
            var kn = RankingAndSelection(systems: means.count, initial: 10, delta: delta, alpha: 0.05)
            var first = [[Double]](repeating: [], count: means.count)
            for _ in 0..<10 {
                let x = draw()
                for i in means.indices { first[i].append(x[i]) }
            }
            kn.start(first)
            outputs += 10 * means.count
            while kn.selected == nil {
                let x = draw()
                kn.add(kn.survivors.map { x[$0] })
                outputs += kn.survivors.count
            }
            if kn.selected == 0 { correct += 1 }
        }
        return (Double(correct) / Double(trials), Double(outputs) / Double(trials))
    }

    @Test("h² by hand: k = 2, n₀ = 10, α = 5%: η = ½(10^(2/9) − 1), h² = 18η = 6.0129")
    func constant() {
        let kn = RankingAndSelection(systems: 2, initial: 10, delta: 1, alpha: 0.05)
        #expect(abs(kn.hSquared - 9 * (pow(10, 2.0 / 9) - 1)) < 1e-12)
        #expect(abs(kn.hSquared - 6.0129) < 1e-4)
    }

    @Test("slippage configuration (best by exactly δ), five systems: P(correct) ≥ 95%")
    func slippage() {
        let r = Self.run(means: [0, 0.5, 0.5, 0.5, 0.5], sigmas: [1, 1, 1, 1, 1], common: 0, delta: 0.5, seed: 1)
        #expect(r.correct >= Self.lowerBound, "P(correct) \(r.correct)")
    }

    @Test("unequal variances: P(correct) ≥ 95%")
    func unequal() {
        let r = Self.run(means: [0, 0.5, 0.5, 0.8], sigmas: [1, 2, 0.5, 1.5], common: 0, delta: 0.5, seed: 2)
        #expect(r.correct >= Self.lowerBound, "P(correct) \(r.correct)")
    }

    @Test("common random numbers: P(correct) ≥ 95% with far fewer outputs than independent sampling")
    func commonRandomNumbers() {
        let independent = Self.run(means: [0, 0.5, 0.5, 0.5], sigmas: [1, 1, 1, 1].map { ($0 * $0 + 4).squareRoot() }, common: 0, delta: 0.5, seed: 3)
        let paired = Self.run(means: [0, 0.5, 0.5, 0.5], sigmas: [1, 1, 1, 1], common: 2, delta: 0.5, seed: 3)
        #expect(paired.correct >= Self.lowerBound && independent.correct >= Self.lowerBound, "\(paired) \(independent)")
        // The same marginal spread (√5), but the shared shock cancels in the differences.
        #expect(paired.outputs < 0.5 * independent.outputs, "\(paired.outputs) against \(independent.outputs)")
    }

    @Test("a clear winner is selected at once after the first stage")
    func clearWinner() {
        var kn = RankingAndSelection(systems: 3, initial: 5, delta: 0.1, alpha: 0.05)
        kn.start([[1, 1.01, 0.99, 1, 1], [5, 5.01, 4.99, 5, 5], [9, 9.02, 8.98, 9, 9]])
        #expect(kn.selected == 0)
    }
}
