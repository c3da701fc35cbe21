/// What a `BinaryHeap` orders by: `a` goes nearer the root than `b`. A strict order; ties must be
/// broken by the element itself (an index, say) so that the heap's choices never depend on its layout.
public protocol HeapOrdered {
    static func precedes(_ a: Self, _ b: Self) -> Bool
}

/// A binary heap over one array: the element that precedes all others at the root. For the
/// optimisers' candidate queues and the experiments' tail reservoirs (the event list has its own,
/// specialised heap).
///
/// - Complexity: `push`, `pop` and `replaceRoot` O(log n); building from n elements O(n).
public struct BinaryHeap<Element: HeapOrdered> {
    public private(set) var elements: [Element]

    /// A heap of `elements` (heapified in place).
    public init(_ elements: [Element] = []) {
        self.elements = elements
        if self.elements.count > 1 {
            for i in stride(from: self.elements.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        }
    }

    public var count: Int { elements.count }
    public var isEmpty: Bool { elements.isEmpty }
    public var root: Element? { elements.first }

    public mutating func push(_ element: Element) {
        elements.append(element)
        var i = elements.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Element.precedes(elements[i], elements[parent]) else { break }
            elements.swapAt(i, parent)
            i = parent
        }
    }

    /// Removes and returns the root.
    public mutating func pop() -> Element? {
        guard !elements.isEmpty else { return nil }
        let first = elements[0]
        let last = elements.removeLast()
        if !elements.isEmpty {
            elements[0] = last
            siftDown(0)
        }
        return first
    }

    /// Puts `element` in the root's place (precondition: not empty).
    public mutating func replaceRoot(with element: Element) {
        elements[0] = element
        siftDown(0)
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < elements.count && Element.precedes(elements[l], elements[best]) { best = l }
            if r < elements.count && Element.precedes(elements[r], elements[best]) { best = r }
            if best == i { return }
            elements.swapAt(i, best)
            i = best
        }
    }
}

extension BinaryHeap: Sendable where Element: Sendable {}
