import Foundation
import Testing
import SparesModel
import SparesSim
import SparesStatistics
@testable import SparesSim

/// Disruptions in time: the share of time a location is closed against its exact value, the fill a
/// closure costs against the demands that fell into it (counted from the trace, and in expectation
/// the closed share), shipments waiting for a lane that is down, lead times stretched by a delay,
/// no dispatch while a pool has nobody present, parts conserved, and the same disruptions for every
/// policy of a replication.
@Suite("Disruptions: closures, outages, delays, absences")
struct DisruptionTests {
    /// One site served first by an FSL and then by the depot; both hold far more than demand needs,
    /// so the FSL fills every demand while it is open and none while it is closed. Demand is Poisson
    /// at `rate` per hour (10,000 instances); the FSL delivers in 0 h, the depot in 1 h; purchases
    /// take exactly 10 h.
    static func fallback(rate: Double, horizon: Int, fslLevel: Int = 500, restock: String = "2h", risks: String) throws -> Scenario {
        let mtbf = 10_000 / rate
        return try OracleScenario.load("""
            version: 1
            scenario: {name: closures, currency: EUR, horizon: \(horizon)h, warm_up: 200h, start: 2027-01-04}
            locations:
              - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 10h}
              - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
              - {id: FSL, echelon: fsl, lat: 52.0, lon: 5.0, utc_offset: 0, source: DEPOT}
            parts:
              - {id: P, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP}
            equipment:
              - id: E
                repair_time: 1m
                parts: [{part: P, quantity: 10000, failure: {mtbf: \(mtbf)h}}]
            sites:
              - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [FSL, DEPOT], units: {E: 1}}
            modes: [{id: m, name: m}, {id: air, name: air}]
            lanes:
              - {from: FSL, to: S, mode: m, transit: 0h}
              - {from: DEPOT, to: S, mode: m, transit: 1h}
              - {from: DEPOT, to: FSL, mode: m, transit: \(restock)}
            technicians:
              - {id: T, base: DEPOT, headcount: 10000, shifts: 24x7, skills: [], speed: 50}
            contracts:
              - {id: C, tier: 1, fee: 0, period: month, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
            policies:
              - id: p
                stock: {levels: [{location: FSL, part: P, level: \(fslLevel)}, {location: DEPOT, part: P, level: 500}]}
              - id: q
                stock: {levels: [{location: FSL, part: P, level: 400}, {location: DEPOT, part: P, level: 600}]}
            risks:
            \(risks)
            """)
    }

    static let seed: UInt64 = UInt64(ProcessInfo.processInfo.environment["SPARES_TEST_SEED"] ?? "") ?? 11

