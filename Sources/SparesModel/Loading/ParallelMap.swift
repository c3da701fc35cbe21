import Dispatch
import Foundation

/// `(0..<count).map(body)` with the calls spread over the machine's cores: each result lands in its
/// index's slot, so the array is the same whatever the order the calls finish in. For independent,
/// coarse pieces of a load (each variant of a scenario), never for the event loop.
public enum ParallelMap {
    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1, ProcessInfo.processInfo.activeProcessorCount > 1 else { return (0..<count).map(body) }
        let slots = Slots<T>(count)
        DispatchQueue.concurrentPerform(iterations: count) { i in slots.put(body(i), at: i) }
        return slots.values
    }

    /// One slot per index, written once each under a lock.
    private final class Slots<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [T?]

        init(_ count: Int) { slots = Array(repeating: nil, count: count) }

        func put(_ value: T, at i: Int) {
            lock.lock()
            slots[i] = value
            lock.unlock()
        }

        /// Every slot's value; called after every `put`.
        var values: [T] { slots.map { $0! } }
    }
}
