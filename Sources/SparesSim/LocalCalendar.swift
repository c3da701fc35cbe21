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

extension LocalCalendar {
    /// The time at which `work` hours inside `schedule` (local at `offset`) have passed from `t`:
    /// work pauses outside the schedule. `t + work` for an always-open schedule, +∞ for a closed one.
    func addingOpenHours(_ work: Double, _ schedule: WeeklySchedule, from t: Double, offset: Double) -> Double {
        if schedule.isAlways { return t + work }
        let intervals = schedule.intervals
        guard !intervals.isEmpty else { return .infinity }
        let h = hourOfWeek(t, offset: offset)
        var weekStart = t - h
        var i = intervals.firstIndex { $0.end > h } ?? intervals.count
        if i == intervals.count { i = 0; weekStart += WeeklySchedule.hoursPerWeek }
        var left = work
        var now = t
        while true {
            let start = max(now, weekStart + intervals[i].start)
            let end = weekStart + intervals[i].end
            if end > start {
                if left <= end - start { return start + left }
                left -= end - start
                now = end
            }
            i += 1
            if i == intervals.count { i = 0; weekStart += WeeklySchedule.hoursPerWeek }
        }
    }

    /// Open hours of `schedule` (local at `offset`) between `a` and `b`.
    func openHours(_ schedule: WeeklySchedule, from a: Double, to b: Double, offset: Double) -> Double {
        guard b > a else { return 0 }
        if schedule.isAlways { return b - a }
        var total = 0.0
        var weekStart = a - hourOfWeek(a, offset: offset)
        while weekStart < b {
            for interval in schedule.intervals {
                let s = max(weekStart + interval.start, a), e = min(weekStart + interval.end, b)
                if e > s { total += e - s }
            }
            weekStart += WeeklySchedule.hoursPerWeek
        }
        return total
    }
}
