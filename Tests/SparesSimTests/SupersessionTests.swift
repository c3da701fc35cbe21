import Foundation
import Testing
import SparesModel
@testable import SparesSim
import SparesStatistics

/// Supersession: a part replaced by a successor from a day on. The instances still carrying the old
/// part follow it out (each fails at its own rate and is replaced by the successor), the old stock is
/// scrapped or used up first, nobody buys the old part after the day, and every part balances.
@Suite("Supersession")
struct SupersessionTests {
    /// One depot (both parts bought in 1 h), one site whose unit carries 1,000 instances of A, each
    /// failing at 1/100 h; A is superseded by B on 2027-01-14 (hour 240 of a 500 h run, no
    /// warm-up). Parts reach the site at once and a technician on site swaps in a minute, so an
    /// instance is down for about a minute.
    static func yaml(oldStock: String, repairable: Bool = false, stream: Bool = false) -> String {
        let a = repairable
            ? "{id: A, cost: 100, holding_rate: 20%, type: repairable, supplier: SUP, superseded: {by: B, from: 2027-01-14, old_stock: \(oldStock)}, repair: {vendor: REP, return_leg: 0h, turnaround: 20h, return_to: DEPOT, removed: at_failure}}"
            : "{id: A, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP, superseded: {by: B, from: 2027-01-14, old_stock: \(oldStock)}}"
        return """
            version: 1
            scenario: {name: supersession, currency: EUR, horizon: 500h, warm_up: 0h, start: 2027-01-04}
            locations:
              - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 1h}
              - {id: REP, echelon: repair, lat: 52.0, lon: 5.0, utc_offset: 0}
              - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0, source: SUP}
            parts:
              - \(a)
              - {id: B, cost: 120, holding_rate: 20%, type: consumable, supplier: SUP}
            equipment:
              - {id: E, repair_time: 1m, parts: [{part: A, quantity: 1000, failure: {mtbf: 100h}}]}
            sites:
              - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [DEPOT], units: {E: 1}}
            \(stream ? "demand_streams: [{location: DEPOT, part: A, rate: 1, per: hour}]" : "")
            modes: [{id: m, name: m}]
            lanes:
              - {from: SUP, to: DEPOT, mode: m, transit: 0h}
              - {from: REP, to: DEPOT, mode: m, transit: 0h}
              - {from: DEPOT, to: S, mode: m, transit: 0h}
            technicians:
              - {id: T, lat: 52.0, lon: 5.0, utc_offset: 0, headcount: 1000, shifts: 24x7, skills: [], speed: 50}
            contracts:
              - {id: C, tier: 1, fee: 0, period: month, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
            policies:
              - id: p
                stock: {levels: [{location: DEPOT, part: A, level: 30}, {location: DEPOT, part: B, level: 30}]}
            """
    }

    static let day = 240.0, end = 500.0, mtbf = 100.0

    /// With the old stock scrapped: every failure from the day asks for B; the 1,000 instances that
    /// carry A at the day each fail after their own exponential life and take B, so A is still
    /// installed at the end on 1,000 × e^−(500 − 240)/100 = 74.27 instances (binomial; the instance or
    /// so down at the day is within the interval). No A is bought after the day; its shelf goes to
    /// scrap at the day.
    @Test("Scrapped old stock: instances carry A until they fail, B from then; A no longer bought")
    func scrapped() throws {
        let scenario = try OracleScenario.load(Self.yaml(oldStock: "scrap"))
        var installedA = RunningStatistics()
        for r in 0..<10 {
            let outcome = Replication.run(scenario, policy: 0, seed: OracleScenario.seed, replication: UInt64(r), trace: true)
            let result = outcome.result, records = outcome.trace.records
            #expect(result.census.allSatisfy { $0.balance == 0 }, "\(result.census)")
            let a = try #require(result.census.first { $0.part == "A" }), b = try #require(result.census.first { $0.part == "B" })
            installedA.add(Double(a.installed))
            // A failed part stays installed until its swap (removed at the swap): every instance
            // carries exactly one of the two.
            #expect(a.installed + b.installed == 1000, "\(a) \(b)")
            #expect(!records.contains { $0.event == .failure && $0.time >= Self.day && $0.part == 0 }, "an A asked for after the day")
            #expect(!records.contains { $0.event == .purchase && $0.time >= Self.day && $0.part == 0 }, "an A bought after the day")
            let day = try #require(records.first { $0.event == .superseded })
            #expect(day.time == Self.day && day.detail.contains("scrapped"))
            #expect(a.onHand == 0)
        }
        let ci = installedA.confidenceInterval(level: 0.999)
        let expected = 1000 * exp(-(Self.end - Self.day) / Self.mtbf)
        #expect(ci.contains(expected), "A installed at the end \(ci) vs \(expected)")
    }

