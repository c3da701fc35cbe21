/// The future event list: a binary min-heap of events ordered by (time, priority, insertion
/// sequence), so same-time events run in a defined order and the run is deterministic.
///
/// Storage is one buffer owned by this noncopyable value (no copy-on-write checks in the hot path);
/// it grows by doubling and never shrinks, so once at the model's peak number of pending events,
/// scheduling and popping allocate nothing.
///
/// Cancellation is paid for only where it is asked for: `insertCancellable` gives the event a slot
/// in a side table (generation and cancelled flag); `cancel` flips the flag in O(1) and the entry is
/// dropped when it reaches the top. Plain `insert` needs no slot.
///
/// Events inserted in bulk (`insertInBulk`: a run's many starting failures) skip the heap: they are
/// kept in a run sorted by the same key, and each pop takes the earlier of the heap's top and the
/// run's head. The order of events is exactly as if each had been inserted, while the heap stays as
/// small as the events scheduled on the way, so a pop does not walk a tree of millions of entries.
///
/// - Complexity: `insert`, `insertCancellable` and `popFirst` O(log n) in events in the heap; `cancel`
///   O(1); bulk events O(log b) each once, when the first pop after them sorts the b of them.
public struct EventList<Event>: ~Copyable {
    /// One pending event. `order` packs the priority (high 8 bits) above the insertion sequence
    /// (low 56 bits), so (time, order) is the whole sort key.
    @usableFromInline
    struct Entry {
        @usableFromInline var time: Double
        @usableFromInline var order: UInt64
        /// Slot in the cancellation table, or `noSlot`.
        @usableFromInline var slot: UInt32
        @usableFromInline var event: Event

        @inlinable
        init(time: Double, order: UInt64, slot: UInt32, event: Event) {
            self.time = time
            self.order = order
            self.slot = slot
            self.event = event
        }

