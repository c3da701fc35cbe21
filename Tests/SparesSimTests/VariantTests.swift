import Foundation
import Testing
import SparesModel
import SparesStatistics
@testable import SparesSim

/// What-if variants in the simulation: a demand factor multiplies failures by itself while the stock
/// plan stays the one resolved on the scenario as written, a closed FSL's sites are served by their
/// next serving location, and units a variant leaves unchanged keep their random streams.
@Suite("What-if variants")
struct VariantTests {
    /// Two sites: S1 served by FSL-A, then the depot; S2 by FSL-B, then FSL-A. Stock and technicians
    /// far beyond demand and every transit deterministic, so that a part is replaced within minutes
    /// of its failure and nothing but the variant's change differs between runs.
    static let yaml = """
        version: 1
        scenario: {name: variants, currency: EUR, horizon: 4000h, warm_up: 200h, start: 2027-01-04}
        locations:
          - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 100h}
          - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
          - {id: FSL-A, echelon: fsl, lat: 52.0, lon: 5.0, utc_offset: 0, source: DEPOT}
          - {id: FSL-B, echelon: fsl, lat: 52.0, lon: 5.0, utc_offset: 0, source: DEPOT}
        parts:
          - {id: P, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP}
        equipment:
          - id: E
            repair_time: 1m
            parts: [{part: P, quantity: 2000, failure: {mtbf: 20000h}}]
        sites:
          - {id: S1, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [FSL-A, DEPOT], units: {E: 2}}
          - {id: S2, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [FSL-B, FSL-A], units: {E: 2}}
        modes: [{id: van, name: van}, {id: bike, name: bike}]
        lanes:
          - {from: FSL-A, to: S1, mode: bike, transit: 0h}
          - {from: FSL-B, to: S2, mode: bike, transit: 0h}
          - {from: FSL-A, to: S2, mode: van, transit: 2h}
          - {from: DEPOT, to: S1, mode: van, transit: 1h}
          - {from: DEPOT, to: FSL-A, mode: van, transit: 8h}
          - {from: DEPOT, to: FSL-B, mode: van, transit: 8h}
        technicians:
          - {id: T, base: DEPOT, headcount: 10000, shifts: 24x7, skills: [], speed: 50}
        contracts:
          - {id: C, tier: 1, fee: 0, period: month, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
        policies:
          - id: ample
            stock: {levels: [{location: FSL-A, part: P, level: 500}, {location: FSL-B, part: P, level: 500}, {location: DEPOT, part: P, level: 500}]}
          - id: rule
            stock: {rule: {fill_rate: 95%, echelons: [fsl, central]}}
        variants:
          - {id: demand+20%, demand: {factor: 1.2}}
          - {id: demand+20%-resized, resize: true, demand: {factor: 1.2}}
          - {id: no-FSL-A, close: [FSL-A]}
          - {id: more-at-S2, units: {sites: [S2], equipment: E, add: 1}}
          - {id: fewer-at-S1, units: {sites: [S1], equipment: E, add: -1}}
          - {id: no-bikes, remove_modes: [bike]}
        """

    static func load(_ variant: String? = nil, yaml: String = yaml) throws -> Scenario {
        let loaded = ScenarioLoader.load("s.yaml", variant: variant, files: .memory(["s.yaml": yaml]))
        return try #require(loaded.scenario, "\(loaded.diagnostics.all)")
    }

    static let seed: UInt64 = UInt64(ProcessInfo.processInfo.environment["SPARES_TEST_SEED"] ?? "") ?? 3

    @Test("demand +20%: failures rise by 20% within their paired 99.9% interval; the stock plan stays, unless resized by hand")
    func demandFactor() throws {
        let base = try Self.load(), more = try Self.load("demand+20%"), resized = try Self.load("demand+20%-resized")
        var paired = RunningStatistics(), ratio = RunningStatistics()
        for r in 0..<40 {
            let b = Replication.run(base, policy: 0, seed: Self.seed, replication: UInt64(r)).result.incidents.failures
            let v = Replication.run(more, policy: 0, seed: Self.seed, replication: UInt64(r)).result.incidents.failures
            // Replacement takes minutes against a 20,000 h life: the failure rate is the life's to 1e-5.
            paired.add(Double(v) - 1.2 * Double(b))
            ratio.add(Double(v) / Double(b))
        }
        #expect(paired.confidenceInterval(level: 0.999).contains(0), "v − 1.2 b: \(paired.confidenceInterval(level: 0.999))")
        #expect(ratio.confidenceInterval(level: 0.999).contains(1.2) && ratio.confidenceInterval(level: 0.999).halfWidth < 0.02)
        // Same stock, more demand.
        #expect(StockPlan(scenario: more, policy: 1) == StockPlan(scenario: base, policy: 1))
        // Resized: Palm's base stock for 1.2 times the demand. Each FSL sees 4,000 instances over
        // 20,000 h, 0.2 an hour, over its 8 h replenishment; the depot both FSLs' over 100 h.
        let planned = StockPlan(scenario: resized, policy: 1)
        func expected(_ rate: Double, _ lead: Double) -> Int {
            var s = 0
            while Oracle.poissonCDF(s - 1, rate * lead) < 0.95 { s += 1 }
            return s
        }
        for (location, rate, lead) in [("FSL-A", 0.2 * 1.2, 8.0), ("FSL-B", 0.2 * 1.2, 8.0), ("DEPOT", 0.4 * 1.2, 100.0)] {
            let units = planned.lines.first { $0.location == location }?.units
            #expect(units == expected(rate, lead), "\(location): \(units ?? 0) against \(expected(rate, lead))")
            let before = StockPlan(scenario: base, policy: 1).lines.first { $0.location == location }?.units
            #expect(before == expected(rate / 1.2, lead))
        }
    }

