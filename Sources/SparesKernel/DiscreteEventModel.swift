/// A model that the kernel runs: it owns its state and reacts to its own events.
///
/// `Event` is the model's value type (usually a small enum with integer payloads: indices, not
/// names or references), so events cost no allocation. `handle` is called once per event, at the
/// event's time, and schedules follow-up events through the scheduler.
///
///     struct Clinic: DiscreteEventModel {
///         enum Event { case arrival, departure }
///         mutating func handle(_ event: Event, scheduler: inout Scheduler<Event>) { ... }
///     }
public protocol DiscreteEventModel {
    associatedtype Event
    /// Reacts to `event` at `scheduler.now`.
    mutating func handle(_ event: Event, scheduler: inout Scheduler<Event>)
}

/// Why a run returned.
public enum RunOutcome: Equatable, Sendable {
    /// The next event lies beyond the end time; the clock stands at the end time.
    case reachedEndTime
    /// No event is left (the clock advances to the end time when one was given).
    case exhausted
    /// The model called `stop()` or the stop condition held.
    case stopped
}
