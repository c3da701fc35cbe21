import SparesKernel

/// The replications of one policy with the highest portfolio exposure (`sla.exposure`), kept with
/// their site and part attributions while rows arrive, so that the summary can say which sites and
/// parts make up the worst 5% without a second pass over the journal.
///
/// The kept set is the top `capacity` by (exposure descending, replication ascending), whatever the
/// order rows arrive in (threads, shards, a resumed journal): the summary stays bit-identical.
struct TailReservoir: Sendable {
    struct Entry: Sendable, HeapOrdered {
        var replication: UInt64
        var exposure: Double
        /// The row's flat site (stride 5) and part (stride 3) attributions.
        var sites: [Int64]
        var parts: [Int64]

        /// The reservoir's heap keeps the lowest-ranked entry at its root.
        static func precedes(_ a: Entry, _ b: Entry) -> Bool { TailReservoir.above(b, a) }
    }

    let capacity: Int
    /// A binary heap with the lowest-ranked kept entry at the root: an offer costs O(log capacity).
    private var heap = BinaryHeap<Entry>()
    var entries: [Entry] { heap.elements }

    init(capacity: Int) { self.capacity = max(0, capacity) }

    /// Whether `a` ranks above `b`: higher exposure, then the lower replication index.
    static func above(_ a: Entry, _ b: Entry) -> Bool {
        a.exposure != b.exposure ? a.exposure > b.exposure : a.replication < b.replication
    }

    mutating func offer(_ entry: Entry) {
        guard capacity > 0 else { return }
        if heap.count < capacity {
            heap.push(entry)
        } else if Self.above(entry, heap.root!) {
            heap.replaceRoot(with: entry)
        }
    }

    /// The top `count` entries, highest first.
    func top(_ count: Int) -> [Entry] { Array(entries.sorted(by: Self.above).prefix(count)) }

    /// The tail size for `replications` at `level`: the ceil((1 − level) · n) worst, at least 1, in
    /// whole parts per million (in floating point, 40 × (1 − 0.95) is 2.0000000000000018, not 2).
    static func tailCount(replications: Int, level: Double) -> Int {
        let perMillion = Int(((1 - level) * 1_000_000).rounded())
        return max(1, (replications * perMillion + 999_999) / 1_000_000)
    }
}
