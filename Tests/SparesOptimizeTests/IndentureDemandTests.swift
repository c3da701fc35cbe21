import Foundation
import Testing
import SparesModel
import SparesOptimize

/// The demand a module's repairs put on its sub-modules' stock, as the analytic models and the
/// stocking rules see it: modules repaired at a location (local share, not condemned) times each
/// sub-module's share, at that location, resupplied in the sub-module's own repair there (no
/// return leg: it is taken out where it is repaired). The module's wait for a sub-module is not in
/// the module's resupply (top indenture only; docs/optimization.md).
@Suite("Multi-indenture demand in the analytic model and the stocking rules")
struct IndentureDemandTests {
    /// A hub repairs 60% of the failed modules it receives (10% of those condemned), the rest go on
    /// to the depot, which repairs all it gets; 70% of module repairs replace one SRU-A, 20% one
    /// SRU-B. SRU-A is repaired where it is taken out, in 40 h; SRU-B is bought (30 h).
    static let yaml = """
        version: 1
        scenario: {name: indenture demand, currency: EUR, horizon: 10000h, warm_up: 100h, start: 2027-01-04}
        locations:
          - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 30h}
          - {id: REP, echelon: repair, lat: 52.0, lon: 5.0, utc_offset: 0}
          - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0, source: SUP}
          - {id: HUB, echelon: hub, lat: 52.0, lon: 5.0, utc_offset: 0, source: DEPOT}
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
              local:
                - {at: HUB, share: 60%, condemnation: 10%, return_leg: 5h, turnaround: 12h}
                - {at: DEPOT, share: 100%, return_leg: 8h, turnaround: 20h}
              sub_modules: [{part: SRU-A, share: 70%}, {part: SRU-B, share: 20%}]
          - id: SRU-A
            cost: 100
            holding_rate: 20%
            type: repairable
            supplier: SUP
            repair: {vendor: REP, return_leg: 0h, turnaround: 100h, return_to: DEPOT,
                     local: [{at: [HUB, DEPOT], share: 100%, return_leg: 7h, turnaround: 40h}]}
          - {id: SRU-B, cost: 50, holding_rate: 20%, type: consumable, supplier: SUP}
        equipment:
          - {id: E, repair_time: 1m, parts: [{part: LRU, quantity: 10000, failure: {mtbf: 200000h}}]}
        sites:
          - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [HUB], units: {E: 1}}
        modes: [{id: m, name: m}]
        lanes:
          - {from: SUP, to: DEPOT, mode: m, transit: 0h}
          - {from: DEPOT, to: HUB, mode: m, transit: 3h}
          - {from: HUB, to: S, mode: m, transit: 0h}
          - {from: REP, to: DEPOT, mode: m, transit: 0h}
        technicians:
          - {id: T, lat: 52.0, lon: 5.0, utc_offset: 0, headcount: 100, shifts: 24x7, skills: [], speed: 50}
        contracts:
          - {id: C, tier: 1, fee: 0, period: year, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
        policies:
          - id: rule
            stock: {rule: {fill_rate: 95%, echelons: [hub, central]}}
        """

    static func load() throws -> Scenario {
        let loaded = ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": yaml]))
        return try #require(loaded.scenario, "\(loaded.diagnostics.all.map { "\($0)" })")
    }

