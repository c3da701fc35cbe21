import Testing
import SparesModel
@testable import SparesSim

/// SLA clocks and shipment departures at their boundaries, against hand-computed times. The scenario
/// starts on Monday 2027-01-04; places are at UTC+1, so local 08:00 Monday is simulation hour 7.
@Suite("Clocks and cutoffs")
struct ClockTests {
    static let start = CivilDate(year: 2027, month: 1, day: 4)!
    static let calendar = LocalCalendar(start: start)
    static let business = BusinessCalendar(
        schedule: WeeklySchedule(windows: [DailyWindow(days: 0b1_1111, from: 8, to: 18)]),
        holidays: [CivilDate(year: 2027, month: 1, day: 6)!], calendar: calendar)

    /// Simulation hour of local `hour` on day `day` (0 = Monday 2027-01-04) at UTC+1.
    static func t(_ day: Int, _ hour: Double) -> Double { Double(day) * 24 + hour - 1 }

    @Test("business-hours clock: starts at opening, carries over nights and skips holidays")
    func businessHours() {
        let timer = SLATimer(clock: .businessHours(target: 4), business: Self.business, offset: 1)
        #expect(timer.due(loggedAt: Self.t(0, 7)) == Self.t(0, 12))      // before opening: 08:00 + 4 h
        #expect(timer.due(loggedAt: Self.t(0, 16)) == Self.t(1, 10))     // 2 h Monday, 2 h Tuesday
        #expect(timer.due(loggedAt: Self.t(1, 17)) == Self.t(3, 11))     // 1 h Tuesday, Wednesday a holiday, 3 h Thursday
        #expect(timer.due(loggedAt: Self.t(4, 18)) == Self.t(7, 12))     // Friday at closing: next Monday
        #expect(timer.lateHours(due: Self.t(0, 17), actual: Self.t(1, 9)) == 2)
    }

    @Test("next business day: the cutoff itself still counts; after it, or on a weekend, a day later")
    func nextBusinessDay() {
        let timer = SLATimer(clock: .nextBusinessDay(cutoff: 15, due: 17), business: Self.business, offset: 1)
        #expect(timer.due(loggedAt: Self.t(0, 15)) == Self.t(1, 17))              // at the cutoff: Tuesday
        #expect(timer.due(loggedAt: Self.t(0, 15 + 1.0 / 3600)) == Self.t(3, 17)) // a second late: Wednesday is a holiday, Thursday
        #expect(timer.due(loggedAt: Self.t(4, 10)) == Self.t(7, 17))              // Friday: Monday
        #expect(timer.due(loggedAt: Self.t(5, 10)) == Self.t(8, 17))              // Saturday: counts from Monday, due Tuesday
        #expect(timer.lateHours(due: Self.t(1, 17), actual: Self.t(3, 9)) == 2)   // 1 h Tuesday, holiday, 1 h Thursday
    }

    @Test("a 24x7 clock is elapsed time")
    func continuous() {
        let timer = SLATimer(clock: .continuous(target: 4), business: Self.business, offset: 1)
        #expect(timer.due(loggedAt: 100.25) == 104.25)
        #expect(timer.lateHours(due: 104.25, actual: 110) == 5.75)
    }

    @Test("weighted hours integrate a weekly weight across weeks")
    func weights() {
        let profile = WeightProfile(
            windows: [WeightedWindow(window: WeeklySchedule(windows: [DailyWindow(days: 0b1_1111, from: 8, to: 18)]), weight: 3)],
            defaultWeight: 1)
        #expect(profile.perWeek == 50 * 3 + 118)
        #expect(profile.weightedHours(from: Self.t(0, 7), to: Self.t(0, 9), offset: 1, calendar: Self.calendar) == 1 + 3)
        #expect(profile.weightedHours(from: 0, to: 2 * 168, offset: 1, calendar: Self.calendar) == 2 * 268)
    }

    static let yaml = """
        version: 1
        scenario: {name: cutoffs, currency: EUR, horizon: 4w, warm_up: 0h, start: 2027-01-04}
        locations:
          - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 1, lead_time: 2d}
          - id: DEPOT
            echelon: central
            lat: 52.0
            lon: 5.0
            utc_offset: 1
            hours: {days: mon-fri, from: "08:00", to: "18:00"}
            pick: 30m
        parts:
          - {id: P, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP}
        equipment:
          - {id: E, repair_time: 1h, parts: [{part: P, quantity: 1, failure: {mtbf: 100000h}}]}
        sites:
          - {id: S, lat: 52.1, lon: 5.0, utc_offset: 1, contract: C, serving: [DEPOT], units: {E: 1}}
        modes: [{id: road, name: road}]
        lanes:
          - {from: DEPOT, to: S, mode: road, transit: 3h, cutoff: "16:00", days: mon-fri}
        technicians:
          - {id: T, base: DEPOT, headcount: 1, shifts: 24x7, skills: [], speed: 50}
        contracts:
          - {id: C, tier: 1, fee: 0, period: month, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
        policies:
          - {id: p, stock: {levels: [{location: DEPOT, part: P, level: 1}]}}
        """

    @Test("departures: pick in opening hours, leave at once up to the cutoff, else at the next operating day's opening")
    func departures() throws {
        let scenario = try OracleScenario.load(Self.yaml)
        let chain = ServiceChain(scenario: scenario, policy: 0, seed: 1, replication: 0, trace: false)
        let lane: Int32 = 0
        #expect(chain.departure(from: 1, lane: lane, readyFrom: Self.t(0, 10)) == Self.t(0, 10.5))
        #expect(chain.departure(from: 1, lane: lane, readyFrom: Self.t(0, 15.5)) == Self.t(0, 16))       // ready at the cutoff
        #expect(chain.departure(from: 1, lane: lane, readyFrom: Self.t(0, 15.5 + 1.0 / 60)) == Self.t(1, 8)) // a minute late
        #expect(chain.departure(from: 1, lane: lane, readyFrom: Self.t(4, 17)) == Self.t(7, 8))          // Friday evening
        #expect(chain.departure(from: 1, lane: lane, readyFrom: Self.t(5, 11)) == Self.t(7, 8.5))        // Saturday: picked Monday
        #expect(chain.departure(from: 1, lane: lane, readyFrom: Self.t(0, 6)) == Self.t(0, 8.5))         // before opening
    }
}
