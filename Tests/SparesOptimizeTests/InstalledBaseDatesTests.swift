import Foundation
import Testing
import SparesModel
import SparesOptimize
import SparesSim
import SparesStatistics

/// An installed base that changes during the run: rows with installation and removal days. Failures
/// follow the units in service (counts per span by hand), availability counts only their hours, the
/// rules and the analytic model average the rows over the measured span, and parts balance.
@Suite("Installed base over time")
struct InstalledBaseDatesTests {
    /// One site (UTC) with, per unit, 1,000 instances of an exponential part at 0.05 failures per
    /// unit-hour in total: 2 units always, 3 installed on 2027-03-01 (hour 1,344 from Monday
    /// 2027-01-04), 1 removed on 2027-06-07 (hour 3,696); 40 weeks (6,720 h), no warm-up.
    /// `life` replaces the exponential life (wear-out lives are kept one by one in dated rows).
    static func yaml(life: String = "{mtbf: 20000h}", horizon: String = "6720h") -> String {
        """
        version: 1
        scenario: {name: dated base, currency: EUR, horizon: \(horizon), warm_up: 0h, start: 2027-01-04}
        locations:
          - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 10h}
          - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0, source: SUP}
        parts:
          - {id: P, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP}
        equipment:
          - {id: E, repair_time: 1m, parts: [{part: P, quantity: 1000, failure: \(life)}]}
        sites:
          - id: S
            lat: 52.0
            lon: 5.0
            utc_offset: 0
            contract: C
            serving: [DEPOT]
            units:
              - {equipment: E, count: 2}
              - {equipment: E, count: 3, installed: 2027-03-01}
              - {equipment: E, count: 1, removed: 2027-06-07}
        modes: [{id: m, name: m}]
        lanes:
          - {from: SUP, to: DEPOT, mode: m, transit: 0h}
          - {from: DEPOT, to: S, mode: m, transit: 0h}
        technicians:
          - {id: T, lat: 52.0, lon: 5.0, utc_offset: 0, headcount: 1000, shifts: 24x7, skills: [], speed: 50}
        contracts:
          - {id: C, tier: 1, fee: 0, period: quarter, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
        policies:
          - id: p
            stock: {levels: [{location: DEPOT, part: P, level: 40}]}
        """
    }

    static let installAt = 1344.0, removeAt = 3696.0, end = 6720.0, perUnit = 0.05

    /// Failures in [0, 1,344 h) come from 3 units, in [1,344, 3,696) from 6, in [3,696, 6,720) from 5:
    /// Poisson counts of mean 3·0.05·1,344 = 201.6, 6·0.05·2,352 = 705.6 and 5·0.05·3,024 = 756 per
    /// replication (the handful of instances down at once barely thins them: 1 in 10,000).
    @Test("Failures per span follow the units in service (by hand); availability counts their hours")
    func failuresFollowCounts() throws {
        let scenario = try BaseRepairTests.load(Self.yaml())
        let spans: [(from: Double, to: Double, units: Double)] = [(0, Self.installAt, 3), (Self.installAt, Self.removeAt, 6), (Self.removeAt, Self.end, 5)]
        var counts = spans.map { _ in RunningStatistics() }
        for r in 0..<10 {
            let outcome = Replication.run(scenario, policy: 0, seed: BaseRepairTests.seed, replication: UInt64(r), trace: true)
            let failures = outcome.trace.records.filter { $0.event == .failure }.map(\.time)
            for (k, span) in spans.enumerated() {
                counts[k].add(Double(failures.filter { $0 >= span.from && $0 < span.to }.count))
            }
            let result = outcome.result
            #expect(result.census.allSatisfy { $0.balance == 0 }, "\(result.census)")
            // Removed units keep their parts (installed, no longer failing): all 6,000 instances
            // but the few failed ones awaiting their swap.
            let census = try #require(result.census.first)
            #expect(census.installed <= 6000 && census.installed >= 6000 - 50, "\(census)")
            // Unit-hours of the contract's periods: 3 × 1,344 + 6 × 2,352 + 5 × 3,024.
            let unitHours = result.contracts.reduce(0) { $0 + $1.unitHours }
            #expect(abs(unitHours - (3 * 1344 + 6 * 2352 + 5 * 3024)) < 1e-6, "\(unitHours)")
            #expect(outcome.trace.records.contains { $0.event == .unitsInstalled && $0.time == Self.installAt })
        }
        for (k, span) in spans.enumerated() {
            let expected = span.units * Self.perUnit * (span.to - span.from)
            let ci = counts[k].confidenceInterval(level: 0.999)
            #expect(ci.contains(expected), "span \(k): \(ci) vs \(expected)")
        }
    }

