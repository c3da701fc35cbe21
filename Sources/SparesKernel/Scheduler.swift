/// The simulation clock and its future event list: what a model sees while it handles an event.
///
/// Time is a `Double` in the model's unit (hours in Spares). Events are run in (time, priority,
/// insertion) order; `schedule` never accepts a time before `now`. The scheduler holds no
/// randomness and knows nothing of the domain (DESIGN.md section 3).
///
///     var scheduler = Scheduler<Clinic.Event>()
///     scheduler.schedule(.arrival, at: 0)
///     var clinic = Clinic()
///     scheduler.run(&clinic, until: 1_000)
public struct Scheduler<Event>: ~Copyable {
    /// The current simulation time.
    @inlinable public var now: Double { clock }
    /// Events handled so far.
    @inlinable public var processedEvents: Int { handled }
    @usableFromInline var clock: Double
    @usableFromInline var handled: Int = 0
    @usableFromInline var events = EventList<Event>()
    @usableFromInline var stopRequested = false

    /// A scheduler whose clock starts at `startTime`.
    public init(startTime: Double = 0) {
        precondition(startTime.isFinite, "the start time must be finite")
        clock = startTime
    }

    /// Reserves room for `capacity` pending events, so that no run below that size allocates.
    public mutating func reserveCapacity(_ capacity: Int) {
        events.reserveCapacity(capacity)
    }

    /// Number of pending events.
    @inlinable
    public var pendingEvents: Int { events.count }

    /// Schedules `event` at absolute time `time` (≥ now).
    @inlinable
    public mutating func schedule(_ event: Event, at time: Double, priority: EventPriority = .normal) {
        precondition(time >= now, "an event cannot be scheduled before the current time (or at NaN)")
        events.insert(event, at: time, priority: priority)
    }

    /// Schedules `event` at absolute time `time` (≥ now), among many scheduled at once (a run's
    /// starting failures): it runs exactly where `schedule` would run it, but waits in a sorted run
    /// beside the heap (`EventList`), so the heap, and every later event's cost, stays small.
    @inlinable
    public mutating func scheduleInBulk(_ event: Event, at time: Double, priority: EventPriority = .normal) {
        precondition(time >= now, "an event cannot be scheduled before the current time (or at NaN)")
        events.insertInBulk(event, at: time, priority: priority)
    }

    /// Schedules `event` after `delay` (≥ 0) from now.
    @inlinable
    public mutating func schedule(_ event: Event, after delay: Double, priority: EventPriority = .normal) {
        schedule(event, at: now + delay, priority: priority)
    }

    /// Schedules `event` at `time` (≥ now) and returns a handle that can cancel it. Costs a little
    /// more than `schedule` (a slot in the cancellation table), so use it only where needed.
    @inlinable
    public mutating func scheduleCancellable(_ event: Event, at time: Double, priority: EventPriority = .normal) -> EventHandle {
        precondition(time >= now, "an event cannot be scheduled before the current time (or at NaN)")
        return events.insertCancellable(event, at: time, priority: priority)
    }

    /// Schedules `event` after `delay` (≥ 0) and returns a handle that can cancel it.
    @inlinable
    public mutating func scheduleCancellable(_ event: Event, after delay: Double, priority: EventPriority = .normal) -> EventHandle {
        scheduleCancellable(event, at: now + delay, priority: priority)
    }

    /// Cancels a pending event; a cancelled event never fires. Returns false when it already ran or
    /// was cancelled before.
    @inlinable
    @discardableResult
    public mutating func cancel(_ handle: EventHandle) -> Bool {
        events.cancel(handle)
    }

    /// Asks the run loop to return after the event being handled.
    @inlinable
    public mutating func stop() {
        stopRequested = true
    }

    /// The time of the next pending event, if any.
    @inlinable
    public mutating func nextEventTime() -> Double? {
        events.nextTime()
    }
}
