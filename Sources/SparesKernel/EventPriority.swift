/// Orders events that fall at the same time: lower values run first.
///
/// The kernel fixes only the rule; each model declares its own table of named priorities, so that
/// same-time rules are explicit in one place (as in simmer: releases before seizes, a part arriving
/// before the technician who needs it). Events with equal time and priority run in the order they
/// were scheduled.
public struct EventPriority: RawRepresentable, Hashable, Comparable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Runs before every other event at the same time.
    public static let first = EventPriority(rawValue: 0)
    /// The default.
    public static let normal = EventPriority(rawValue: 128)
    /// Runs after every other event at the same time.
    public static let last = EventPriority(rawValue: 255)

    public static func < (lhs: EventPriority, rhs: EventPriority) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Identifies one scheduled event, so that it can be cancelled.
///
/// A handle stays valid until its event fires or is cancelled; cancelling through a stale handle
/// does nothing (the slot it names has moved to a later generation).
public struct EventHandle: Hashable, Sendable {
    @usableFromInline let slot: UInt32
    @usableFromInline let generation: UInt32

    @usableFromInline
    init(slot: UInt32, generation: UInt32) {
        self.slot = slot
        self.generation = generation
    }
}
