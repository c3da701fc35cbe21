import SparesKernel

/// A model that records the events it handles and can schedule follow-ups, for kernel tests.
struct RecordingModel: DiscreteEventModel {
    struct Event: Equatable {
        var id: Int
        /// Schedule this event after handling, at now + delay.
        var followUp: FollowUp?
    }

    struct FollowUp: Equatable {
        var id: Int
        var delay: Double
        var priority: UInt8
    }

    var handled: [(time: Double, id: Int)] = []
    var stopAfter: Int?

    mutating func handle(_ event: Event, scheduler: inout Scheduler<Event>) {
        handled.append((scheduler.now, event.id))
        if let next = event.followUp {
            scheduler.schedule(
                Event(id: next.id, followUp: nil), after: next.delay, priority: EventPriority(rawValue: next.priority))
        }
        if let stopAfter, handled.count == stopAfter { scheduler.stop() }
    }

    var ids: [Int] { handled.map(\.id) }
}
