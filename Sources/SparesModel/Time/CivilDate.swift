/// A calendar date (proleptic Gregorian), for the scenario's start, holidays and measurement periods.
///
/// Day arithmetic follows Howard Hinnant's `days_from_civil` algorithm, exact for every date that fits
/// an `Int`. No time zone is involved: dates are local to whoever reads them.
///
/// Stored in 6 bytes (an optional date in 7): an installed-base row carries two, and a base of millions
/// of rows is held by every scenario a run loads. Years are those of an `Int32`.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    private let storedYear: Int32
    private let storedMonth: UInt8
    private let storedDay: UInt8

    public var year: Int { Int(storedYear) }
    /// 1 … 12.
    public var month: Int { Int(storedMonth) }
    /// 1 … 31.
    public var day: Int { Int(storedDay) }

    public init?(year: Int, month: Int, day: Int) {
        guard let y = Int32(exactly: year), (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year)
        else { return nil }
        self.init(checked: y, UInt8(month), UInt8(day))
    }

    private init(checked year: Int32, _ month: UInt8, _ day: UInt8) {
        storedYear = year
        storedMonth = month
        storedDay = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: String) {
        let parts = text.trimmingWhitespace.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static let expectation = "a date YYYY-MM-DD"

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        // Every day number a scenario reaches (its start plus at most 50 years, a workbook's serial
        // days) is far inside the Int32 years.
        self.init(checked: Int32(yoe + era * 400 + (m <= 2 ? 1 : 0)), UInt8(m), UInt8(d))
    }

    /// Day of the week: 0 Monday … 6 Sunday.
    public var weekday: Int { ((dayNumber % 7) + 7 + 3) % 7 }

    /// The first day of the month `months` months after this date's month.
    public func firstOfMonth(after months: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        return CivilDate(year: index / 12, month: index % 12 + 1, day: 1)!
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

    public var description: String {
        func pad(_ v: Int, _ n: Int) -> String { String(repeating: "0", count: max(0, n - String(v).count)) + String(v) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

/// Days of the week, for opening hours, shifts, operating days and SLA windows.
public enum Weekday: Int, CaseIterable, Sendable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    public static let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    public var name: String { Weekday.names[rawValue] }
}
