import Foundation

/// Kim and Nelson's fully sequential ranking-and-selection procedure KN (Kim & Nelson 2001, "A fully
/// sequential procedure for indifference-zone selection in simulation", ACM TOMACS 11(3)): among k
/// systems with normal outputs, it selects the one with the smallest mean (a cost) so that, when the
/// best is at least `delta` better than every other, the probability of correct selection is at least
/// 1 − `alpha`; otherwise it selects one within `delta` of the best with that probability. Unknown and
/// unequal variances, and common random numbers (outputs paired by replication), are allowed: the
/// procedure uses the variances of pairwise differences from the first-stage sample.
///
/// Use: give every system's first `initial` outputs (paired by replication), then, while more than one
/// system survives, one more output of each survivor, until `selected` is set.
///
///     η = ½ [(2α/(k − 1))^(−2/(n₀ − 1)) − 1],  h² = 2η(n₀ − 1)
///     S²ᵢₗ = sample variance of Xᵢ − Xₗ over the first n₀ outputs
///     Wᵢₗ(r) = max(0, δ/(2r) · (h² S²ᵢₗ / δ² − r))
///     system i survives stage r when X̄ᵢ(r) ≤ X̄ₗ(r) + Wᵢₗ(r) for every survivor l ≠ i.
public struct RankingAndSelection: Sendable {
    public let systems: Int
    public let initial: Int
    public let delta: Double
    public let alpha: Double
    /// h² of the procedure.
    public let hSquared: Double
    /// Surviving systems, in index order.
    public private(set) var survivors: [Int]
    /// Outputs taken per surviving system so far.
    public private(set) var stage: Int = 0
    /// The selected system, once only one survives.
    public var selected: Int? { survivors.count == 1 ? survivors[0] : nil }

    private var sums: [Double]
    private var firstStage: [[Double]]
    private var varianceOfDifference: [Double]

    public init(systems k: Int, initial n0: Int, delta: Double, alpha: Double) {
        precondition(k >= 2 && n0 >= 2 && delta > 0 && alpha > 0 && alpha < 1, "KN needs k ≥ 2 systems, n₀ ≥ 2, δ > 0 and 0 < α < 1")
        systems = k
        initial = n0
        self.delta = delta
        self.alpha = alpha
        let eta = 0.5 * (pow(2 * alpha / Double(k - 1), -2 / Double(n0 - 1)) - 1)
        hSquared = 2 * eta * Double(n0 - 1)
        survivors = Array(0..<k)
        sums = [Double](repeating: 0, count: k)
        firstStage = [[Double]](repeating: [], count: k)
        varianceOfDifference = [Double](repeating: 0, count: k * k)
    }

    /// The first stage: `outputs[i]` holds system i's first `initial` outputs, replication by replication.
    public mutating func start(_ outputs: [[Double]]) {
        precondition(outputs.count == systems && outputs.allSatisfy { $0.count == initial }, "the first stage needs n₀ outputs of every system")
        firstStage = outputs
        for i in 0..<systems { sums[i] = outputs[i].reduce(0, +) }
        for i in 0..<systems {
            for l in 0..<systems where l != i {
                let d = (0..<initial).map { outputs[i][$0] - outputs[l][$0] }
                let mean = d.reduce(0, +) / Double(initial)
                varianceOfDifference[i * systems + l] = d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(initial - 1)
            }
        }
        stage = initial
        screen()
    }

    /// The next output of every survivor (in `survivors` order), from the same replication.
    public mutating func add(_ outputs: [Double]) {
        precondition(stage >= initial && outputs.count == survivors.count, "one output per survivor, after the first stage")
        for (k, i) in survivors.enumerated() { sums[i] += outputs[k] }
        stage += 1
        screen()
    }

    /// Wᵢₗ at the current stage.
    public func allowance(_ i: Int, _ l: Int) -> Double {
        let r = Double(stage)
        return max(0, delta / (2 * r) * (hSquared * varianceOfDifference[i * systems + l] / (delta * delta) - r))
    }

    /// The mean of system i's outputs so far.
    public func mean(_ i: Int) -> Double { sums[i] / Double(stage) }

    private mutating func screen() {
        guard survivors.count > 1 else { return }
        let r = Double(stage)
        survivors = survivors.filter { i in
            survivors.allSatisfy { l in l == i || sums[i] / r <= sums[l] / r + allowance(i, l) }
        }
    }
}
