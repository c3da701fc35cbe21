import SparesKernel

/// A greedy candidate: one more unit at a stock point of one part's tree, with its score. The
/// greedies keep them in a `BinaryHeap` (`CandidateHeap`), so a step costs O(log candidates) instead
/// of a scan. A candidate carries its tree's stamp when scored; the greedy bumps a tree's stamp when
/// its stock changes, and candidates with an older stamp are dropped as they surface (lazy deletion).
struct Candidate: HeapOrdered {
    var score: Double
    var tree: Int32
    var node: Int32
    var stamp: Int32
    /// The greedy step at which `score` was computed exactly (-1: an estimate; `Int32.max`: exact
    /// whenever read).
    var exactAt: Int32

    /// Higher score first; ties by lower tree, then lower node, so the order never depends on the
    /// heap's layout (the same choice as a scan that keeps the first best).
    static func precedes(_ a: Candidate, _ b: Candidate) -> Bool {
        a.score != b.score ? a.score > b.score : (a.tree, a.node) < (b.tree, b.node)
    }
}

typealias CandidateHeap = BinaryHeap<Candidate>
