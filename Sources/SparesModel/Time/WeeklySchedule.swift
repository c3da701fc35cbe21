/// A set of local weekly time intervals: opening hours, shifts, business hours, SLA weight windows.
///
/// Stored as sorted, disjoint half-open intervals in hours of the local week, Monday 00:00 = 0 to
/// Sunday 24:00 = 168. A window that runs past midnight (`22:00-06:00`) is split at the week's end
/// when it wraps from Sunday to Monday.
public struct WeeklySchedule: Hashable, Sendable {
    public private(set) var intervals: [Interval]

    public struct Interval: Hashable, Sendable {
        /// Hours after Monday 00:00, local.
        public var start: Double
        public var end: Double
    }

    public static let hoursPerWeek = 168.0

    /// Every hour of the week.
    public static let always = WeeklySchedule(uncheckedIntervals: [Interval(start: 0, end: hoursPerWeek)])
    public static let never = WeeklySchedule(uncheckedIntervals: [])

    init(uncheckedIntervals: [Interval]) {
        intervals = uncheckedIntervals
    }

    /// The union of `windows`; `overlaps` returns whether two windows share time (which callers may
    /// refuse).
    public init(windows: [DailyWindow]) {
        var list: [Interval] = []
        for window in windows { list.append(contentsOf: window.intervals) }
        list.sort { $0.start < $1.start }
        var merged: [Interval] = []
        for interval in list {
            if let last = merged.last, interval.start <= last.end {
                merged[merged.count - 1].end = max(last.end, interval.end)
            } else {
                merged.append(interval)
            }
        }
        intervals = merged
    }

    /// Whether the local hour of the week `h` (any real, taken modulo 168) lies inside.
    public func contains(hourOfWeek h: Double) -> Bool {
        let x = h.truncatingRemainder(dividingBy: Self.hoursPerWeek)
        let t = x < 0 ? x + Self.hoursPerWeek : x
        return intervals.contains { t >= $0.start && t < $0.end }
    }

    /// Open hours per week.
    public var hoursPerWeek: Double { intervals.reduce(0) { $0 + $1.end - $1.start } }

    public var isAlways: Bool { hoursPerWeek >= Self.hoursPerWeek }
}

/// A window written as days and a daily time span: `{days: mon-fri, from: 08:00, to: 18:00}`.
/// `to` at or before `from` means the window runs past midnight into the next day.
public struct DailyWindow: Hashable, Sendable {
    /// Bit `d` set when the window starts on weekday `d` (0 = Monday).
    public var days: UInt8
    /// Hours after local midnight.
    public var from: Double
    public var to: Double

    public init(days: UInt8, from: Double, to: Double) {
        self.days = days
        self.from = from
        self.to = to
    }

    /// The window's intervals in hours of the week.
    public var intervals: [WeeklySchedule.Interval] {
        var result: [WeeklySchedule.Interval] = []
        let length = to > from ? to - from : to + 24 - from
        for day in 0..<7 where days & (1 << day) != 0 {
            let start = Double(day) * 24 + from
            let end = start + length
            if end <= WeeklySchedule.hoursPerWeek {
                result.append(.init(start: start, end: end))
            } else {
                result.append(.init(start: start, end: WeeklySchedule.hoursPerWeek))
                result.append(.init(start: 0, end: end - WeeklySchedule.hoursPerWeek))
            }
        }
        return result
    }

    /// Whether this window and `other` share any time.
    public func overlaps(_ other: DailyWindow) -> Bool {
        for a in intervals {
            for b in other.intervals where a.start < b.end && b.start < a.end { return true }
        }
        return false
    }
}
