import Foundation
import Testing
@testable import SparesModel

/// Policies changed in a line (`extends`, `add`) and the stock plan they resolve to: levels against
/// hand-computed rule results, totals, and the changes between two plans.
@Suite("Stock plans and extending policies")
struct PolicyPlanTests {
    static func load(_ policies: String, file: String = ScenarioLoadingTests.minimal) -> ScenarioLoad {
        ScenarioLoadingTests.load(["s.yaml": file + policies])
    }

    @Test("extends: the base's levels, expediting and dispatch, changed only where given; add moves a level")
    func extending() throws {
        let scenario = try #require(Self.load("""
              - id: plus-two
                extends: one-spare
                stock: {levels: [{location: DEPOT-UTR, part: PSU-750, add: 2}]}
              - id: fifo
                extends: plus-two
                dispatch: {priority: fifo}
              - id: minus-one
                extends: two-spares
                stock: {levels: [{location: DEPOT-UTR, part: PSU-750, add: -1}]}
            """).scenario)
        let depot = try #require(scenario.locations.firstIndex { $0.id == "DEPOT-UTR" })
        func level(_ id: String) throws -> StockLevel { try #require(scenario.policies.first { $0.id == id }).level(location: depot, part: 0) }
        #expect(try level("plus-two") == .baseStock(level: 3))
        #expect(try level("fifo") == .baseStock(level: 3))
        #expect(try level("minus-one") == .baseStock(level: 1))
        let fifo = try #require(scenario.policies.first { $0.id == "fifo" })
        #expect(fifo.dispatch.priority == .fifo)
        #expect(try #require(scenario.policies.first { $0.id == "plus-two" }).dispatch.priority == .tierThenWait)
        // The plans: one line each, 3 units at EUR 420.
        let plan = StockPlan(scenario: scenario, policy: scenario.policyIndex(named: "plus-two")!)
        #expect(plan.lines == [.init(location: "DEPOT-UTR", echelon: "central", part: "PSU-750", kind: "base_stock", a: 3, b: nil, units: 3, investment: 1_260)])
        let base = StockPlan(scenario: scenario, policy: scenario.policyIndex(named: "one-spare")!)
        #expect(plan.changes(from: base) == [.init(location: "DEPOT-UTR", part: "PSU-750", unitsBefore: 1, unitsAfter: 3, units: 2, investment: 840)])
        #expect(base.changes(from: base).isEmpty)
    }

    @Test("rationing: critical levels resolved to stock points, kept by extends unless replaced, mistakes located")
    func rationing() throws {
        let scenario = try #require(Self.load("""
              - id: rationed
                extends: two-spares
                rationing: [{locations: [DEPOT-UTR], keep: 1, up_to_tier: 1}]
              - id: still-rationed
                extends: rationed
                dispatch: {priority: fifo}
              - id: cleared
                extends: rationed
                rationing: []
            """).scenario)
        let rationed = try #require(scenario.policies.first { $0.id == "rationed" })
        #expect(rationed.rationing == [Rationing(locations: [1], parts: nil, keep: 1, upToTier: 1)])
        #expect(scenario.policies.first { $0.id == "still-rationed" }?.rationing == rationed.rationing)
        #expect(scenario.policies.first { $0.id == "cleared" }?.rationing.isEmpty == true)
        // Two units reserved for GOLD-4H on top of two-spares' 2 at the depot.
        let reserving = try #require(Self.load("""
              - id: reserving
                extends: two-spares
                reserved: [{location: DEPOT-UTR, part: PSU-750, units: 2, contract: GOLD-4H}]
            """).scenario?.policies.first { $0.id == "reserving" })
        #expect(reserving.level(location: 1, part: 0) == .baseStock(level: 4))
        #expect(reserving.rationing == [Rationing(locations: [1], parts: [0], keep: 2, upToTier: 0, contract: 0)])
        let bad = Self.load("""
              - id: wrong
                extends: two-spares
                rationing:
                  - {locations: [SUP-PSU], keep: 1, up_to_tier: 1}
                  - {locations: [DEPOT-UTR], keep: 0, up_to_tier: 1, parts: ["NOPE*"]}
                  - {keep: 1, up_to_tier: 1, tier: 2}
                reserved:
                  - {location: SUP-PSU, part: PSU-750, units: 1, contract: GOLD-4H}
                  - {location: DEPOT-UTR, part: PSU-750, units: 1, contract: SILVER}
            """)
        let text = bad.diagnostics.errors.map { "\($0)" }.joined(separator: "\n")
        for expected in ["stocking locations (central, hub or FSL) to ration", "'SUP-PSU', which holds no stock", "a whole number from 1",
                         "a part id or pattern that matches at least one part", "unknown key 'tier'", "'locations'",
                         "a stocking location (central, hub or FSL) to reserve stock at", "a known contract id"] {
            #expect(text.contains(expected), "no '\(expected)' in:\n\(text)")
        }
    }

    @Test("mistakes in extending policies are located")
    func mistakes() {
        let load = Self.load("""
              - id: a
                extends: one-spars
              - id: b
                extends: one-spare
                replenishment: {central: s_S}
              - id: c
                extends: one-spare
                stock: {levels: [{location: DEPOT-UTR, part: PSU-750, add: 1, level: 4}]}
              - id: d
                extends: one-spare
                stock: {levels: [{location: DEPOT-UTR, part: PSU-750, add: -2}]}
              - id: e
                extends: later
              - id: later
                extends: one-spare
            """)
        #expect(load.scenario == nil)
        let text = load.diagnostics.all.map(\.description)
        for part in ["policies[2].extends: expected a policy defined before this one (in the scenario, or a policy file named earlier); found 'one-spars' (did you mean 'one-spare'?)",
                     "policies[3].replenishment: expected no replenishment in a policy that extends another",
                     "policies[4].stock.levels[0].level: expected either add or the level's numbers, not both",
                     "policies[5].stock.levels[0].add: expected a change that leaves the level at 0 or more; found add -2 to 1 units",
                     "policies[6].extends: expected a policy defined before this one"] {
            #expect(text.contains { $0.contains(part) }, "no '\(part)' in\n\(text.joined(separator: "\n"))")
        }
    }

    @Test("add on the other replenishment kinds moves the ceiling and keeps the lower number below it")
    func addingKinds() {
        #expect(ScenarioReader.adding(2, to: .sS(reorderPoint: 1, orderUpTo: 3), kind: .sS) == .sS(reorderPoint: 3, orderUpTo: 5))
        #expect(ScenarioReader.adding(-3, to: .sS(reorderPoint: 1, orderUpTo: 3), kind: .sS) == StockLevel.none)
        #expect(ScenarioReader.adding(1, to: .rQ(reorderPoint: 2, quantity: 4), kind: .rQ) == .rQ(reorderPoint: 3, quantity: 4))
        #expect(ScenarioReader.adding(-1, to: .minMax(min: 1, max: 2), kind: .minMax) == .minMax(min: 0, max: 1))
        #expect(ScenarioReader.adding(2, to: StockLevel.none, kind: .minMax) == .minMax(min: 2, max: 2))
        #expect(ScenarioReader.adding(-1, to: .baseStock(level: 0), kind: .baseStock) == nil)
    }

    @Test("a fill-rate rule resolves to the Poisson levels computed by hand")
    func ruleLevels() throws {
        // Depot demand 0.05 an hour, a 10-hour purchase lead time: lead-time demand Poisson(0.5),
        // P(X ≤ 0) = 0.6065, P(X ≤ 1) = 0.9098, P(X ≤ 2) = 0.9856. A 90% fill needs S = 2, 95% S = 3.
        let text = """
            version: 1
            scenario: {name: rule, currency: EUR, horizon: 1000h, start: 2027-01-04}
            locations:
              - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 10h}
              - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
            parts:
              - {id: P, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP}
            equipment:
              - {id: E, repair_time: 1h, parts: [{part: P, quantity: 100, failure: {mtbf: 2000h}}]}
            sites:
              - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [DEPOT], units: {E: 1}}
            modes: [{id: m, name: m}]
            lanes: [{from: DEPOT, to: S, mode: m, transit: 1h}]
            technicians: [{id: T, base: DEPOT, headcount: 1, shifts: 24x7, skills: [], speed: 50}]
            contracts: [{id: C, tier: 1, fee: 0, period: month, response: {measure: parts_on_site, clock: 24x7, target: 4h}}]
            policies:
              - {id: ninety, stock: {rule: {fill_rate: 90%, echelons: [central]}}}
              - {id: ninety-five, stock: {rule: {fill_rate: 95%, echelons: [central]}}}
              - id: ninety-five-plus-one
                extends: ninety-five
                stock: {levels: [{location: DEPOT, part: P, add: 1}]}
            """
        let scenario = try #require(ScenarioLoadingTests.load(["s.yaml": text]).scenario)
        let units = scenario.policies.indices.map { StockPlan(scenario: scenario, policy: $0).units }
        #expect(units == [2, 3, 4])
        let plan = StockPlan(scenario: scenario, policy: 1)
        #expect(plan.byEchelon == [.init(name: "central", lines: 1, units: 3, investment: 300)])
        #expect(plan.csv == "policy,location,echelon,part,kind,a,b,units,investment\nninety-five,DEPOT,central,P,base_stock,3,,3,300.00\n")
    }
}
