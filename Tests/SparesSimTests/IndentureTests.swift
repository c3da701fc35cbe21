import Foundation
import Testing
import SparesModel
@testable import SparesSim
import SparesStatistics

/// Multi-indenture repair: a module (LRU) repaired at the depot needs a sub-module (SRU) from the
/// depot's stock with its share; the SRU taken out goes through its own repair. Against Palm's
/// theorem for the SRU (its demand is Poisson, its resupply its repair time), Little's law for the
/// module's pipeline, Palm again for the module when it waits for its own SRU's repair, and
/// conservation of parts with the sub-modules in modules.
@Suite("Multi-indenture repair")
struct IndentureTests {
    /// One depot repairs every failed module (`LRU`: Poisson failures at `rate` per hour, pulled at
    /// the failure, no return leg) in an exponential `moduleRepair` hours; a share `share` of those
    /// repairs replaces one `SRU`, repaired at the depot in exactly `subRepair` hours. Levels at the
    /// depot: `level` modules, `subLevel` sub-modules. `extra` adds a third indenture under the SRU.
    static func depot(rate: Double, moduleRepair: Double, share: Double, subRepair: Double, level: Int, subLevel: Int,
                      thirdLevel: Bool = false, horizon: Int = 100_000) -> String {
        let third = thirdLevel ? """

              - id: CHIP
                cost: 10
                holding_rate: 20%
                type: consumable
                supplier: SUP
            """ : ""
        let subSubs = thirdLevel ? ", sub_modules: [{part: CHIP, share: 50%}]" : ""
        return """
            version: 1
            scenario: {name: indentures, currency: EUR, horizon: \(horizon)h, warm_up: 500h, start: 2027-01-04}
            locations:
              - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 30h}
              - {id: REP, echelon: repair, lat: 52.0, lon: 5.0, utc_offset: 0}
              - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0, source: SUP}
            parts:
              - id: LRU
                cost: 1000
                holding_rate: 20%
                type: repairable
                repair:
                  vendor: REP
                  return_leg: 0h
                  turnaround: 100h
                  return_to: DEPOT
                  removed: at_failure
                  local: [{at: DEPOT, share: 100%, return_leg: 0h, turnaround: {dist: exponential, mean: \(moduleRepair)h}}]
                  sub_modules: [{part: SRU, share: \(share)}]
              - id: SRU
                cost: 100
                holding_rate: 20%
                type: repairable
                supplier: SUP
                repair: {vendor: REP, return_leg: 0h, turnaround: 100h, return_to: DEPOT,
                         local: [{at: DEPOT, share: 100%, return_leg: 0h, turnaround: \(subRepair)h}]\(subSubs)}\(third)
            equipment:
              - {id: E, repair_time: 1m, parts: [{part: LRU, quantity: 10000, failure: {mtbf: \(10_000 / rate)h}}]}
            sites:
              - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [DEPOT], units: {E: 1}}
            modes: [{id: m, name: m}]
            lanes:
              - {from: REP, to: DEPOT, mode: m, transit: 0h}
              - {from: SUP, to: DEPOT, mode: m, transit: 0h}
              - {from: DEPOT, to: S, mode: m, transit: 0h}
            technicians:
              - {id: T, lat: 52.0, lon: 5.0, utc_offset: 0, headcount: 10000, shifts: 24x7, skills: [], speed: 50}
            contracts:
              - {id: C, tier: 1, fee: 0, period: year, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
            policies:
              - id: p
                stock: {levels: [{location: DEPOT, part: LRU, level: \(level)}, {location: DEPOT, part: SRU, level: \(subLevel)}\(thirdLevel ? ", {location: DEPOT, part: CHIP, level: 1}" : "")]}
            """
    }

    static func poissonCDF(_ x: Int, _ m: Double) -> Double {
        var p = exp(-m), sum = 0.0
        for k in 0...max(x, 0) {
            if k > 0 { p *= m / Double(k) }
            if k <= x { sum += p }
        }
        return x < 0 ? 0 : sum
    }

    static func poissonEBO(_ s: Int, _ m: Double) -> Double {
        // E(N − s)⁺ = m − s + Σ_{k<s} (s − k) p_k.
        var p = exp(-m), below = 0.0
        for k in 0..<max(s, 0) {
            if k > 0 { p *= m / Double(k) }
            below += Double(s - k) * p
        }
        return m - Double(s) + below
    }

