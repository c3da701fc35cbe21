import Foundation
import Testing
import SparesReference
import SparesStatistics

/// The reference M/M/c queue against ORACLES.md O3 (Erlang C). Each check runs independent
/// replications and requires (1) the oracle inside the 99.9% t-interval, so a correct model passes
/// at any seed with high probability, and (2) that interval's half-width below a stated share of the
/// oracle, so a model off by that share fails: the test's power, stated rather than assumed.
@Suite("M/M/c reference queue")
struct MMcQueueTests {
    struct Estimates {
        var wait = RunningStatistics()
        var delayed = RunningStatistics()
    }

    /// The master seed: fixed, or `SPARES_TEST_SEED` to check that the tolerances hold at other seeds.
    static let seed: UInt64 = ProcessInfo.processInfo.environment["SPARES_TEST_SEED"].flatMap { UInt64($0) } ?? 20261122

    static func replicate(_ configuration: MMcConfiguration, replications: Int) throws -> Estimates {
        var estimates = Estimates()
        for replication in 0..<replications {
            let run = try MMcRun.simulate(configuration, seed: Self.seed, replication: UInt64(replication))
            estimates.wait.add(run.meanWait)
            estimates.delayed.add(run.probabilityOfWait)
        }
        return estimates
    }

    @Test("M/M/5, λ = 4.5, μ = 1 reproduces Erlang C's mean wait 1.52499")
    func referenceQueue() throws {
        let estimates = try Self.replicate(.reference(customers: 200_000, warmupCustomers: 20_000), replications: 30)
        let wide = estimates.wait.confidenceInterval(level: 0.999)
        #expect(wide.contains(1.52499), "Wq \(wide)")
        // A model whose mean wait is 6% off fails (half-widths seen over 8 seeds: 3.3% to 4.3%).
        #expect(wide.relativeHalfWidth < 0.06, "Wq \(wide)")
        // P(wait) = C(5, 4.5) = 0.7625 (from the same Erlang formulas, see erlangC below).
        let c = Self.erlangC(servers: 5, load: 4.5)
        #expect(abs(c - 0.76249) < 1e-5)
        #expect(estimates.delayed.confidenceInterval(level: 0.999).contains(c), "P(wait) \(estimates.delayed.confidenceInterval(level: 0.999))")
    }

    /// ORACLES.md O3 table: λ = 1.5 per hour, h = 2 h (a = 3).
    @Test(
        "the O3 table: P(wait) and mean wait for c = 4, 5, 6",
        arguments: [(4, 0.50943, 1.019), (5, 0.23615, 0.236), (6, 0.09914, 0.066)])
    func erlangTable(_ servers: Int, _ printedProbability: Double, _ printedWait: Double) throws {
        let configuration = MMcConfiguration(
            arrivalRate: 1.5, meanServiceTime: 2, servers: servers, customers: 150_000, warmupCustomers: 5_000)
        // The oracle table recomputed to its printed digits: C from Erlang B, Wq = C·h/(c − a).
        let probabilityOfWait = Self.erlangC(servers: servers, load: 3)
        let meanWait = probabilityOfWait * 2 / (Double(servers) - 3)
        #expect(abs(probabilityOfWait - printedProbability) < 5e-6)
        #expect(abs(meanWait - printedWait) < 5e-4)

        let estimates = try Self.replicate(configuration, replications: 16)
        let waits = estimates.wait.confidenceInterval(level: 0.999)
        let delayed = estimates.delayed.confidenceInterval(level: 0.999)
        #expect(waits.contains(meanWait), "c = \(servers): Wq \(waits)")
        #expect(delayed.contains(probabilityOfWait), "c = \(servers): P(wait) \(delayed)")
        // A model whose mean wait is 8% off, or whose P(wait) is 4% off, fails (half-widths seen
        // over 8 seeds: Wq 2.1% to 4.7%, P(wait) 0.7% to 2.6%).
        #expect(waits.relativeHalfWidth < 0.08, "c = \(servers): Wq \(waits)")
        #expect(delayed.relativeHalfWidth < 0.04, "c = \(servers): P(wait) \(delayed)")
    }

    @Test("Little's law holds on the sample path: ∫ Q(t) dt equals the sum of waits")
    func littlesLaw() throws {
        // From empty to empty, the area under the queue-length curve is exactly the total time
        // customers spent waiting; L = λ̂·W with λ̂ = N / T.
        let run = try MMcRun.simulate(.reference(customers: 50_000), seed: 7, replication: 0)
        #expect(run.customers == 50_000)
        #expect(abs(run.queueArea - run.totalWait) <= 1e-9 * run.totalWait)
        let arrivalRate = Double(run.customers) / run.endTime
        let littleL = arrivalRate * run.totalWait / Double(run.customers)
        #expect(abs(run.queueArea / run.endTime - littleL) <= 1e-9 * littleL)
        // Number in system: L = λ(Wq + h) up to the service-time sample mean; checked statistically.
        #expect(abs(run.systemArea / run.endTime - littleL - 4.5) < 0.25)
    }

    @Test("same seed and replication give bit-identical results; other replications differ")
    func deterministic() throws {
        let configuration = MMcConfiguration.reference(customers: 20_000)
        let a = try MMcRun.simulate(configuration, seed: 11, replication: 3)
        let b = try MMcRun.simulate(configuration, seed: 11, replication: 3)
        let c = try MMcRun.simulate(configuration, seed: 11, replication: 4)
        #expect(a.meanWait.bitPattern == b.meanWait.bitPattern)
        #expect(a.queueArea.bitPattern == b.queueArea.bitPattern)
        #expect(a.endTime.bitPattern == b.endTime.bitPattern && a.events == b.events)
        #expect(a.meanWait != c.meanWait)
        #expect(a.events == 2 * 20_000)
    }

    /// Erlang C from the Erlang B recursion (ORACLES.md O2, O3).
    static func erlangC(servers: Int, load a: Double) -> Double {
        var b = 1.0
        for k in 1...servers { b = a * b / (Double(k) + a * b) }
        let c = Double(servers)
        return c * b / (c - a * (1 - b))
    }
}
