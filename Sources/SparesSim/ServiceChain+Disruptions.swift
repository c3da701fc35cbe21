import SparesKernel
import SparesModel

/// Closures and headcount changes in the event loop. Closed locations are read where stock moves
/// (`source`, `replenish`, `fillBackorders`, `stockArrival`, `departure`), lanes down in `departure`
/// and the expedite search, delays where lead times are drawn; this file schedules the moments at
/// which something comes back.
extension ServiceChain {
    /// Schedules every reopening and every change of headcount present inside the run.
    mutating func scheduleDisruptions(scheduler: inout Scheduler<Event>) {
        let d = risks.disruptions
        if d.anyClosure {
            for (l, spans) in d.closed.enumerated() {
                for t in spans.ends where t > 0 && t < end {
                    scheduler.schedule(.reopen(location: Int32(l)), at: t, priority: Priority.reopen)
                }
            }
        }
        for pool in 0..<technicians.count {
            for t in d.staffingChanges(pool, before: end) {
                scheduler.schedule(.staffing(pool: Int32(pool)), at: t, priority: Priority.release)
            }
        }
    }

    /// Location `l` opens again: the claims that waited at its stock points are served from what is
    /// on its shelves (units that arrived while it was closed are put away at this moment too, by
    /// their own deferred arrivals, which come after this event).
    mutating func reopen(_ l: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        // Spans are merged, so a reopening is never inside another closure of the same location.
        trace.add(TraceRecord(time: now, event: .reopened, location: Int32(l)))
        for part in 0..<partCount {
            let point = l * partCount + part
            if points[point].onHand > 0 && !queues[point].isEmpty { fillBackorders(point, scheduler: &scheduler) }
        }
    }

    /// Whether location `l` is closed now.
    @inline(__always)
    func isClosed(_ l: Int, at t: Double) -> Bool { risks.disruptions.isClosed(l, at: t) }
}
