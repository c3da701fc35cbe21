/// A map from a route key (origin and destination packed in 64 bits, `LaneTable`) to the index of
/// its first lane: open addressing with linear probing in two flat arrays, at most half full,
/// slots by Fibonacci hashing. A network of 200,000 sites has over a million routes, asked for by
/// every check of a serving location; a `Dictionary` of them spends its time in SipHash and in
/// scattered buckets. The same answers whatever the insertion order; nothing iterates it.
struct RouteIndex: Sendable {
    private var keys: [UInt64]
    /// A slot's value, or -1 where the slot is free.
    private var values: [Int32]
    private let mask: Int
    private let shift: UInt64

    /// An empty index for up to `count` routes.
    init(capacity count: Int) {
        var size = 16
        while size < 2 * count { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// The value of `key`, if present.
    subscript(key: UInt64) -> Int32? {
        var i = slot(key)
        while true {
            let v = values[i]
            if v < 0 { return nil }
            if keys[i] == key { return v }
            i = (i + 1) & mask
        }
    }

    /// Stores `value` (at least 0) for `key` when the key is absent and returns nil; else returns
    /// the value present and changes nothing. At most `capacity` keys.
    mutating func insertIfAbsent(_ key: UInt64, _ value: Int32) -> Int32? {
        var i = slot(key)
        while true {
            let v = values[i]
            if v < 0 {
                keys[i] = key
                values[i] = value
                return nil
            }
            if keys[i] == key { return v }
            i = (i + 1) & mask
        }
    }
}