    /// λ = 0.05 per hour. Modules repaired at the hub: 0.6 × 0.9 × λ = 0.027; at the depot: the 40%
    /// sent on, 0.4 λ = 0.02. SRU-A at the hub 0.7 × 0.027, at the depot 0.7 × 0.02 plus nothing
    /// from the hub (repaired there); SRU-B at the hub 0.2 × 0.027, passed to the depot with the
    /// depot's own 0.2 × 0.02 (consumed, bought from the depot).
    @Test("Sub-module demand and resupply in StockProblem")
    func analytic() throws {
        let scenario = try Self.load()
        let problem = StockProblem(scenario, method: .variMetric)
        func node(_ part: String, _ location: String) throws -> MultiEchelonPart.Node {
            let tree = try #require(problem.parts.first { scenario.parts[$0.part].id == part })
            let i = try #require(tree.locations.firstIndex { scenario.locations[$0].id == location })
            return tree.model.nodes[i]
        }
        let lambda = 0.05, atHub = 0.6 * 0.9 * lambda, atDepot = 0.4 * lambda
        let aHub = try node("SRU-A", "HUB"), aDepot = try node("SRU-A", "DEPOT")
        #expect(abs(aHub.rate - 0.7 * atHub) < 1e-12 && abs(aDepot.rate - 0.7 * atDepot) < 1e-12, "\(aHub.rate) \(aDepot.rate)")
        // Repaired where taken out: its turnaround alone, no return leg.
        #expect(abs(aHub.resupply - 40) < 1e-12 && abs(aDepot.resupply - 40) < 1e-12, "\(aHub.resupply) \(aDepot.resupply)")
        let bHub = try node("SRU-B", "HUB"), bDepot = try node("SRU-B", "DEPOT")
        #expect(abs(bHub.rate - 0.2 * atHub) < 1e-12)
        #expect(abs(bDepot.rate - (0.2 * atHub + 0.2 * atDepot)) < 1e-12)
        #expect(abs(bDepot.resupply - 30) < 1e-12 && abs(bHub.resupply - 3) < 1e-12, "\(bDepot.resupply) \(bHub.resupply)")
        // The module itself: the depot's orders are the 40% sent on (repaired there: 8 h leg, 20 h)
        // and the hub's condemned 6% (no unit to repair: bought, 30 h from the depot's source).
        let lHub = try node("LRU", "HUB"), lDepot = try node("LRU", "DEPOT")
        let condemned = 0.6 * 0.1 * lambda
        #expect(abs(lHub.rate - lambda) < 1e-12 && abs(lDepot.rate - (atDepot + condemned)) < 1e-12)
        let expected = (atDepot * 28 + condemned * 30) / (atDepot + condemned)
        #expect(abs(lDepot.resupply - expected) < 1e-9, "\(lDepot.resupply) vs \(expected)")
    }

    static func baseStock(mean: Double, fill: Double) -> Int {
        var pmf = exp(-mean), cdf = 0.0, s = 0
        while cdf < fill {
            cdf += pmf
            s += 1
            pmf *= mean / Double(s)
        }
        return s
    }

    /// The fill-rate rule sizes sub-module stock on the demand the module's repairs put there (the
    /// rule passes demand up one for one and ignores local repair of the module, as documented):
    /// SRU-B at the hub 0.2 × 0.6 × 0.9 λ over its 3 h lane, at the depot that plus 0.2 × 0.6 ×
    /// 0.9 × λ of the depot's own module repairs (the rule sees all λ at the depot) over 30 h.
    @Test("Stocking rules size sub-modules on their module's repairs")
    func rules() throws {
        let scenario = try Self.load()
        let policy = scenario.policies[0]
        func level(_ part: String, _ location: String) -> Int {
            let p = scenario.parts.firstIndex { $0.id == part }!, l = scenario.locations.firstIndex { $0.id == location }!
            return policy.level(location: l, part: p).targetPosition
        }
        let lambda = 0.05
        // The rule's view: all of λ passes the hub and reaches the depot; each repairs its local share.
        let hubRepairs = lambda * 0.6 * 0.9, depotRepairs = lambda * 1.0
        let bHub = 0.2 * hubRepairs, bDepot = bHub + 0.2 * depotRepairs
        #expect(level("SRU-B", "HUB") == Self.baseStock(mean: bHub * 3, fill: 0.95))
        #expect(level("SRU-B", "DEPOT") == Self.baseStock(mean: bDepot * 30, fill: 0.95))
        #expect(level("SRU-B", "DEPOT") > 0)
    }
}
