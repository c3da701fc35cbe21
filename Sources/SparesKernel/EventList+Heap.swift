// The binary-heap moves of `EventList`, over its raw buffer. Both use the "hole" technique: the
// moving entry is held aside and the others shift into the hole, one move per level.
extension EventList {
    @inlinable
    mutating func siftUp(_ entry: consuming Entry) {
        if heapCount == heapCapacity { resize(to: heapCapacity * 2) }
        var hole = heapCount
        while hole > 0 {
            let parent = (hole &- 1) >> 1
            guard entry.precedes(heap[parent]) else { break }
            (heap + hole).moveInitialize(from: heap + parent, count: 1)
            hole = parent
        }
        (heap + hole).initialize(to: entry)
        heapCount &+= 1
    }

    /// Removes and returns the root (the heap must not be empty), restoring heap order.
    @inlinable
    mutating func removeTop() -> Entry {
        let top = heap.move()
        heapCount &-= 1
        guard heapCount > 0 else { return top }
        let moving = (heap + heapCount).move()
        let count = heapCount
        var hole = 0
        while true {
            var child = 2 &* hole &+ 1
            if child >= count { break }
            if child &+ 1 < count, heap[child &+ 1].precedes(heap[child]) { child &+= 1 }
            guard heap[child].precedes(moving) else { break }
            (heap + hole).moveInitialize(from: heap + child, count: 1)
            hole = child
        }
        (heap + hole).initialize(to: moving)
        return top
    }

    /// Checks the heap property and the slot bookkeeping; for tests.
    public func checkInvariants() -> Bool {
        var cancelled = 0
        var slotted = 0
        for i in 0..<heapCount {
            if i > 0, heap[i].precedes(heap[(i - 1) / 2]) { return false }
            if heap[i].slot != Self.noSlot {
                slotted += 1
                cancelled += Int(slotTags[Int(heap[i].slot)] & 1)
            }
        }
        for i in runNext..<run.count where i > runNext {
            if run[i].precedes(run[i - 1]) { return false }
        }
        return cancelled == cancelledInHeap && slotted + freeSlots.count == slotTags.count
    }
}