    /// SRU demand is the module repairs' Poisson stream thinned by the share, its resupply its own
    /// fixed repair time: its depot shelf fill is P(N ≤ s − 1) and its mean backorders EBO(s), N ~
    /// Poisson(λ·share·T). Each SRU backorder is a module waiting, so the module's pipeline at the
    /// depot (its on-order: waiting or in repair) averages λ·T_module + EBO_SRU(s) (Little).
    @Test("Sub-module stock: Palm for the SRU, Little for the module waiting on it")
    func palmAndLittle() throws {
        let rate = 0.05, moduleRepair = 20.0, share = 0.8, subRepair = 50.0, subLevel = 2
        let scenario = try OracleScenario.load(Self.depot(rate: rate, moduleRepair: moduleRepair, share: share, subRepair: subRepair,
                                                          level: 3, subLevel: subLevel))
        let m = rate * share * subRepair
        let fill = Self.poissonCDF(subLevel - 1, m), ebo = Self.poissonEBO(subLevel, m)
        var subFill = RunningStatistics(), subBackorders = RunningStatistics(), pipeline = RunningStatistics(), demand = RunningStatistics()
        for r in 0..<10 {
            let result = Replication.run(scenario, policy: 0, seed: OracleScenario.seed, replication: UInt64(r)).result
            let sru = try #require(result.stock.first { $0.location == "DEPOT" && $0.part == "SRU" })
            let lru = try #require(result.stock.first { $0.location == "DEPOT" && $0.part == "LRU" })
            subFill.add(sru.fillRate)
            subBackorders.add(sru.averageBackorders)
            pipeline.add(lru.averageOnOrder)
            demand.add(Double(sru.demands) / result.measuredHours)
            #expect(result.census.allSatisfy { $0.balance == 0 }, "\(result.census)")
            let census = try #require(result.census.first { $0.part == "SRU" })
            #expect((census.inModules ?? 1) <= 0)
            #expect(sru.endPosition == subLevel && lru.endPosition == 3)
        }
        let fCI = subFill.confidenceInterval(level: 0.999), bCI = subBackorders.confidenceInterval(level: 0.999)
        let pCI = pipeline.confidenceInterval(level: 0.999), dCI = demand.confidenceInterval(level: 0.999)
        #expect(dCI.contains(rate * share), "SRU demand \(dCI) vs λ·share \(rate * share)")
        #expect(fCI.contains(fill), "SRU fill \(fCI) vs P(N ≤ s − 1) \(fill)")
        #expect(bCI.contains(ebo), "SRU backorders \(bCI) vs EBO \(ebo)")
        #expect(pCI.contains(rate * moduleRepair + ebo), "module pipeline \(pCI) vs λT + EBO_SRU \(rate * moduleRepair + ebo)")
        #expect(fCI.halfWidth < 0.02)
    }

