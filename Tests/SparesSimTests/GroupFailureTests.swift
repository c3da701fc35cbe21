import Foundation
import Testing
import SparesModel
import SparesRandom
import SparesStatistics
@testable import SparesSim

/// Groups of exponential lives (`InstalledBase`, `GroupFailures`): one Poisson process per group
/// instead of one life per instance, the same law by memorylessness.
@Suite("Group failure processes")
struct GroupFailureTests {
    /// One site of `units` units with `quantity` instances of P each, failing at `rate` per hour in all;
    /// parts always on the depot's shelf at the site, a minute's repair.
    static func yaml(units: Int, quantity: Int, rate: Double, horizon: Int) -> String {
        let mtbf = Double(units * quantity) / rate
        return """
            version: 1
            scenario: {name: groups, currency: EUR, horizon: \(horizon)h, warm_up: 100h, start: 2027-01-04}
            locations:
              - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 2h}
              - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
            parts:
              - {id: P, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP}
            equipment:
              - id: E
                repair_time: 1m
                parts: [{part: P, quantity: \(quantity), failure: {mtbf: \(mtbf)h}}]
            sites:
              - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [DEPOT], units: {E: \(units)}}
            modes: [{id: m, name: m}]
            lanes:
              - {from: DEPOT, to: S, mode: m, transit: 0h}
            technicians:
              - {id: T, base: DEPOT, headcount: 1000, shifts: 24x7, skills: [], speed: 50}
            contracts:
              - {id: C, tier: 1, fee: 0, period: month, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
            policies:
              - id: p
                stock: {levels: [{location: DEPOT, part: P, level: 200}]}
            """
    }

    @Test("the base holds one group per (installed row, exponential line) and no instance of it")
    func layout() throws {
        let scenario = try OracleScenario.load(Self.yaml(units: 3, quantity: 2, rate: 0.1, horizon: 1000))
        let grouped = InstalledBase(scenario)
        #expect(grouped.groupCount == 1 && grouped.instanceCount == 0 && grouped.groupSize(0) == 6 && grouped.unitCount == 3)
        #expect(grouped.installedByPart == [6] && grouped.groupEntity == [0])
        let single = InstalledBase(scenario, grouping: false)
        #expect(single.groupCount == 0 && single.instanceCount == 6 && single.instanceKeys == nil)
        // A part a swap rule needs the age of stays per instance, keyed as written.
        let swapped = InstalledBase(scenario, individual: [0])
        #expect(swapped.groupCount == 0 && swapped.instanceCount == 6 && swapped.instanceKeys == nil)
    }

