import Testing
@testable import SparesModel

@Suite("Units")
struct UnitParsingTests {
    @Test("durations convert to hours", arguments: [
        ("30m", 0.5), ("4h", 4.0), ("2d", 48.0), ("1w", 168.0), ("90s", 0.025), ("1.5d", 36.0), (" 8h ", 8.0), ("0h", 0.0),
    ])
    func durations(_ text: String, _ hours: Double) {
        #expect(DurationParser.hours(text) == hours)
    }

    @Test("bare numbers, unknown units and junk are refused", arguments: ["6", "4 hours", "h", "4x", "", "inf h", "nanh", "4hh"])
    func badDurations(_ text: String) {
        #expect(DurationParser.hours(text) == nil)
    }

    @Test("times of day", arguments: [("08:00", 8.0), ("17:30", 17.5), ("00:00", 0.0), ("24:00", 24.0)])
    func timesOfDay(_ text: String, _ hours: Double) {
        #expect(TimeOfDayParser.hours(text) == hours)
    }

    @Test("bad times of day", arguments: ["8:00", "24:30", "25:00", "12:60", "noon", "12", "12:00:00"])
    func badTimesOfDay(_ text: String) {
        #expect(TimeOfDayParser.hours(text) == nil)
    }

    @Test("did-you-mean finds typos, not unrelated words")
    func suggestions() {
        let keys = ["lead_time", "holding_rate", "unit_cost", "repairable"]
        #expect(Suggestion.closest(to: "lead_tiem", in: keys) == "lead_time")
        #expect(Suggestion.closest(to: "Unit_Cost", in: keys) == "unit_cost")
        #expect(Suggestion.closest(to: "repariable", in: keys) == "repairable")
        #expect(Suggestion.closest(to: "colour", in: keys) == nil)
    }
}