    /// Wear-out lives in dated rows are kept one by one: installed units start new, the units in
    /// service from the start are stationary. Weibull of shape 3 and mean 2,000 h (scale
    /// 2,000/Γ(4/3)): over the 500 h after the installation, the 3,000 stationary instances fail
    /// 3,000 × 500/2,000 = 750 times on average and the 3,000 new ones 3,000 × M(500); from 1,500 to
    /// 2,000 h after it, 750 again and 3,000 × (M(2,000) − M(1,500)), M the renewal function of an
    /// ordinary renewal process (M = F + M ∗ F, solved on a 1 h grid). Tolerance: Poisson's 3.3 sd,
    /// wider than a renewal count's.
    @Test("Units installed inside the run start new lives, the others stay stationary")
    func newLives() throws {
        let scenario = try BaseRepairTests.load(Self.yaml(life: "{dist: weibull, shape: 3, mean: 2000h}"))
        let scale = 2000 / tgamma(4.0 / 3.0)
        func F(_ t: Double) -> Double { 1 - exp(-pow(t / scale, 3)) }
        let replications = 4
        var early = 0, late = 0
        for r in 0..<replications {
            let outcome = Replication.run(scenario, policy: 0, seed: BaseRepairTests.seed, replication: UInt64(r), trace: true)
            let times = outcome.trace.records.filter { $0.event == .failure }.map(\.time)
            #expect(outcome.result.census.allSatisfy { $0.balance == 0 })
            early += times.filter { $0 >= Self.installAt && $0 < Self.installAt + 500 }.count
            late += times.filter { $0 >= Self.installAt + 1500 && $0 < Self.installAt + 2000 }.count
        }
        // The renewal function on a 1 h grid: M(k) = F(k) + Σ_j M(k − j)·(F(j) − F(j − 1)).
        var M = [Double](repeating: 0, count: 2001)
        for k in 1...2000 {
            var m = F(Double(k))
            for j in 1...k { m += M[k - j] * (F(Double(j)) - F(Double(j - 1))) }
            M[k] = m
        }
        let n = Double(replications)
        let expectedEarly = n * (750 + 3000 * M[500]), expectedLate = n * (750 + 3000 * (M[2000] - M[1500]))
        #expect(abs(Double(early) - expectedEarly) < 3.3 * expectedEarly.squareRoot(), "early \(early) vs \(expectedEarly)")
        #expect(abs(Double(late) - expectedLate) < 3.3 * expectedLate.squareRoot(), "late \(late) vs \(expectedLate)")
    }

