import Testing
import SparesModel

/// `repair_shops:` and a repair loop's `shop` and `local` repairs: read and resolved to indices, and
/// each mistake located with what was expected.
@Suite("Repair network loading")
struct RepairLoadingTests {
    static func scenario(shops: String, repair: String) -> String {
        """
        version: 1
        scenario: {name: repair, currency: EUR, horizon: 1000h, start: 2027-01-04}
        locations:
          - {id: REP, echelon: repair, lat: 52.0, lon: 5.0, utc_offset: 0}
          - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 10d}
          - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
          - {id: FSL, echelon: fsl, lat: 52.0, lon: 5.0, utc_offset: 0, source: DEPOT}
        repair_shops:
        \(shops)
        parts:
          - id: P
            cost: 100
            holding_rate: 20%
            type: repairable
            repair: \(repair)
        equipment:
          - {id: E, repair_time: 1h, parts: [{part: P, quantity: 1, failure: {mtbf: 1000h}}]}
        sites:
          - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [FSL], units: {E: 10}}
        modes: [{id: m, name: m}]
        lanes:
          - {from: REP, to: DEPOT, mode: m, transit: 1d}
          - {from: DEPOT, to: FSL, mode: m, transit: 1d}
          - {from: FSL, to: S, mode: m, transit: 2h}
        technicians:
          - {id: T, base: FSL, headcount: 2, shifts: 24x7, skills: [], speed: 50}
        contracts:
          - {id: C, tier: 1, fee: 0, period: month, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
        policies:
          - id: p
            stock: {levels: [{location: DEPOT, part: P, level: 2}, {location: FSL, part: P, level: 1}]}
        """
    }

    static let shops = """
          - {id: VENDOR-BENCH, location: REP, servers: 3, priority: backorders, shifts: {days: mon-fri, from: "06:00", to: "22:00"}}
          - {id: FSL-BENCH, name: FSL workbench, location: FSL, servers: 1}
        """

    static func load(shops: String = Self.shops, repair: String) -> ScenarioLoad {
        ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": scenario(shops: shops, repair: repair)]))
    }

    static func errors(_ load: ScenarioLoad) -> String { load.diagnostics.errors.map { "\($0)" }.joined(separator: "\n") }

    static let vendor = "vendor: REP, return_leg: 1d, turnaround: 5d, return_to: DEPOT"

    @Test("shops and local repairs are read, resolved to indices, with their defaults")
    func read() throws {
        let load = Self.load(repair: """
            {\(Self.vendor), shop: VENDOR-BENCH, local: [{at: FSL, share: 30%, return_leg: 2h, turnaround: {dist: exponential, mean: 1d}, cost: 40, condemnation: 5%, shop: FSL-BENCH}, {at: [DEPOT], share: 0.5, return_leg: 1d, turnaround: 2d}]}
            """)
        let scenario = try #require(load.scenario, "\(load.diagnostics.all)")
        let id = { (name: String) in scenario.locations.firstIndex { $0.id == name }! }
        #expect(scenario.repairShops.map(\.id) == ["VENDOR-BENCH", "FSL-BENCH"])
        let bench = scenario.repairShops[0]
        #expect(bench.location == id("REP") && bench.servers == 3 && bench.priority == .backorders && bench.shifts.hoursPerWeek == 80)
        #expect(scenario.repairShops[1].name == "FSL workbench" && scenario.repairShops[1].priority == .fifo && scenario.repairShops[1].shifts.isAlways)
        let loop = try #require(scenario.parts[0].repair)
        #expect(loop.shop == 0 && loop.local.count == 2)
        let fsl = try #require(loop.localRepair(at: id("FSL")))
        #expect(fsl.share == 0.3 && fsl.returnLeg.mean == 2 && fsl.turnaround.mean == 24 && fsl.cost == 40 && fsl.condemnation == 0.05 && fsl.shop == 1)
        let depot = try #require(loop.localRepair(at: id("DEPOT")))
        #expect(depot.share == 0.5 && depot.cost == 0 && depot.condemnation == 0 && depot.shop == nil)
        #expect(loop.localRepair(at: id("REP")) == nil)
    }

    @Test("each mistake is located, all at once", arguments: [
        ("{\(vendor), shop: VENDOR-BNCH}", "s.yaml:16:83: error: parts[0].repair.shop", "expected a known repair shop id; found 'VENDOR-BNCH' (did you mean 'VENDOR-BENCH'?)"),
        ("{\(vendor), shop: FSL-BENCH}", "parts[0].repair.shop", "expected a repair shop at the vendor ('REP')"),
        ("{\(vendor), local: [{at: FSL, share: 20%, return_leg: 1h, turnaround: 1d, shop: VENDOR-BENCH}]}", "parts[0].repair.local[0].shop",
         "found 'VENDOR-BENCH' at 'REP'"),
        ("{\(vendor), local: [{at: [FSL, DEPOT], share: 20%, return_leg: 1h, turnaround: 1d, shop: FSL-BENCH}]}", "parts[0].repair.local[0].shop",
         "expected a repair shop at the repair's location ('FSL', 'DEPOT')"),
        ("{\(vendor), local: [{at: FSL, share: 20%, return_leg: 1h, turnaround: 1d}, {at: FSL, share: 10%, return_leg: 1h, turnaround: 1d}]}",
         "parts[0].repair.local[1].at", "expected one local repair per location; found 'FSL' again"),
        ("{\(vendor), local: [{at: SUP, share: 20%, return_leg: 1h, turnaround: 1d}]}", "parts[0].repair.local[0].at",
         "expected a stocking location (central, hub or fsl) that repairs what it receives; found 'SUP', a supplier"),
        ("{\(vendor), local: [{at: FSL, share: 120%, return_leg: 1h, turnaround: 1d}]}", "parts[0].repair.local[0].share",
         "expected a probability from 0 to 1"),
        ("{\(vendor), local: [{at: FSL, share: 20%, turnaround: 1d, bench: 2}]}", "parts[0].repair.local[0]",
         "expected a value for the required key 'return_leg'; found none"),
    ])
    func mistakes(repair: String, place: String, message: String) {
        let load = Self.load(repair: repair)
        #expect(load.scenario == nil)
        let text = Self.errors(load)
        #expect(text.contains(place) && text.contains(message), "\(text)")
        if repair.contains("bench: 2") { #expect(text.contains("found unknown key 'bench'"), "\(text)") }
    }

    @Test("a shop's own mistakes: no servers, a supplier's site, unknown priority, no working hours")
    func shopMistakes() {
        let load = Self.load(shops: """
              - {id: A, location: SUP, servers: 0, priority: urgent}
              - {id: B, location: REP, servers: 1, shifts: []}
            """, repair: "{\(Self.vendor)}")
        let text = Self.errors(load)
        #expect(text.contains("repair_shops[0].location") && text.contains("expected a stocking or repair location; found 'SUP', a supplier"), "\(text)")
        #expect(text.contains("repair_shops[0].servers") && text.contains("expected a whole number from 1"), "\(text)")
        #expect(text.contains("repair_shops[0].priority") && text.contains("fifo"), "\(text)")
        #expect(text.contains("repair_shops[1].shifts"), "\(text)")
    }
}
