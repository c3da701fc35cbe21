import SparesModel

/// Local clock arithmetic for one scenario: simulation time is hours from 00:00 UTC on the start date;
/// shifts, opening hours, cutoffs and business days are local (UTC offset in hours).
struct LocalCalendar: Sendable {
    /// Hours from Monday 00:00 to 00:00 on the start date (0 when the scenario starts on a Monday).
    let weekOrigin: Double
    /// Weekday of the start date, 0 = Monday.
    let startWeekday: Int
    /// Day number of the start date (days since 1970-01-01).
    let startDay: Int

    init(start: CivilDate) {
        startWeekday = start.weekday
        weekOrigin = Double(start.weekday) * 24
        startDay = start.dayNumber
    }

    /// The local hour of the week (0 ..< 168, Monday 00:00 = 0) at time `t`.
    @inline(__always)
    func hourOfWeek(_ t: Double, offset: Double) -> Double {
        let x = (t + offset + weekOrigin).truncatingRemainder(dividingBy: WeeklySchedule.hoursPerWeek)
        return x < 0 ? x + WeeklySchedule.hoursPerWeek : x
    }

    /// The local day at time `t`, counted from the start date (may be negative just after time 0 west
    /// of UTC).
    @inline(__always)
    func day(_ t: Double, offset: Double) -> Int {
        Int(((t + offset) / 24).rounded(.down))
    }

    /// Weekday (0 = Monday) of local day `day`.
    @inline(__always)
    func weekday(ofDay day: Int) -> Int {
        ((startWeekday + day) % 7 + 7) % 7
    }

    /// Simulation time of local hour `hour` on local day `day`.
    @inline(__always)
    func time(day: Int, hour: Double, offset: Double) -> Double {
        Double(day) * 24 + hour - offset
    }

    /// The first time ≥ `t` inside `schedule` (local at `offset`); `t` itself when inside, +∞ when the
    /// schedule is never open.
    func nextOpen(_ schedule: WeeklySchedule, atOrAfter t: Double, offset: Double) -> Double {
        guard let wait = schedule.hoursUntilOpen(hourOfWeek(t, offset: offset)) else { return .infinity }
        return t + wait
    }
}

extension WeeklySchedule {
    /// Hours from local hour of the week `h` (0 ..< 168) until the schedule is next open: 0 inside an
    /// interval, nil when it is never open.
    func hoursUntilOpen(_ h: Double) -> Double? {
        guard let first = intervals.first else { return nil }
        for interval in intervals where interval.end > h {
            return h >= interval.start ? 0 : interval.start - h
        }
        return first.start + Self.hoursPerWeek - h
    }
}