    /// The stocking rules and the analytic model take a dated row by its share of the measured span
    /// in service: the demand is (2 + 3·(6,720 − 1,344)/6,720 + 1·3,696/6,720) × 0.05 per hour.
    @Test("Rules and the analytic model average dated rows over the measured span")
    func averagedDemand() throws {
        let scenario = try BaseRepairTests.load(Self.yaml())
        let units = 2 + 3 * (Self.end - Self.installAt) / Self.end + 1 * Self.removeAt / Self.end
        let rate = try #require(StockProblem(scenario).parts.first?.model.nodes.first?.rate)
        #expect(abs(rate - units * Self.perUnit) < 1e-12, "\(rate) vs \(units * Self.perUnit)")
        let ruled = try BaseRepairTests.load(Self.yaml().replacingOccurrences(
            of: "stock: {levels: [{location: DEPOT, part: P, level: 40}]}", with: "stock: {rule: {fill_rate: 95%, echelons: [central]}}"))
        // Base stock for 95% fill over the 10 h lead time: the smallest S with P(N ≤ S − 1) ≥ 0.95.
        let mean = units * Self.perUnit * 10
        var pmf = exp(-mean), cdf = 0.0, s = 0
        while cdf < 0.95 { cdf += pmf; s += 1; pmf *= mean / Double(s) }
        #expect(ruled.policies[0].level(location: 1, part: 0).targetPosition == s)
    }

    /// A superseded part's demand, in the stationary models, moves to its successor for the share
    /// of the measured span after its day: P superseded by Q on 2027-03-01 (hour 1,344 of 6,720)
    /// keeps 20% of its demand, Q takes 80%; the stocking rules see the same split.
    @Test("Supersession in the analytic model and the rules: the demand split at the day")
    func supersededSplit() throws {
        let text = Self.yaml()
            .replacingOccurrences(of: "  - {id: P, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP}",
                                  with: "  - {id: P, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP, superseded: {by: Q, from: 2027-03-01}}\n  - {id: Q, cost: 120, holding_rate: 20%, type: consumable, supplier: SUP}")
            .replacingOccurrences(of: "stock: {levels: [{location: DEPOT, part: P, level: 40}]}", with: "stock: {rule: {fill_rate: 95%, echelons: [central]}}")
        let scenario = try BaseRepairTests.load(text)
        let units = 2 + 3 * (Self.end - Self.installAt) / Self.end + 1 * Self.removeAt / Self.end
        let total = units * Self.perUnit, before = Self.installAt / Self.end
        let problem = StockProblem(scenario)
        func rate(_ id: String) -> Double? { problem.parts.first { scenario.parts[$0.part].id == id }?.model.nodes.first?.rate }
        #expect(abs((rate("P") ?? 0) - total * before) < 1e-12, "\(rate("P") ?? 0)")
        #expect(abs((rate("Q") ?? 0) - total * (1 - before)) < 1e-12, "\(rate("Q") ?? 0)")
        func level(_ mean: Double) -> Int {
            var pmf = exp(-mean), cdf = 0.0, s = 0
            while cdf < 0.95 { cdf += pmf; s += 1; pmf *= mean / Double(s) }
            return s
        }
        #expect(scenario.policies[0].level(location: 1, part: 0).targetPosition == level(total * before * 10))
        #expect(scenario.policies[0].level(location: 1, part: 1).targetPosition == level(total * (1 - before) * 10))
    }

    /// Refused: a removal not after the installation, a day that is no date.
    @Test("Dated rows: errors are located")
    func errors() throws {
        func diagnostics(_ text: String) -> [String] {
            ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": text])).diagnostics.all.map { "\($0)" }
        }
        let bad = Self.yaml().replacingOccurrences(of: "{equipment: E, count: 3, installed: 2027-03-01}",
                                                    with: "{equipment: E, count: 3, installed: 2027-03-01, removed: 2027-02-01}")
        #expect(diagnostics(bad).contains { $0.contains("a removal day after the installation day") && $0.contains("s.yaml:") })
        let notDate = Self.yaml().replacingOccurrences(of: "installed: 2027-03-01", with: "installed: March")
        #expect(diagnostics(notDate).contains { $0.contains("'March'") || $0.contains("\"March\"") || $0.contains("March") })
        let unknown = Self.yaml().replacingOccurrences(of: "installed: 2027-03-01", with: "instaled: 2027-03-01")
        #expect(diagnostics(unknown).contains { $0.contains("installed") })
    }
}
