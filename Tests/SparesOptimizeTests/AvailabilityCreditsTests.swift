import Foundation
import Testing
import SparesModel
import SparesRandom
import SparesSim
@testable import SparesOptimize

/// The analytic availability-credit model (`AvailabilityCredits`) against the exact compound Poisson
/// law and against the simulation.
///
/// One site of 8 units, each with one part failing at 1/800 per hour (10⁻² per hour in all), parts
/// always on the depot's shelf 2 h away (deterministic) and the technician at the site, an exponential
/// repair of mean 3 h: every incident's downtime is exactly X = 2 + Exp(3), so a quarter's downtime D
/// is compound Poisson and, given N = n incidents, 2n + Gamma(n, 3): P(D > h) = Σₙ P(N = n) ×
/// Q(n, (h − 2n) / 3), the exact tail. A down unit's part cannot fail again, which thins the rate by
/// the share of units down (0.6%); that moves the expected credit by well under its interval.
@Suite("Availability credits")
struct AvailabilityCreditsTests {
    static let yaml = """
        version: 1
        scenario: {name: credits, currency: EUR, horizon: 17520h, warm_up: 0h, start: 2027-01-01}
        locations:
          - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 24h}
          - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
        parts:
          - {id: P, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP}
        equipment:
          - id: E
            repair_time: {dist: exponential, mean: 3h}
            parts: [{part: P, quantity: 1, failure: {mtbf: 800h}}]
        sites:
          - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [DEPOT], units: {E: 8}}
        modes: [{id: m, name: m}]
        lanes:
          - {from: DEPOT, to: S, mode: m, transit: 2h}
        technicians:
          - {id: T, base: DEPOT, headcount: 100, shifts: 24x7, skills: [], speed: 50}
        contracts:
          - id: C
            tier: 1
            fee: 10000
            period: quarter
            response: {measure: parts_on_site, clock: 24x7, target: 4h}
            availability:
              target: 99%
              credits: [{below: 99%, share: 5%}, {below: 98.5%, share: 10%}]
              bonus: {above: 99.5%, share: 2%}
        policies:
          - id: p
            stock: {levels: [{location: DEPOT, part: P, level: 40}]}
        """

    static func scenario() throws -> Scenario {
        let loaded = ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": yaml]))
        return try #require(loaded.scenario, "\(loaded.diagnostics.all)")
    }

    /// P(D > h) for a period of `hours`: 8 units × 10⁻²/8 per hour, X = 2 + Exp(3).
    static func exactTail(_ h: Double, hours: Double) -> Double {
        let mu = 0.01 * hours
        var tail = 0.0
        for n in 1...400 {
            let p = exp(Double(n) * log(mu) - mu - lgamma(Double(n) + 1))
            tail += p * GammaTail.upper(h - 2 * Double(n), shape: Double(n), scale: 3)
        }
        return tail
    }

    /// The contract's expected credit less bonus for one full period of `hours`, exactly.
    static func exactCost(hours: Double) -> Double {
        let unitHours = 8 * hours
        let tier1 = exactTail(0.01 * unitHours, hours: hours), tier2 = exactTail(0.015 * unitHours, hours: hours)
        let bonus = 1 - exactTail(0.005 * unitHours, hours: hours)
        return 500 * (tier1 - tier2) + 1000 * tier2 - 200 * bonus
    }

    @Test("the two-moment gamma tail is within 0.015 of the exact compound Poisson tail (measured: 0.0106 at worst)")
    func tailAgainstExact() {
        let hours = 2190.0, mu = 0.01 * hours
        let tail = AvailabilityCredits.downtimeTail(incidentsPerPeriod: mu, meanPerIncident: 5, secondPerIncident: 4 + 12 + 18)
        for h in stride(from: 20.0, through: 260, by: 10) {
            #expect(abs(tail(h) - Self.exactTail(h, hours: hours)) < 0.015, "h = \(h): \(tail(h)) against \(Self.exactTail(h, hours: hours))")
        }
        // A rare single incident (one a period on average): the atom at no incident is exact.
        let rare = AvailabilityCredits.downtimeTail(incidentsPerPeriod: 1, meanPerIncident: 5, secondPerIncident: 34)
        #expect(abs(rare(0) - (1 - exp(-1))) < 1e-12)
    }

    @Test("the greedy's site model has the scenario's times: X = max(transit, travel) + repair")
    func siteMoments() throws {
        let scenario = try Self.scenario()
        let greedy = ContractGreedy(scenario, policy: 0)
        let stock = MarginalAnalysis(greedy.problem).stock(of: scenario.policies[0])
        let figures = greedy.problem.parts.indices.map { greedy.figures($0, stock: stock[$0]) }
        let sums = greedy.downtimeSums(figures)
        let site = greedy.credits.sites[0]
        #expect(abs(site.incidents - 0.01) < 1e-15)
        // Level 40 against a mean pipeline of 0.24: the shelf never runs out (backorder wait weight < 1e-40).
        #expect(abs(sums.first[0] / site.incidents - 5) < 1e-9 && abs(sums.second[0] / site.incidents - 34) < 1e-9)
    }

    @Test("the expected credits less bonuses: analytic within 5% of exact (measured: 3.2%), simulated within its 99.9% interval of exact")
    func againstSimulation() throws {
        let scenario = try Self.scenario()
        let greedy = ContractGreedy(scenario, policy: 0)
        let stock = MarginalAnalysis(greedy.problem).stock(of: scenario.policies[0])
        let figures = greedy.problem.parts.indices.map { greedy.figures($0, stock: stock[$0]) }
        let analytic = greedy.credits(figures).total
        // A year of four quarters (90 + 91 + 92 + 92 days, 2027) against the model's four of 2190 h:
        // the model's period length moves the credit by about 0.1%, the gamma fit by about 3%.
        let exactYear = [90.0, 91, 92, 92].reduce(0) { $0 + Self.exactCost(hours: $1 * 24) }
        #expect(abs(analytic - exactYear) < 0.05 * abs(exactYear), "analytic \(analytic), exact \(exactYear)")

        let seed = UInt64(ProcessInfo.processInfo.environment["SPARES_TEST_SEED"] ?? "") ?? 7
        var samples: [Double] = [], exact: [Double] = []
        for r in 0..<250 {
            let result = Replication.run(scenario, policy: 0, seed: seed, replication: UInt64(r)).result
            for row in result.contracts where row.coverage == 1 {
                samples.append(row.credits - row.bonuses)
                exact.append(Self.exactCost(hours: row.unitHours / 8))
            }
        }
        let n = Double(samples.count)
        let diffs = zip(samples, exact).map { $0 - $1 }
        let mean = diffs.reduce(0, +) / n
        let sd = (diffs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let half = StandardNormal.quantile(0.9995) * sd / n.squareRoot()
        // Seven full quarters: 730 days from 2027-01-01 end on 2028-12-30, inside the eighth.
        #expect(samples.count == 250 * 7)
        #expect(abs(mean) < half, "simulated − exact per period \(mean) ± \(half)")
    }
}
