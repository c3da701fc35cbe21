import Foundation
import Testing
import SparesModel
import SparesOptimize
import SparesSim

/// Fill within the response window (`PolicyEvaluation`) against its exact result: one FSL with base
/// stock S, resupplied one for one from a depot that always has stock over a fixed T hours; Poisson
/// demand λ; a fixed delivery d to the site; a 24x7 parts-on-site window w. A demand's part is on
/// site in time exactly when at most S − 1 other demands came in the T − (w − d) hours before it
/// (Kruse 1981): P = P(Poisson(λ(T − w + d)) ≤ S − 1). The analytic figure must equal it; the
/// simulated attainment must lie within its interval over replications.
@Suite("Fill within the SLA window")
struct WindowFillTests {
    static let lambda = 0.2, lead = 12.0, delivery = 1.0, window = 4.0, stock = 3

    static func scenario(replenishmentLane: String = "") throws -> Scenario {
        let instances = 10_000
        let yaml = """
            version: 1
            scenario: {name: window, currency: EUR, horizon: 20000h, warm_up: 200h, start: 2027-01-04}
            locations:
              - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 10h}
              - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
              - {id: FSL, echelon: fsl, lat: 52.0, lon: 5.0, utc_offset: 0, source: DEPOT}
            parts:
              - {id: P, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP}
            equipment:
              - id: E
                repair_time: 1m
                parts: [{part: P, quantity: \(instances), failure: {mtbf: \(Double(instances) / lambda)h}}]
            sites:
              - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [FSL], units: {E: 1}}
            modes: [{id: m, name: m}]
            lanes:
              - {from: FSL, to: S, mode: m, transit: \(delivery)h}
              - {from: DEPOT, to: FSL, mode: m, transit: \(lead)h\(replenishmentLane)}
            technicians:
              - {id: T, base: DEPOT, headcount: 10000, shifts: 24x7, skills: [], speed: 50}
            contracts:
              - {id: C, tier: 1, fee: 0, period: month, response: {measure: parts_on_site, clock: 24x7, target: \(window)h, attainment: 90%}}
            policies:
              - id: s3
                stock: {levels: [{location: FSL, part: P, level: \(stock)}, {location: DEPOT, part: P, level: 100000}]}
            """
        let loaded = ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": yaml]))
        return try #require(loaded.scenario, "\(loaded.diagnostics.all)")
    }

    /// P(Poisson(m) ≤ k), summed directly.
    static func poissonCDF(_ m: Double, _ k: Int) -> Double {
        var term = exp(-m), sum = term
        for j in stride(from: 1, through: k, by: 1) { term *= m / Double(j); sum += term }
        return sum
    }

    @Test("analytic: P(Poisson(λ(T − w + d)) ≤ S − 1) exactly; simulated attainment within its 99.9% interval over replications")
    func exact() throws {
        let scenario = try Self.scenario()
        let exact = Self.poissonCDF(Self.lambda * (Self.lead - Self.window + Self.delivery), Self.stock - 1)
        let evaluation = PolicyEvaluation(scenario, policy: 0)
        let contract = try #require(evaluation.contracts.first)
        #expect(abs((contract.fillWithinWindow ?? -1) - exact) < 1e-9, "\(contract) against \(exact)")
        // Shelf fill: Palm, P(Poisson(λT) ≤ S − 1).
        #expect(abs(contract.shelfFill - Self.poissonCDF(Self.lambda * Self.lead, Self.stock - 1)) < 1e-9)
        // Successive demands are correlated through the shelf, so the interval comes from independent
        // replications: their shares' mean with its t-based 99.9% interval (9 degrees of freedom).
        var shares: [Double] = []
        var responses = 0
        for r in 0..<10 {
            let result = Replication.run(scenario, policy: 0, seed: 21, replication: UInt64(r)).result
            let n = result.contracts.reduce(0) { $0 + $1.responses }
            responses += n
            shares.append(Double(result.contracts.reduce(0) { $0 + $1.responsesMet }) / Double(n))
        }
        let mean = shares.reduce(0, +) / 10
        let sd = (shares.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 9).squareRoot()
        let half = 4.781 * sd / 10.0.squareRoot()
        #expect(abs(mean - exact) < half, "simulated \(mean) ± \(half), exact \(exact)")
        #expect(responses > 10_000)
    }

    @Test("the wait for a weekday 17:00 departure, by hand: 1,610.5 hours of waiting over a week's 168 ready hours")
    func departureWait() throws {
        // Ready Monday to Friday before 17:00: leaves at once. Monday to Thursday after 17:00: at
        // midnight (7 h, 3.5 h on average). Friday after 17:00 and the weekend: Monday 00:00 (55 h,
        // 27.5 h on average). (28 × 3.5 + 55 × 27.5) / 168 = 9.5863 h.
        let scenario = try Self.scenario(replenishmentLane: ", cutoff: \"17:00\", days: mon-fri")
        let depot = try #require(scenario.locationIndex(named: "DEPOT")), fsl = try #require(scenario.locationIndex(named: "FSL"))
        let lane = try #require(scenario.lanes.lanes.indices.first { scenario.lanes.lanes[$0].from == .location(depot) && scenario.lanes.lanes[$0].to == .location(fsl) })
        #expect(abs(DepartureWait.mean(scenario, from: depot, lane: lane) - 1610.5 / 168) < 1e-9)
        // Without a cutoff from an origin always open: the pick time, 0 here.
        let plain = try Self.scenario()
        #expect(DepartureWait.mean(plain, from: depot, lane: lane) == 0)
    }
}