    @Test("demand +20%: the same streams, each life divided by 1.2; the first failure comes at the base's over 1.2, to the bit")
    func demandKeepsStreams() throws {
        let base = try Self.load(), more = try Self.load("demand+20%")
        for r in 0..<4 {
            let b = Replication.run(base, policy: 0, seed: Self.seed, replication: UInt64(r), trace: true).trace.records
            let v = Replication.run(more, policy: 0, seed: Self.seed, replication: UInt64(r), trace: true).trace.records
            let first = try #require(b.first { $0.event == .failure }), firstVariant = try #require(v.first { $0.event == .failure })
            #expect(firstVariant.time == first.time / 1.2 && firstVariant.site == first.site)
        }
    }

    @Test("a closed FSL: its sites are served by their next serving location (trace); it holds no stock; no site is left without one")
    func closedLocation() throws {
        let base = try Self.load(), closed = try Self.load("no-FSL-A")
        let fslA = try #require(closed.locationIndex(named: "FSL-A")), depot = try #require(closed.locationIndex(named: "DEPOT"))
        let fslB = try #require(closed.locationIndex(named: "FSL-B"))
        #expect(closed.sites[0].serving == [depot] && closed.sites[1].serving == [fslB])
        #expect(StockPlan(scenario: closed, policy: 0).lines.allSatisfy { $0.location != "FSL-A" })
        #expect(StockPlan(scenario: base, policy: 0).lines.contains { $0.location == "FSL-A" })
        for r in 0..<3 {
            let outcome = Replication.run(closed, policy: 0, seed: Self.seed, replication: UInt64(r), trace: true)
            let records = outcome.trace.records
            let failures = records.filter { $0.event == .failure && $0.site == 0 }
            let fromShelf = records.filter { $0.event == .shelf && $0.site == 0 }
            #expect(!failures.isEmpty && fromShelf.count == failures.count)
            #expect(fromShelf.allSatisfy { $0.location == Int32(depot) }, "S1's parts come from the depot")
            #expect(!records.contains { $0.location == Int32(fslA) && $0.event != .order })
            // The depot's 1 h lane: every S1 part is on site an hour after its failure.
            let onSite = records.filter { $0.event == .partOnSite && $0.site == 0 }
            #expect(zip(failures, onSite).allSatisfy { abs($1.time - $0.time - 1) < 1e-9 })
            #expect(outcome.result.census.allSatisfy { $0.balance == 0 })
        }
        // Closing both of S2's serving locations strands it: an error naming it, at the change.
        let stranded = ScenarioLoader.load("s.yaml", variant: "both", files: .memory(["s.yaml": Self.yaml + "\n  - {id: both, close: [FSL-A, FSL-B]}\n"]))
        #expect(stranded.scenario == nil)
        let message = stranded.diagnostics.errors.map { "\($0)" }.joined(separator: "\n")
        #expect(message.contains("'S2' served by it alone") && message.contains("with variant 'both'"), "\(message)")
    }

    @Test("units added keep every other unit's streams: the base's failures all recur, and the new unit's come on top at its site")
    func addedUnitsKeepStreams() throws {
        let base = try Self.load(), more = try Self.load("more-at-S2"), fewer = try Self.load("fewer-at-S1")
        #expect(more.sites[1].units.reduce(0) { $0 + $1.count } == 3 && fewer.sites[0].units.reduce(0) { $0 + $1.count } == 1)
        func failures(_ scenario: Scenario, _ r: UInt64, grouped: Bool = true) -> [String] {
            Replication.run(scenario, policy: 0, seed: Self.seed, replication: r, trace: true, groupedLives: grouped).trace.records
                .filter { $0.event == .failure }.map { "\($0.time)|\($0.site)" }
        }
        for r in 0..<3 {
            let b = failures(base, UInt64(r)), v = failures(more, UInt64(r)), w = failures(fewer, UInt64(r))
            let bInstances = failures(base, UInt64(r), grouped: false), wInstances = failures(fewer, UInt64(r), grouped: false)
            var extra = v
            for f in b {
                guard let k = extra.firstIndex(of: f) else { Issue.record("replication \(r): base failure \(f) missing"); break }
                extra.remove(at: k)
            }
            #expect(!extra.isEmpty && extra.allSatisfy { $0.hasSuffix("|1") }, "replication \(r): extra failures \(extra.prefix(5))")
            // Removing S1's second unit: with one life per instance, what is left of the base's failures
            // is exactly the variant's; with groups S1's group runs at its new count (other draws), and
            // the other site's failures stay the same either way.
            let s1 = bInstances.filter { $0.hasSuffix("|0") }, s1Fewer = wInstances.filter { $0.hasSuffix("|0") }
            #expect(Set(s1Fewer).isSubset(of: Set(s1)) && s1Fewer.count < s1.count)
            #expect(bInstances.filter { $0.hasSuffix("|1") } == wInstances.filter { $0.hasSuffix("|1") })
            #expect(b.filter { $0.hasSuffix("|1") } == w.filter { $0.hasSuffix("|1") })
        }
    }

    @Test("a mode removed: a site whose serving location has no lane left falls to its next one")
    func modeRemoved() throws {
        let scenario = try Self.load("no-bikes")
        let fslA = try #require(scenario.locationIndex(named: "FSL-A")), depot = try #require(scenario.locationIndex(named: "DEPOT"))
        #expect(scenario.sites[0].serving == [depot] && scenario.sites[1].serving == [fslA])
        #expect(scenario.lanes.count == 4)
        #expect(scenario.variant?.changes.contains { $0.contains("FSL-B left serving no site") } == true)
    }
}
