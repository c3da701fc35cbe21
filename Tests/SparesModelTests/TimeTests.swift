import Testing
@testable import SparesModel

@Suite("Calendar dates and weekly windows")
struct TimeTests {
    @Test("civil dates: weekdays, day numbers, leap years, month arithmetic")
    func dates() throws {
        #expect(CivilDate("1970-01-01")?.dayNumber == 0)
        #expect(CivilDate("1970-01-01")?.weekday == 3)  // a Thursday
        #expect(CivilDate("2027-01-04")?.weekday == 0)  // a Monday
        #expect(CivilDate("2000-03-01")?.dayNumber == 11_017)
        #expect(CivilDate("2024-02-29") != nil)
        #expect(CivilDate("2027-02-29") == nil)
        #expect(CivilDate("2027-13-01") == nil)
        #expect(CivilDate("27-01-01") == nil)
        for n in stride(from: -800_000, to: 800_000, by: 997) {
            #expect(CivilDate(dayNumber: n).dayNumber == n)
        }
        #expect(CivilDate("2027-11-15")!.firstOfMonth(after: 3).description == "2028-02-01")
    }

    @Test("windows: business hours, overnight shifts wrapping the week, overlap")
    func windows() {
        let business = DailyWindow(days: 0x1F, from: 8, to: 18)
        #expect(WeeklySchedule(windows: [business]).hoursPerWeek == 50)
        let night = DailyWindow(days: 1 << 6, from: 22, to: 6)  // Sunday 22:00 to Monday 06:00
        let schedule = WeeklySchedule(windows: [night])
        #expect(schedule.hoursPerWeek == 8)
        #expect(schedule.contains(hourOfWeek: 167))
        #expect(schedule.contains(hourOfWeek: 5.5))
        #expect(!schedule.contains(hourOfWeek: 6))
        #expect(schedule.contains(hourOfWeek: 168 + 1))
        #expect(night.overlaps(DailyWindow(days: 1, from: 5, to: 9)))
        #expect(!night.overlaps(business))
    }

    @Test("great-circle distance: Paris to London is 343.5 km")
    func distance() {
        let paris = Coordinate(latitude: 48.8566, longitude: 2.3522)
        let london = Coordinate(latitude: 51.5074, longitude: -0.1278)
        #expect(abs(paris.distance(to: london) - 343.5) < 0.5)
        #expect(paris.distance(to: paris) == 0)
    }
}