    /// Of 3 units × 2 instances, one failed: the next failure hits each of the 5 working instances
    /// with probability 1/5, so its own unit (one working instance left) with 1/5 and each other
    /// unit with 2/5. 20,000 independent pairs, against the binomial 99.9% interval.
    @Test("the unit hit is uniform over the working instances")
    func uniformHit() throws {
        let scenario = try OracleScenario.load(Self.yaml(units: 3, quantity: 2, rate: 0.1, horizon: 1000))
        let base = InstalledBase(scenario)
        let family = StreamFamily(masterSeed: OracleScenario.seed, replication: 0, purpose: .partLife)
        let n = 20_000
        var same = 0
        var firstUnits = [0, 0, 0]
        for trial in 0..<n {
            var groups = GroupFailures(base)
            let stream = family.stream(for: UInt64(trial))
            let first = groups.fail(0, units: 3, quantity: 2, stream: stream)
            let second = groups.fail(0, units: 3, quantity: 2, stream: stream)
            firstUnits[first.unit] += 1
            if first.unit == second.unit { same += 1 }
            #expect(groups.working[0] == 4 && first.ordinal == 0 && second.ordinal == 1)
            #expect(first.unit == second.unit ? groups.failedCount(0, unit: first.unit) == 2
                    : groups.failedCount(0, unit: first.unit) == 1 && groups.failedCount(0, unit: second.unit) == 1)
        }
        let z = StandardNormal.quantile(0.9995)
        let p = 0.2, half = z * (p * (1 - p) / Double(n)).squareRoot()
        #expect(abs(Double(same) / Double(n) - p) < half, "P(same unit) \(Double(same) / Double(n))")
        for count in firstUnits {
            let third = 1.0 / 3, h = z * (third * (1 - third) / Double(n)).squareRoot()
            #expect(abs(Double(count) / Double(n) - third) < h)
        }
        // Both instances of a unit failed: the group's next failure can only hit the other units.
        var groups = GroupFailures(base)
        var hits = Set<Int>()
        for k in 0..<6 {
            hits.insert(groups.fail(0, units: 3, quantity: 2, stream: family.stream(for: UInt64(n + k))).unit)
        }
        #expect(groups.working[0] == 0 && hits == [0, 1, 2] && (0..<3).allSatisfy { groups.failedCount(0, unit: $0) == 2 })
        groups.replace(0, unit: 1)
        #expect(groups.working[0] == 1 && groups.fail(0, units: 3, quantity: 2, stream: family.stream(for: 99)).unit == 1)
    }

    /// 1,000 instances (100 units × 10) failing at 0.05 per hour in all over 20,000 h, restored
    /// within minutes: failures per replication are Poisson of mean 1,000 to within the instances
    /// down at a time (about 0.001 of 1,000 instances: a thinning of 1e-6). Grouped and one life per
    /// instance, 150 replications each: each mean inside its 99.9% interval around 1,000, each
    /// variance inside its chi-squared 99.9% interval around 1,000, and the two means together.
    @Test("failures per replication: Poisson, grouped and one life per instance alike")
    func poissonCounts() throws {
        let scenario = try OracleScenario.load(Self.yaml(units: 100, quantity: 10, rate: 0.05, horizon: 20_000))
        let n = 150, mean = 1_000.0
        func counts(_ grouped: Bool) -> [Double] {
            (0..<n).map { r in
                Double(Replication.run(scenario, policy: 0, seed: OracleScenario.seed, replication: UInt64(r), groupedLives: grouped).result.incidents.failures)
            }
        }
        let z = StandardNormal.quantile(0.9995)
        var means: [Double] = []
        for grouped in [true, false] {
            let x = counts(grouped)
            let m = x.reduce(0, +) / Double(n)
            let v = x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
            #expect(abs(m - mean) < z * (mean / Double(n)).squareRoot(), "grouped \(grouped): mean \(m)")
            let lower = ChiSquared.upperQuantile(0.9995, degreesOfFreedom: Double(n - 1)) * mean / Double(n - 1)
            let upper = ChiSquared.upperQuantile(0.0005, degreesOfFreedom: Double(n - 1)) * mean / Double(n - 1)
            #expect(v > lower && v < upper, "grouped \(grouped): variance \(v) outside \(lower) to \(upper)")
            means.append(m)
        }
        #expect(abs(means[0] - means[1]) < z * (2 * mean / Double(n)).squareRoot())
    }

    /// Wear groups: 2,000 instances (200 units × 10) with Weibull lives of shape 2 and mean 20,000 h,
    /// replaced within minutes, over a 20,000 h horizon after 100 h of warm-up. A stationary renewal
    /// process fails H / μ times in expectation over any span of H hours, so each replication's
    /// failures average 2,000 × 20,000 / 20,000 = 2,000 exactly (less the instances down at a time:
    /// a thinning of about 1e-5). Only the instances that fail within the run are materialised (the
    /// first failures inside 20,100 h: p = F_e(20,100 h) = erf(20,100 / η) = 0.7922, about 1,584 of 2,000); 150
    /// replications each way: both means inside their 99.9% t-intervals around 2,000, and together.
    @Test("wear groups: only the instances that fail are simulated, and the renewal count keeps its mean")
    func wearGroups() throws {
        let scale = 20_000 / tgamma(1.5)
        let yaml = Self.yaml(units: 200, quantity: 10, rate: 0.1, horizon: 20_000)
            .replacingOccurrences(of: "failure: {mtbf: 20000.0h}", with: "failure: {dist: weibull, shape: 2, scale: \(scale)h}")
        let scenario = try OracleScenario.load(yaml)
        let base = InstalledBase(scenario)
        #expect(base.wearGroupCount == 1 && base.instanceCount == 0 && base.wearSize(0) == 2_000)
        let life = scenario.equipmentTypes[0].bom[0].life
        // F_e of a Weibull of shape 2: P(1/2, (x/η)²) = erf(x/η).
        #expect(abs(life.residualCDF(20_100) - erf(20_100 / scale)) < 1e-12)
        #expect(abs(life.residualCDF(life.residualQuantile(0.3)) - 0.3) < 1e-10)
        let n = 150
        var means: [Double] = [], variances: [Double] = []
        for grouped in [true, false] {
            let x = (0..<n).map { r in
                Double(Replication.run(scenario, policy: 0, seed: OracleScenario.seed, replication: UInt64(r), groupedLives: grouped).result.incidents.failures)
            }
            let m = x.reduce(0, +) / Double(n)
            let v = x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
            let half = StudentT.quantile(0.9995, degreesOfFreedom: Double(n - 1)) * (v / Double(n)).squareRoot()
            #expect(abs(m - 2_000) < half, "grouped \(grouped): mean \(m) ± \(half)")
            means.append(m)
            variances.append(v)
        }
        #expect(abs(means[0] - means[1]) < StandardNormal.quantile(0.9995) * ((variances[0] + variances[1]) / Double(n)).squareRoot())
    }

    /// A bundled network (telecom-field: exponential and wear-out lives, risks, laterals): grouped
    /// against one life per instance, 40 replications each, the replication means of failures, fill,
    /// mean restore time and total cost agree within the two-sample 99.9% interval of their difference.
    @Test("a bundled scenario keeps its distribution with groups")
    func bundledDistribution() throws {
        let scenario = try InvariantTests.bundled("telecom-field")
        let n = 40
        func sample(_ grouped: Bool) -> [[Double]] {
            (0..<n).map { r in
                let result = Replication.run(scenario, policy: 0, seed: OracleScenario.seed, replication: UInt64(r), groupedLives: grouped).result
                let demands = result.stock.reduce(0) { $0 + $1.demands }
                let filled = result.stock.reduce(0.0) { $0 + Double($1.demands) * $1.fillRate }
                return [Double(result.incidents.failures), filled / Double(max(demands, 1)),
                        result.incidents.meanRestore, result.costs.total]
            }
        }
        let a = sample(true), b = sample(false)
        let z = StandardNormal.quantile(0.9995)
        for metric in 0..<4 {
            let x = a.map { $0[metric] }, y = b.map { $0[metric] }
            let mx = x.reduce(0, +) / Double(n), my = y.reduce(0, +) / Double(n)
            let vx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) } / Double(n - 1), vy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) } / Double(n - 1)
            #expect(abs(mx - my) <= z * ((vx + vy) / Double(n)).squareRoot(), "metric \(metric): \(mx) grouped, \(my) per instance")
        }
    }
}