    /// Used up first: from the day a failure takes A while the depot's shelf holds one (its 30 on
    /// hand and what was on order then, with no A bought after), then B. So A's shelf and pipeline
    /// end empty, the failures asking for A after the day are at least the 30 on the shelf, all
    /// within hours (10 failures an hour), and none after.
    @Test("Old stock used up first: A from the shelf until it is gone, then B")
    func usedUp() throws {
        let scenario = try OracleScenario.load(Self.yaml(oldStock: "use_up"))
        for r in 0..<5 {
            let outcome = Replication.run(scenario, policy: 0, seed: OracleScenario.seed, replication: UInt64(r), trace: true)
            let result = outcome.result, records = outcome.trace.records
            #expect(result.census.allSatisfy { $0.balance == 0 })
            let a = try #require(result.census.first { $0.part == "A" })
            #expect(a.onHand == 0 && a.inTransit == 0, "\(a)")
            let askedA = records.filter { $0.event == .failure && $0.time >= Self.day && $0.part == 0 }.map(\.time)
            #expect(askedA.count >= 30, "\(askedA.count)")
            #expect((askedA.max() ?? 0) < Self.day + 12, "\(askedA.max() ?? 0)")
            #expect(!records.contains { $0.event == .purchase && $0.time >= Self.day && $0.part == 0 })
            // The old stock lasts: after the day B is first asked for once A's shelf is empty.
            let firstB = try #require(records.first { $0.event == .failure && $0.part == 1 }).time
            #expect(firstB >= Self.day)
        }
    }

    /// A repairable old part that is used up keeps coming back from repair to its shelf, and is
    /// used again while it does; a demand stream for it moves to B like a failure. Parts balance.
    @Test("Repairable old part used up through its repair loop; streams follow; parts balance")
    func repairableAndStreams() throws {
        let scenario = try OracleScenario.load(Self.yaml(oldStock: "use_up", repairable: true, stream: true))
        let outcome = Replication.run(scenario, policy: 0, seed: OracleScenario.seed, replication: 0, trace: true)
        #expect(outcome.result.census.allSatisfy { $0.balance == 0 }, "\(outcome.result.census)")
        let records = outcome.trace.records
        // Repaired A units (20 h) come back after the day and are fitted again.
        let lastA = records.filter { $0.event == .failure && $0.part == 0 }.map(\.time).max() ?? 0
        #expect(lastA > Self.day + 12, "\(lastA)")
        #expect(records.contains { $0.event == .streamDemand && $0.time >= Self.day && $0.part == 1 })
        let scrap = try OracleScenario.load(Self.yaml(oldStock: "scrap", repairable: true, stream: true))
        let scrapped = Replication.run(scrap, policy: 0, seed: OracleScenario.seed, replication: 0).result
        #expect(scrapped.census.allSatisfy { $0.balance == 0 }, "\(scrapped.census)")
        #expect(try #require(scrapped.census.first { $0.part == "A" }).onHand == 0)
    }

    /// Refused with the place: a part its own successor, a successor superseded itself, an unknown
    /// successor, an unknown old-stock rule, a superseded part with a planned-swap rule.
    @Test("Supersession errors are located")
    func errors() throws {
        let good = Self.yaml(oldStock: "scrap")
        func diagnostics(_ text: String) -> [String] {
            ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": text])).diagnostics.all.map { "\($0)" }.filter { $0.contains("error:") }
        }
        #expect(diagnostics(good).isEmpty, "\(diagnostics(good))")
        let cases: [(String, String, String)] = [
            ("superseded: {by: B,", "superseded: {by: A,", "another part as the successor"),
            ("{id: B, cost: 120, holding_rate: 20%, type: consumable, supplier: SUP}",
             "{id: B, cost: 120, holding_rate: 20%, type: consumable, supplier: SUP, superseded: {by: A, from: 2027-02-01}}", "not superseded itself"),
            ("superseded: {by: B,", "superseded: {by: BB,", "'BB'"),
            ("old_stock: scrap", "old_stock: sell", "use_up"),
            ("level: 30}]}", "level: 30}]}\n    preventive: [{part: A, age: 100h, window: 24x7}]", "without a planned-swap rule"),
        ]
        for (old, new, expected) in cases {
            let text = good.replacingOccurrences(of: old, with: new)
            #expect(text != good, "case \(expected) did not apply")
            let errors = diagnostics(text)
            #expect(errors.contains { $0.contains(expected) && $0.contains("s.yaml:") }, "\(expected): \(errors)")
        }
    }
}
