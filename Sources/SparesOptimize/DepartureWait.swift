import SparesModel

/// The mean time from a shipment being ready to leave a location to its departure on a lane: the
/// origin's opening hours, its pick time, and the lane's operating days and cutoff, by the same rules
/// as the simulation (`ServiceChain.scheduledDeparture`), averaged over a week of ready times spread
/// evenly (demand is Poisson, so orders arrive uniformly in time; holidays are left out).
///
/// A lane without a cutoff from an origin that is always open waits exactly the pick time; a daily
/// road service with a 17:00 cutoff on weekdays from a depot open 07:00 to 19:00 waits hours on
/// average, which the analytic resupply time must include to match the simulation.
public enum DepartureWait {
    /// Ready times per hour of the week the average is taken over.
    static let samplesPerHour = 6

    /// Mean hours from ready to departure on `lane` from `location` (pick time included).
    public static func mean(_ scenario: Scenario, from location: Int, lane: Int) -> Double {
        let origin = scenario.locations[location]
        let days = scenario.lanes.lanes[lane].days, cutoff = scenario.lanes.lanes[lane].cutoff
        if origin.opening.isAlways && cutoff == nil && days == 0x7F { return origin.pickTime }
        let n = Int(WeeklySchedule.hoursPerWeek) * samplesPerHour
        var sum = 0.0
        for k in 0..<n {
            let h = (Double(k) + 0.5) / Double(samplesPerHour)
            sum += departure(readyAt: h, opening: origin.opening, pick: origin.pickTime, days: days, cutoff: cutoff) - h
        }
        return sum / Double(n)
    }

    /// Departure (local hours from a Monday 00:00) of a shipment ready at local hour `h`.
    static func departure(readyAt h: Double, opening: WeeklySchedule, pick: Double, days: UInt8, cutoff: Double?) -> Double {
        guard let opens = nextOpen(opening, atOrAfter: h) else { return h + pick }
        let ready = opens + pick
        var day = Int((ready / 24).rounded(.down))
        let hour = ready - Double(day) * 24
        if days & (1 << (day % 7)) != 0 && (cutoff == nil || hour <= cutoff!) { return ready }
        for _ in 0..<8 {
            day += 1
            if days & (1 << (day % 7)) != 0 { break }
        }
        return nextOpen(opening, atOrAfter: Double(day) * 24) ?? Double(day) * 24
    }

    /// The first local time at or after `t` (hours from a Monday 00:00, any week) inside `schedule`.
    static func nextOpen(_ schedule: WeeklySchedule, atOrAfter t: Double) -> Double? {
        guard let first = schedule.intervals.first else { return nil }
        let week = (t / WeeklySchedule.hoursPerWeek).rounded(.down) * WeeklySchedule.hoursPerWeek
        let h = t - week
        for interval in schedule.intervals where interval.end > h {
            return h >= interval.start ? t : week + interval.start
        }
        return week + WeeklySchedule.hoursPerWeek + first.start
    }
}
