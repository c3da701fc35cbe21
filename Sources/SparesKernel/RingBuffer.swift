/// A first-in, first-out queue of values over one growable circular buffer: waiting customers,
/// backordered demands. Grows by doubling and never shrinks, so once at its peak size a run's
/// enqueues and dequeues allocate nothing.
///
/// - Complexity: `append` amortised O(1); `popFirst` O(1).
public struct RingBuffer<Element> {
    @usableFromInline var storage: ContiguousArray<Element?>
    @usableFromInline var head = 0
    @usableFromInline var _count = 0

    /// An empty buffer with room for `capacity` elements before it first grows.
    public init(capacity: Int = 16) {
        storage = ContiguousArray(repeating: nil, count: Swift.max(1, capacity).nextPowerOfTwo)
    }

    /// Number of elements.
    @inlinable public var count: Int { _count }
    /// Whether the buffer is empty.
    @inlinable public var isEmpty: Bool { _count == 0 }
    /// The oldest element.
    @inlinable public var first: Element? { _count == 0 ? nil : storage[head] }

    /// Adds `element` at the back.
    @inlinable
    public mutating func append(_ element: Element) {
        if _count == storage.count { grow() }
        storage[(head &+ _count) & (storage.count &- 1)] = element
        _count &+= 1
    }

    /// Removes and returns the oldest element.
    @inlinable
    public mutating func popFirst() -> Element? {
        guard _count > 0 else { return nil }
        let element = storage[head]
        storage[head] = nil
        head = (head &+ 1) & (storage.count &- 1)
        _count &-= 1
        return element
    }

    @usableFromInline
    mutating func grow() {
        var larger = ContiguousArray<Element?>(repeating: nil, count: storage.count * 2)
        for i in 0..<_count {
            larger[i] = storage[(head + i) & (storage.count - 1)]
        }
        storage = larger
        head = 0
    }
}

extension Int {
    /// The smallest power of two ≥ self (self ≥ 1).
    @usableFromInline var nextPowerOfTwo: Int {
        self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount)
    }
}