    /// With no SRU stock and a fixed SRU repair time, first come first served gives every module
    /// that needs one exactly its own SRU's repair time of wait: module delays are independent
    /// (T_module, plus T_SRU with the share), so the module's pipeline is Poisson(λ(T + share·T_SRU))
    /// and its shelf fill Palm's P(N ≤ S − 1).
    @Test("No sub-module stock: the module waits its SRU's repair, Palm with the longer delay")
    func waitsForOwnSubModule() throws {
        let rate = 0.05, moduleRepair = 20.0, share = 0.8, subRepair = 50.0, level = 3
        let scenario = try OracleScenario.load(Self.depot(rate: rate, moduleRepair: moduleRepair, share: share, subRepair: subRepair,
                                                          level: level, subLevel: 0))
        let fill = Self.poissonCDF(level - 1, rate * (moduleRepair + share * subRepair))
        var fills = RunningStatistics(), waits = RunningStatistics()
        for r in 0..<10 {
            let result = Replication.run(scenario, policy: 0, seed: OracleScenario.seed, replication: UInt64(r)).result
            fills.add(try #require(result.stock.first { $0.location == "DEPOT" && $0.part == "LRU" }).fillRate)
            waits.add(try #require(result.stock.first { $0.location == "DEPOT" && $0.part == "SRU" }).meanBackorderWait)
            #expect(result.census.allSatisfy { $0.balance == 0 })
        }
        let fCI = fills.confidenceInterval(level: 0.999)
        #expect(fCI.contains(fill), "module fill \(fCI) vs Palm \(fill)")
        // Every SRU demand waits exactly the SRU's repair (up to the warm-up's edge).
        #expect(abs(waits.mean - subRepair) < 1e-6, "\(waits.mean)")
    }

    /// The sub-module draws come from their own streams, keyed by the incident: with modules always
    /// on the shelf (so no restore moves), a different SRU level changes no failure and no SRU
    /// demand, and the same scenario gives the same numbers bit for bit.
    /// Three indentures (the SRU's own consumable sub-module) balance too.
    @Test("Indentures: common random numbers, determinism, three levels conserve parts")
    func crnAndThreeLevels() throws {
        let a = try OracleScenario.load(Self.depot(rate: 0.05, moduleRepair: 20, share: 0.8, subRepair: 50, level: 25, subLevel: 0, horizon: 20_000))
        let b = try OracleScenario.load(Self.depot(rate: 0.05, moduleRepair: 20, share: 0.8, subRepair: 50, level: 25, subLevel: 4, horizon: 20_000))
        let x = Replication.run(a, policy: 0, seed: OracleScenario.seed, replication: 0).result
        let y = Replication.run(b, policy: 0, seed: OracleScenario.seed, replication: 0).result
        let again = Replication.run(b, policy: 0, seed: OracleScenario.seed, replication: 0).result
        #expect(x.stock.first { $0.part == "LRU" }?.fillRate == 1)
        #expect(x.incidents.failures == y.incidents.failures)
        #expect(x.stock.first { $0.part == "SRU" }?.demands == y.stock.first { $0.part == "SRU" }?.demands)
        #expect(y == again)
        let three = try OracleScenario.load(Self.depot(rate: 0.05, moduleRepair: 20, share: 0.8, subRepair: 50, level: 3, subLevel: 1,
                                                       thirdLevel: true, horizon: 20_000))
        let z = Replication.run(three, policy: 0, seed: OracleScenario.seed, replication: 0).result
        #expect(z.census.allSatisfy { $0.balance == 0 }, "\(z.census)")
        let chip = try #require(z.stock.first { $0.part == "CHIP" })
        let sru = try #require(z.stock.first { $0.part == "SRU" })
        // Half the SRU repairs take a chip: about 0.5 × 0.04 per hour.
        #expect(chip.demands > 0 && abs(Double(chip.demands) / Double(sru.demands) - 0.5) < 0.1)
    }

    /// The waiting records on their own: ids handed out, slots reused once fitted, the count of
    /// repairs waiting, and each indenture level's stream key distinct from its module's.
    @Test("ModuleRepairs: records, slot reuse, waiting count, keys per level")
    func moduleRepairsBooks() {
        var books = ModuleRepairs()
        func repair(_ part: Int32) -> ModuleRepairs.Repair {
            .init(part: part, point: 7, row: -1, work: 3, shop: -1, subModule: 9, key: UInt64(part))
        }
        let a = books.add(repair(1)), b = books.add(repair(2))
        #expect(a != b && books.waiting == 2)
        #expect(books.fitted(a).part == 1 && books.waiting == 1)
        let c = books.add(repair(3))
        #expect(c == a, "a fitted repair's slot is reused")
        #expect(books[c].part == 3 && books[b].part == 2 && books.waiting == 2)
        var keys: Set<UInt64> = [5]
        var key: UInt64 = 5
        for _ in 0..<4 {
            key = ModuleRepairs.subKey(key)
            keys.insert(key)
        }
        #expect(keys.count == 5)
    }

    /// Refused with the place and what was expected: sub-modules without a local repair, shares
    /// above 1 in all, a module inside itself, an unknown part, one named twice, a zero share.
    @Test("Sub-module errors are located")
    func errors() throws {
        let good = Self.depot(rate: 0.05, moduleRepair: 20, share: 0.8, subRepair: 50, level: 3, subLevel: 1)
        func diagnostics(_ text: String) -> [String] {
            ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": text])).diagnostics.all.map { "\($0)" }
        }
        let cases: [(String, String, String)] = [
            ("sub_modules: [{part: SRU, share: 0.8}]", "sub_modules: [{part: SRU, share: 0.8}, {part: SRU, share: 0.1}]", "each sub-module once"),
            ("sub_modules: [{part: SRU, share: 0.8}]", "sub_modules: [{part: SRU, share: 0.8}, {part: LRU, share: 0.3}]", "at most 1"),
            ("sub_modules: [{part: SRU, share: 0.8}]", "sub_modules: [{part: SRV, share: 0.8}]", "SRU"),
            ("sub_modules: [{part: SRU, share: 0.8}]", "sub_modules: [{part: SRU, share: 0}]", "a share above 0"),
            ("turnaround: 50.0h}]}", "turnaround: 50.0h}], sub_modules: [{part: LRU, share: 0.1}]}", "no part inside itself"),
            ("      local: [{at: DEPOT, share: 100%, return_leg: 0h, turnaround: {dist: exponential, mean: 20.0h}}]\n", "", "without a local repair"),
        ]
        #expect(diagnostics(good).isEmpty)
        for (old, new, expected) in cases {
            let text = good.replacingOccurrences(of: old, with: new)
            #expect(text != good, "case \(expected) did not apply")
            let errors = diagnostics(text)
            #expect(errors.contains { $0.contains(expected) && $0.contains("s.yaml:") }, "\(expected): \(errors)")
        }
    }
}