        /// Strict heap order: earlier time, then lower priority value, then earlier insertion.
        @inlinable
        func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && order < other.order)
        }
    }

    @usableFromInline static var noSlot: UInt32 { .max }
    @usableFromInline static var sequenceMask: UInt64 { (1 << 56) - 1 }

    /// The heap, `heapCount` initialised entries of `heapCapacity`.
    @usableFromInline var heap: UnsafeMutablePointer<Entry>
    @usableFromInline var heapCount = 0
    @usableFromInline var heapCapacity: Int
    /// Per cancellation slot: generation << 1 | cancelled bit.
    @usableFromInline var slotTags: [UInt32] = []
    @usableFromInline var freeSlots: [UInt32] = []
    @usableFromInline var nextSequence: UInt64 = 0
    /// Cancelled entries still in the heap.
    @usableFromInline var cancelledInHeap = 0
    /// The sorted run of bulk events; `run[runNext...]` are still pending. Popped entries stay until
    /// the run is used up (then it is freed) or merged with later bulk events.
    @usableFromInline var run: ContiguousArray<Entry> = []
    @usableFromInline var runNext = 0
    /// Bulk events not yet sorted into the run (they join it at the next look at the list).
    @usableFromInline var unsorted: ContiguousArray<Entry> = []
    /// Whether the earliest pending event, as the last `nextTime` found it, is the run's head (else
    /// the heap's top): `removeLiveTop` takes it from there without comparing the two again.
    @usableFromInline var runIsNext = false

    /// An empty list with room for `capacity` pending events before it first grows.
    public init(capacity: Int = 64) {
        heapCapacity = max(capacity, 4)
        heap = .allocate(capacity: heapCapacity)
    }

    deinit {
        heap.deinitialize(count: heapCount)
        heap.deallocate()
    }

    /// Makes room for `capacity` pending events, so that a run up to that size never allocates.
    public mutating func reserveCapacity(_ capacity: Int) {
        if capacity > heapCapacity { resize(to: capacity) }
    }

    @usableFromInline
    mutating func resize(to capacity: Int) {
        let larger = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
        larger.moveInitialize(from: heap, count: heapCount)
        heap.deallocate()
        heap = larger
        heapCapacity = capacity
    }

    /// Number of pending (not cancelled) events.
    @inlinable
    public var count: Int { heapCount - cancelledInHeap + run.count - runNext + unsorted.count }

    /// Whether no event is pending.
    @inlinable
    public var isEmpty: Bool { count == 0 }

    @inlinable
    mutating func nextOrder(_ priority: EventPriority) -> UInt64 {
        let order = UInt64(priority.rawValue) << 56 | (nextSequence & Self.sequenceMask)
        nextSequence &+= 1
        return order
    }

    /// Adds an event that will not be cancelled.
    @inlinable
    public mutating func insert(_ event: consuming Event, at time: Double, priority: EventPriority) {
        siftUp(Entry(time: time, order: nextOrder(priority), slot: Self.noSlot, event: event))
    }

    /// Adds an event that will not be cancelled, to the sorted run rather than the heap: for many
    /// events known at once, most of them far ahead. They run exactly where `insert` would put them.
    @inlinable
    public mutating func insertInBulk(_ event: consuming Event, at time: Double, priority: EventPriority) {
        unsorted.append(Entry(time: time, order: nextOrder(priority), slot: Self.noSlot, event: event))
    }

    /// Sorts the bulk events inserted since the last look into the run, merging them with what is
    /// left of it. Inlinable so that the sort is specialised for the model's events. The first
    /// sort takes the bulk events' own storage as the run: no copy of millions of entries.
    @inlinable
    mutating func sortBulk() {
        var added = unsorted
        unsorted = []
        added.sort { $0.precedes($1) }
        guard runNext < run.count else {
            run = added
            runNext = 0
            return
        }
        var merged = ContiguousArray<Entry>()
        merged.reserveCapacity(run.count - runNext + added.count)
        var a = runNext, b = 0
        while a < run.count || b < added.count {
            if b == added.count || a < run.count && run[a].precedes(added[b]) {
                merged.append(run[a])
                a += 1
            } else {
                merged.append(added[b])
                b += 1
            }
        }
        run = merged
        runNext = 0
    }

    /// Whether the run's head comes before the heap's top (the run must hold a pending event).
    @inlinable
    func runLeads() -> Bool {
        heapCount == 0 || !heap[0].precedes(run[runNext])
    }

    /// Adds an event and returns a handle that can cancel it.
    @inlinable
    public mutating func insertCancellable(_ event: consuming Event, at time: Double, priority: EventPriority) -> EventHandle {
        let slot: UInt32
        if let reused = freeSlots.popLast() {
            slot = reused
        } else {
            slot = UInt32(slotTags.count)
            slotTags.append(0)
        }
        siftUp(Entry(time: time, order: nextOrder(priority), slot: slot, event: event))
        return EventHandle(slot: slot, generation: slotTags[Int(slot)] >> 1)
    }

    /// Cancels a pending event. Returns false when it already ran or was cancelled.
    @inlinable
    @discardableResult
    public mutating func cancel(_ handle: EventHandle) -> Bool {
        let index = Int(handle.slot)
        guard index < slotTags.count, slotTags[index] == handle.generation << 1 else { return false }
        slotTags[index] |= 1
        cancelledInHeap += 1
        return true
    }

    /// The time of the earliest pending event, dropping cancelled entries on top.
    @inlinable
    public mutating func nextTime() -> Double? {
        dropCancelledTop()
        if !unsorted.isEmpty { sortBulk() }
        runIsNext = runNext < run.count && runLeads()
        if runIsNext { return run[runNext].time }
        return heapCount > 0 ? heap[0].time : nil
    }

    /// Removes and returns the earliest pending event with its time.
    @inlinable
    public mutating func popFirst() -> (time: Double, event: Event)? {
        guard nextTime() != nil else { return nil }
        return removeLiveTop()
    }

    /// Removes the earliest pending event, known to exist (`nextTime` just gave its time, and the
    /// list has not changed since), and frees its cancellation slot.
    @inlinable
    mutating func removeLiveTop() -> (time: Double, event: Event) {
        if runIsNext {
            runIsNext = false
            let entry = run[runNext]
            runNext &+= 1
            if runNext == run.count {
                run = []
                runNext = 0
            }
            return (entry.time, entry.event)
        }
        let entry = removeTop()
        if entry.slot != Self.noSlot { release(entry.slot) }
        return (entry.time, entry.event)
    }

    @inlinable
    mutating func dropCancelledTop() {
        while cancelledInHeap > 0, heapCount > 0, heap[0].slot != Self.noSlot, slotTags[Int(heap[0].slot)] & 1 == 1 {
            let dropped = removeTop()
            release(dropped.slot)
            cancelledInHeap -= 1
        }
    }

    /// Frees a slot for reuse under the next generation (which also clears the cancelled bit).
    @inlinable
    mutating func release(_ slot: UInt32) {
        slotTags[Int(slot)] = (slotTags[Int(slot)] >> 1 &+ 1) << 1
        freeSlots.append(slot)
    }
}
