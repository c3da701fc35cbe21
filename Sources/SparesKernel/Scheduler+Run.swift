// The run loop. Generic over the model so that `handle` is called directly, with no existential or
// closure per event; `@inlinable` lets the compiler specialise it in the model's module.
extension Scheduler {
    /// Runs events with time ≤ `endTime` in order, then sets the clock to `endTime` (when finite).
    /// Returns early when the model calls `stop()`.
    @inlinable
    @discardableResult
    public mutating func run<Model: DiscreteEventModel>(
        _ model: inout Model, until endTime: Double = .infinity
    ) -> RunOutcome where Model.Event == Event {
        run(&model, until: endTime, stopWhen: { _ in false })
    }

    /// Runs as `run(_:until:)`, and also returns once `condition(model)`, checked after every event,
    /// holds.
    @inlinable
    @discardableResult
    public mutating func run<Model: DiscreteEventModel>(
        _ model: inout Model, until endTime: Double = .infinity, stopWhen condition: (Model) -> Bool
    ) -> RunOutcome where Model.Event == Event {
        precondition(endTime >= now, "the end time lies before the current time")
        stopRequested = false
        while true {
            guard let time = events.nextTime() else {
                if endTime.isFinite { clock = endTime }
                return .exhausted
            }
            if time > endTime {
                clock = endTime
                return .reachedEndTime
            }
            let next = events.removeLiveTop()
            clock = next.time
            handled &+= 1
            model.handle(next.event, scheduler: &self)
            if stopRequested || condition(model) {
                stopRequested = false
                return .stopped
            }
        }
    }

    /// Handles exactly one event, if any is pending. Returns whether one ran.
    @inlinable
    @discardableResult
    public mutating func step<Model: DiscreteEventModel>(_ model: inout Model) -> Bool where Model.Event == Event {
        guard let next = events.popFirst() else { return false }
        clock = next.time
        handled &+= 1
        model.handle(next.event, scheduler: &self)
        return true
    }
}
