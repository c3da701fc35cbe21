import Foundation
import Testing
import SparesModel
@testable import SparesSim

/// The contract P&L (`ContractBooks`) against hand-computed attributions: two contracts served from
/// one FSL, two units reserved there for the first, gain-share on the first. The FSL holds far more
/// than demand draws down, so the reserved units are always on the shelf and their holding is
/// 2 × cost × rate × years exactly; each delivery is charged to its incident's contract; the shared
/// stock's cost splits by the contracts' demands; gain-share is 30% of the saving below the baseline.
@Suite("Contract P&L")
struct ContractBooksTests {
    static let yaml = """
        version: 1
        scenario: {name: pnl, currency: EUR, horizon: 4380h, warm_up: 300h, start: 2027-01-04}
        locations:
          - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 10h}
          - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
          - {id: FSL, echelon: fsl, lat: 52.0, lon: 5.0, utc_offset: 0, source: DEPOT}
        parts:
          - {id: P, cost: 1000, holding_rate: 25%, type: consumable, supplier: SUP}
        equipment:
          - id: E
            repair_time: 1h
            parts: [{part: P, quantity: 1000, failure: {mtbf: 100000h}}]
        sites:
          - {id: SA, lat: 52.0, lon: 5.0, utc_offset: 0, contract: A, serving: [FSL], units: {E: 2}}
          - {id: SB, lat: 52.0, lon: 5.0, utc_offset: 0, contract: B, serving: [FSL], units: {E: 1}}
        modes: [{id: m, name: m}]
        lanes:
          - {from: FSL, to: SA, mode: m, transit: 2h, cost: 60}
          - {from: FSL, to: SB, mode: m, transit: 2h, cost: 45}
          - {from: DEPOT, to: FSL, mode: m, transit: 8h, cost: 30}
        technicians:
          - {id: T, base: FSL, headcount: 50, shifts: 24x7, skills: [], speed: 50, hourly_cost: 90}
        contracts:
          - id: A
            tier: 1
            fee: 40000
            period: quarter
            response: {measure: parts_on_site, clock: 24x7, target: 4h, penalty_per_breach: 100}
            gainshare: {baseline: 30000, share: 30%}
          - id: B
            tier: 2
            fee: 20000
            period: quarter
            response: {measure: parts_on_site, clock: 24x7, target: 8h}
        policies:
          - id: reserved
            stock: {levels: [{location: FSL, part: P, level: 40}, {location: DEPOT, part: P, level: 60}]}
            reserved: [{location: FSL, part: P, units: 2, contract: A}]
        """

    @Test("reserved holding, deliveries and shared stock go where they belong; gain-share, revenue and margin by hand")
    func attribution() throws {
        let scenario = try OracleScenario.load(Self.yaml)
        for r in 0..<3 {
            let outcome = Replication.run(scenario, policy: 0, seed: 11, replication: UInt64(r), trace: true)
            let result = outcome.result, records = outcome.trace.records
            let a = result.contracts.filter { $0.contract == "A" }, b = result.contracts.filter { $0.contract == "B" }
            func sum(_ rows: [ContractPeriodResult], _ f: (ContractPeriodResult) -> Double) -> Double { rows.reduce(0.0) { $0 + f($1) } }
            // Reserved: 2 units always on the shelf, 1000 × 25% a year each, over the 4380 measured hours.
            let reserved = 2 * 1000 * 0.25 * 4380 / 8760
            #expect(abs(sum(a) { $0.serveCost.reservedHolding } - reserved) < 1e-6)
            #expect(sum(b) { $0.serveCost.reservedHolding } == 0)
            // Deliveries: each measured incident's shipment to its site, at its lane's cost.
            let warmUp = 300.0, end = 4680.0
            var logged: [Int32: Double] = [:]
            for x in records where x.event == .failure { logged[x.incident] = x.time }
            var expected = ["SA": 0.0, "SB": 0.0]
            var demands = ["SA": 0, "SB": 0]
            for x in records where x.event == .shipToSite {
                let t = logged[x.incident]!
                let departs = Double(x.detail.split(separator: " ")[2])!
                let site = scenario.sites[Int(x.site)].id
                if t >= warmUp && t < end {
                    demands[site]! += 1
                    if departs < end { expected[site]! += site == "SA" ? 60 : 45 }
                }
            }
            #expect(abs(sum(a) { $0.serveCost.transport } - expected["SA"]!) < 1e-9)
            #expect(abs(sum(b) { $0.serveCost.transport } - expected["SB"]!) < 1e-9)
            // Shared stock (holding above the reservation, replenishment shipments and purchases):
            // split by the contracts' demands for the part.
            let shared = sum(result.contracts) { $0.serveCost.sharedStock }
            let share = Double(demands["SA"]!) / Double(demands["SA"]! + demands["SB"]!)
            #expect(abs(sum(a) { $0.serveCost.sharedStock } - shared * share) < 1e-6 * shared)
            #expect(demands["SA"]! > 50 && demands["SB"]! > 20)
            // Technicians: the pool's busy hours at EUR 90, to the contracts but for the jobs of incidents
            // logged in the warm-up (shared); and every cost line is attributed.
            let technician = result.technicians.reduce(0.0) { $0 + $1.busyHours } * 90
            let attributed = sum(result.contracts) { $0.serveCost.technician }
            #expect(attributed <= technician + 1e-6 && attributed > 0.95 * technician)
            let c = result.costs
            let lines = c.holding + c.transport + c.expedite + c.repair + c.purchases + c.technician + c.remote
            #expect(abs(sum(result.contracts) { $0.costToServe } - lines) < 1e-9 * lines)
            for row in a {
                let baseline = 30000 * Double(row.sites) * row.coverage
                #expect(row.revenue == 40000 * 1 * row.coverage)
                #expect(abs(row.gainshare - 0.3 * max(0, baseline - row.costToServe)) < 1e-9)
                #expect(row.margin == row.revenue - row.costToServe - row.exposure + row.bonuses + row.gainshare)
            }
            #expect(b.allSatisfy { $0.gainshare == 0 })
        }
    }

    @Test("gain-share: 30% of a saving, nothing for an overrun unless pain is shared too")
    func gainshareTerms() {
        let gain = Gainshare(baseline: 0, share: 0.3, painshare: false)
        #expect(gain.amount(baseline: 1000, cost: 600) == 0.3 * 400)
        #expect(gain.amount(baseline: 1000, cost: 1400) == 0)
        let pain = Gainshare(baseline: 0, share: 0.3, painshare: true)
        #expect(pain.amount(baseline: 1000, cost: 1400) == 0.3 * -400)
    }
}
