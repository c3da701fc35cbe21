import SparesModel

/// A contract's business days and hours at one UTC offset: the arithmetic behind business-hours and
/// next-business-day SLA clocks.
///
/// Business hours are the contract's weekly local schedule; holidays remove whole local dates. All
/// times in and out are simulation hours (UTC from the scenario start).
struct BusinessCalendar: Sendable {
    let calendar: LocalCalendar
    /// Per local weekday, the day's business intervals in local hours after midnight.
    let hoursByWeekday: [[(start: Double, end: Double)]]
    /// Holidays as day numbers (days since 1970-01-01).
    let holidays: Set<Int>
    /// No business day within this many days means the schedule is empty; clocks then never expire.
    static let searchLimitDays = 3_700

    init(schedule: WeeklySchedule, holidays: Set<CivilDate>, calendar: LocalCalendar) {
        self.calendar = calendar
        var byDay = [[(start: Double, end: Double)]](repeating: [], count: 7)
        for interval in schedule.intervals {
            for d in 0..<7 {
                let lo = max(interval.start, Double(d) * 24)
                let hi = min(interval.end, Double(d + 1) * 24)
                if hi > lo { byDay[d].append((lo - Double(d) * 24, hi - Double(d) * 24)) }
            }
        }
        hoursByWeekday = byDay
        self.holidays = Set(holidays.map(\.dayNumber))
    }

    /// Business intervals of local day `day` (empty on holidays and days without hours).
    @inline(__always)
    func intervals(day: Int) -> [(start: Double, end: Double)] {
        let list = hoursByWeekday[calendar.weekday(ofDay: day)]
        if list.isEmpty || holidays.contains(calendar.startDay + day) { return [] }
        return list
    }

    func isBusinessDay(_ day: Int) -> Bool { !intervals(day: day).isEmpty }

    /// The first business day after `day`, or nil when none comes within the search limit.
    func nextBusinessDay(after day: Int) -> Int? {
        var d = day + 1
        while d <= day + Self.searchLimitDays {
            if isBusinessDay(d) { return d }
            d += 1
        }
        return nil
    }

    /// Business hours between times `a` and `b` (0 when b ≤ a).
    func businessHours(from a: Double, to b: Double, offset: Double) -> Double {
        guard b > a else { return 0 }
        var total = 0.0
        let first = calendar.day(a, offset: offset)
        let last = calendar.day(b, offset: offset)
        var d = first
        while d <= last {
            for interval in intervals(day: d) {
                let lo = max(a, calendar.time(day: d, hour: interval.start, offset: offset))
                let hi = min(b, calendar.time(day: d, hour: interval.end, offset: offset))
                if hi > lo { total += hi - lo }
            }
            d += 1
        }
        return total
    }

    /// The time at which `hours` business hours have passed after `a`; +∞ when business hours never
    /// come.
    func adding(_ hours: Double, to a: Double, offset: Double) -> Double {
        var left = hours
        var d = calendar.day(a, offset: offset)
        let limit = d + Self.searchLimitDays
        while d <= limit {
            for interval in intervals(day: d) {
                let lo = max(a, calendar.time(day: d, hour: interval.start, offset: offset))
                let hi = calendar.time(day: d, hour: interval.end, offset: offset)
                guard hi > lo else { continue }
                if hi - lo >= left { return lo + left }
                left -= hi - lo
            }
            d += 1
        }
        return .infinity
    }

    /// Due time of a next-business-day clock for an incident logged at `t`: a call on a business day
    /// at or before `cutoff` (local) is due at `due` on the next business day; a later call, or one on
    /// a non-business day, counts from the following business day.
    func nextBusinessDayDue(loggedAt t: Double, cutoff: Double, due: Double, offset: Double) -> Double {
        let day = calendar.day(t, offset: offset)
        let hour = t + offset - Double(day) * 24
        let effective: Int?
        if isBusinessDay(day) && hour <= cutoff {
            effective = day
        } else {
            effective = nextBusinessDay(after: day)
        }
        guard let start = effective, let dueDay = nextBusinessDay(after: start) else { return .infinity }
        return calendar.time(day: dueDay, hour: due, offset: offset)
    }
}

/// An SLA clock applied at one site: due times and lateness.
struct SLATimer: Sendable {
    let clock: SLAClock
    let business: BusinessCalendar
    let offset: Double

    /// When an incident logged at `t` is due.
    func due(loggedAt t: Double) -> Double { Self.due(clock, business, offset: offset, loggedAt: t) }

    /// Hours late by this clock when the target event happens at `actual` and was due at `due`:
    /// elapsed hours for 24x7 clocks, business hours otherwise.
    func lateHours(due: Double, actual: Double) -> Double { Self.lateHours(clock, business, offset: offset, due: due, actual: actual) }

    /// `due(loggedAt:)` without building a timer: the event loop passes the contract's calendar in
    /// place (borrowed, not copied).
    static func due(_ clock: SLAClock, _ business: BusinessCalendar, offset: Double, loggedAt t: Double) -> Double {
        switch clock {
        case .continuous(let target): t + target
        case .businessHours(let target): business.adding(target, to: t, offset: offset)
        case .nextBusinessDay(let cutoff, let due): business.nextBusinessDayDue(loggedAt: t, cutoff: cutoff, due: due, offset: offset)
        }
    }

    static func lateHours(_ clock: SLAClock, _ business: BusinessCalendar, offset: Double, due: Double, actual: Double) -> Double {
        guard actual > due else { return 0 }
        switch clock {
        case .continuous: return actual - due
        case .businessHours, .nextBusinessDay: return business.businessHours(from: due, to: actual, offset: offset)
        }
    }
}