    @Test("Poisson closures of 100 h at 20 a year: the FSL is closed 1 − e^(−νd) of the time, and its fill is 1 minus that")
    func closedShareAndFill() throws {
        let scenario = try Self.fallback(rate: 0.05, horizon: 8_766, risks: "  - {id: flood, kind: closure, rate_per_year: 20, duration: 100h, locations: [FSL]}")
        let nu = 20.0 / 8_766, d = 100.0
        var closed = RunningStatistics(), fill = RunningStatistics()
        for r in 0..<120 {
            let result = Replication.run(scenario, policy: 0, seed: Self.seed, replication: UInt64(r)).result
            closed.add(try #require(result.risks?.first?.hours) / 8_766)
            fill.add(try #require(result.stock.first { $0.location == "FSL" }).fillRate)
        }
        let exact = 1 - exp(-nu * d)
        #expect(closed.confidenceInterval(level: 0.999).contains(exact), "closed \(closed.mean) against \(exact)")
        // Poisson demands see time averages: the fill lost is the closed share.
        #expect(fill.confidenceInterval(level: 0.999).contains(1 - exact), "fill \(fill.mean) against \(1 - exact)")
        #expect(closed.confidenceInterval(level: 0.999).halfWidth < 0.03)
    }

    @Test("the fill lost is exactly the demands that fell into a closure, each served by the depot in 1 h instead")
    func fillLostByHand() throws {
        let scenario = try Self.fallback(rate: 0.05, horizon: 4_000, risks: "  - {id: flood, kind: closure, rate_per_year: 30, duration: {dist: exponential, mean: 60h}, locations: [FSL]}")
        let fsl = try #require(scenario.locations.firstIndex { $0.id == "FSL" })
        for r in 0..<6 {
            let outcome = Replication.run(scenario, policy: 0, seed: Self.seed, replication: UInt64(r), trace: true)
            let spans = RiskDraws(scenario: scenario, seed: Self.seed, replication: UInt64(r)).disruptions.closed[fsl]
            let measured = outcome.trace.records.filter { $0.event == .failure && $0.time >= 200 && $0.time < 4_200 }
            let inClosure = measured.filter { spans.contains($0.time) }.count
            let point = try #require(outcome.result.stock.first { $0.location == "FSL" })
            let lost = point.demands - Int((point.fillRate * Double(point.demands)).rounded())
            #expect(point.demands == measured.count)
            #expect(lost == inClosure, "replication \(r): \(lost) lost against \(inClosure) demands while closed")
            // Every demand in a closure was shipped by the depot (1 h), none picked at the FSL then.
            let fslPicks = outcome.trace.records.filter { $0.event == .shelf && $0.location == Int32(fsl) }
            #expect(!fslPicks.contains { spans.contains($0.time) })
            #expect(outcome.result.census.allSatisfy { $0.balance == 0 })
        }
    }

    @Test("while the FSL is closed, shipments to it wait at its door and are put away when it reopens")
    func receiptsWait() throws {
        // The FSL stocks 1, so every demand orders a replacement from the depot (24 h away): some of
        // those arrive while the FSL is closed and must be put away at the reopening, not before.
        let s = try Self.fallback(rate: 0.05, horizon: 4_000, fslLevel: 1, restock: "24h", risks: "  - {id: flood, kind: closure, rate_per_year: 40, duration: 30h, locations: [FSL]}")
        let fsl = 2
        for r in 0..<4 {
            let outcome = Replication.run(s, policy: 0, seed: Self.seed, replication: UInt64(r), trace: true)
            let spans = RiskDraws(scenario: s, seed: Self.seed, replication: UInt64(r)).disruptions.closed[fsl]
            let arrivals = outcome.trace.records.filter { $0.event == .stockArrived && $0.location == Int32(fsl) }
            #expect(!arrivals.isEmpty)
            #expect(!arrivals.contains { spans.contains($0.time) })
            #expect(arrivals.contains { t in spans.ends.contains(t.time) }, "replication \(r): no arrival waited for a reopening")
            #expect(outcome.result.census.allSatisfy { $0.balance == 0 })
        }
    }

    @Test("a lane down: nothing departs on it during an outage; a shipment ready in one leaves when it ends")
    func outageWaits() throws {
        let scenario = try Self.fallback(rate: 0.05, horizon: 4_000, risks: "  - {id: network, kind: outage, rate_per_year: 40, duration: 24h, modes: [m], locations: [FSL]}")
        let fslLane = try #require(scenario.lanes.lanes.firstIndex { $0.from == .location(2) && $0.mode == 0 })
        for r in 0..<4 {
            let outcome = Replication.run(scenario, policy: 0, seed: Self.seed, replication: UInt64(r), trace: true)
            let spans = RiskDraws(scenario: scenario, seed: Self.seed, replication: UInt64(r)).disruptions.down[fslLane]
            var waited = 0
            for record in outcome.trace.records where record.event == .shipToSite && record.location == 2 {
                // "m departs D arrives A"
                let words = record.detail.split(separator: " ")
                // The trace writes times to the millisecond hour (0.001 h).
                let departs = try #require(Double(words[2]))
                #expect(!spans.contains(departs + 0.001), "departs at \(departs) inside an outage")
                if spans.contains(record.time) {
                    #expect(abs(departs - spans.clear(from: record.time)) <= 0.0005)
                    waited += 1
                } else {
                    #expect(abs(departs - record.time) <= 0.0005)
                }
            }
            #expect(waited > 0)
        }
    }

    @Test("a supplier delay of factor 3: purchases placed in it take 30 h (overlapping occurrences too), the others 10 h")
    func delayStretchesLeadTimes() throws {
        let scenario = try Self.fallback(rate: 0.05, horizon: 4_000, risks: "  - {id: strike, kind: delay, rate_per_year: 20, duration: 200h, multiplier: 3, suppliers: [SUP]}")
        for r in 0..<4 {
            let outcome = Replication.run(scenario, policy: 0, seed: Self.seed, replication: UInt64(r), trace: true)
            let windows = RiskDraws(scenario: scenario, seed: Self.seed, replication: UInt64(r)).windows[0]
            var inside = 0, outside = 0
            for record in outcome.trace.records where record.event == .purchase {
                let last = record.detail.split(separator: " ").last.map(String.init) ?? ""
                let arrives = try #require(Double(last))
                let delayed = windows.contains { $0.start <= record.time && record.time < $0.end }
                #expect(abs(arrives - record.time - (delayed ? 30 : 10)) <= 0.0005)
                if delayed { inside += 1 } else { outside += 1 }
            }
            #expect(inside > 0 && outside > 0)
        }
    }

    @Test("staffing by month: a pool with nobody present in February dispatches nobody then, and its queue at March 1")
    func staffing() throws {
        // Start Monday 2027-01-04: February 1 is hour 672, March 1 hour 1,344.
        let text = OracleScenario.technicianPool(technicians: 1, rate: 0.05, repairHours: 1, horizon: 2_000)
            + "\nrisks:\n  - {id: holidays, kind: staffing, monthly: [1, 0.01, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], pools: [T]}\n"
        let scenario = try OracleScenario.load(text)
        for r in 0..<3 {
            let outcome = Replication.run(scenario, policy: 0, seed: Self.seed, replication: UInt64(r), trace: true)
            let dispatched = outcome.trace.records.filter { $0.event == .technicianDispatched }.map(\.time)
            #expect(!dispatched.contains { $0 >= 672 && $0 < 1_344 })
            #expect(dispatched.contains(1_344), "replication \(r): nothing waited through February")
            #expect(outcome.trace.records.contains { $0.event == .staffing && $0.time == 672 })
        }
    }

    @Test("an absence of every technician: no dispatch inside its windows")
    func absence() throws {
        let text = OracleScenario.technicianPool(technicians: 2, rate: 0.05, repairHours: 1, horizon: 4_000)
            + "\nrisks:\n  - {id: flu, kind: absence, rate_per_year: 30, duration: 48h, share: 1, pools: [T]}\n"
        let scenario = try OracleScenario.load(text)
        for r in 0..<3 {
            let outcome = Replication.run(scenario, policy: 0, seed: Self.seed, replication: UInt64(r), trace: true)
            let windows = RiskDraws(scenario: scenario, seed: Self.seed, replication: UInt64(r)).windows[0]
            let dispatched = outcome.trace.records.filter { $0.event == .technicianDispatched }.map(\.time)
            #expect(!dispatched.contains { t in windows.contains { $0.start <= t && t < $0.end } })
            #expect(!dispatched.isEmpty && windows.contains { $0.start > 0 && $0.start < 4_200 })
        }
    }

    @Test("every kind of disruption at once, at high rates: no part is created or lost, in every policy")
    func conservation() throws {
        let scenario = try Self.fallback(rate: 0.05, horizon: 4_000, risks: """
              - {id: flood, kind: closure, rate_per_year: 30, duration: {dist: exponential, mean: 60h}, locations: [FSL]}
              - {id: depot-strike, kind: closure, rate_per_year: 10, duration: 48h, locations: [DEPOT]}
              - {id: network, kind: outage, rate_per_year: 20, duration: 24h, modes: [m]}
              - {id: strike, kind: delay, rate_per_year: 10, duration: 200h, multiplier: {dist: uniform, min: 2, max: 4}, suppliers: [SUP]}
              - {id: flu, kind: absence, rate_per_year: 10, duration: 48h, share: 0.5, pools: [T]}
            """)
        for policy in scenario.policies.indices {
            for r in 0..<3 {
                let result = Replication.run(scenario, policy: policy, seed: Self.seed, replication: UInt64(r)).result
                for census in result.census { #expect(census.balance == 0, "\(census)") }
                #expect(result.incidents.failures > 0)
            }
        }
    }

    @Test("two policies of one replication see the same disruptions, read back from their traces")
    func sameWorld() throws {
        let text = try InvariantTests.minimalText + """

            risks:
              - {id: depot-flood, kind: closure, rate_per_year: 6, duration: {dist: lognormal, mean: 2d, cv: 0.5}, locations: [DEPOT-UTR]}
              - {id: courier-down, kind: outage, rate_per_year: 6, duration: 1d, modes: [courier]}
              - {id: psu-allocation, kind: delay, rate_per_year: 3, duration: 30d, multiplier: {dist: uniform, min: 1.5, max: 3}, suppliers: [SUP-PSU]}
              - {id: flu, kind: absence, rate_per_year: 4, duration: 10d, share: {dist: uniform, min: 0.3, max: 0.7}, pools: [TECH-NL]}
              - {id: holidays, kind: staffing, monthly: [1, 1, 1, 1, 1, 1, 0.7, 0.5, 1, 1, 1, 1], pools: [TECH-NL]}
            """
        let scenario = try OracleScenario.load(text)
        func world(_ policy: Int) -> [String] {
            OracleScenario.traceLines(scenario, policy: policy, seed: 21, replication: 3, containing: [",disruption_", ",staffing,"])
        }
        let a = world(0), b = world(1)
        #expect(a == b)
        for kind in ["closure", "outage", "delay", "absence"] { #expect(a.contains { $0.contains(" \(kind)") }, "no \(kind) in \(a)") }
        #expect(a.contains { $0.contains(",staffing,") })
        for policy in scenario.policies.indices {
            let result = Replication.run(scenario, policy: policy, seed: 21, replication: 3).result
            for census in result.census { #expect(census.balance == 0, "\(census)") }
        }
    }

    @Test("spans merge overlapping windows; clear and contains read them half-open; covered hours by hand")
    func spans() {
        let s = DownSpans([(10, 20), (15, 30), (40, 50), (50, 55), (60, 60)])
        #expect(s.starts == [10, 40] && s.ends == [30, 55])
        #expect(s.clear(from: 5) == 5 && s.clear(from: 10) == 30 && s.clear(from: 29.5) == 30 && s.clear(from: 30) == 30)
        #expect(s.clear(from: 45) == 55 && s.clear(from: 56) == 56)
        #expect(s.contains(10) && !s.contains(30) && !s.contains(35))
        // The hours the merged spans cover are the windows' covered hours, as replications report them.
        let windows = [(10.0, 20.0, 1.0), (15, 30, 1), (40, 50, 1), (50, 55, 1), (60, 60, 1)].map { (start: $0.0, end: $0.1, factor: $0.2) }
        #expect(RiskDraws.coveredHours(windows, from: 0, to: 100) == 35 && RiskDraws.coveredHours(windows, from: 25, to: 45) == 10)
    }
}
