/// A binary max-heap of greedy candidates (a stock point of one part's tree, with its score), so a
/// greedy step costs O(log candidates) instead of a scan. A candidate carries its tree's stamp when
/// scored; the greedy bumps a tree's stamp when its stock changes, and candidates with an older stamp
/// are dropped as they surface (lazy deletion).
struct CandidateHeap {
    struct Candidate {
        var score: Double
        var tree: Int32
        var node: Int32
        var stamp: Int32
        /// The greedy step at which `score` was computed exactly (-1: an estimate).
        var exactAt: Int32
    }

    private(set) var items: [Candidate] = []

    var isEmpty: Bool { items.isEmpty }
    var top: Candidate? { items.first }

    init(_ candidates: [Candidate] = []) {
        items = candidates
        if items.count > 1 {
            for i in stride(from: items.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        }
    }

    mutating func push(_ c: Candidate) {
        items.append(c)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.above(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Candidate? {
        guard !items.isEmpty else { return nil }
        let first = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            siftDown(0)
        }
        return first
    }

    /// Higher score first; ties by lower tree, then lower node, so the order never depends on the
    /// heap's layout (the same choice as a scan that keeps the first best).
    static func above(_ a: Candidate, _ b: Candidate) -> Bool {
        a.score != b.score ? a.score > b.score : (a.tree, a.node) < (b.tree, b.node)
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < items.count && Self.above(items[l], items[best]) { best = l }
            if r < items.count && Self.above(items[r], items[best]) { best = r }
            if best == i { return }
            items.swapAt(i, best)
            i = best
        }
    }
}
