// Kernel benchmarks on the M/M/5 reference queue (ORACLES.md O3): time, throughput and, through
// package-benchmark's malloc interposer, allocations. Two sizes show that the allocation count does
// not grow with the number of events: zero allocations per event in steady state.

import Benchmark
import SparesReference

let benchmarks: @Sendable () -> Void = {
    /// Tolerance for `swift package benchmark thresholds check` against the committed counts in
    /// `Benchmarks/Thresholds/`. One run of the reference queue makes 8 allocations (two streams: object,
    /// GSL generator and its state each; the event heap; the waiting line) whatever the number of
    /// customers, so any allocation per event fails the check loudly.
    let allocationLimit: [BenchmarkMetric: BenchmarkThresholds] = [
        .mallocCountTotal: .init(absolute: [.p50: 2, .p90: 2, .p100: 2])
    ]
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(20),
        maxIterations: 7,
        thresholds: allocationLimit
    )

    for customers in [100_000, 1_000_000] {
        Benchmark("MM5-kernel-\(customers / 1000)k-customers") { benchmark in
            let configuration = MMcConfiguration.reference(customers: customers)
            for iteration in benchmark.scaledIterations {
                let run = try MMcRun.simulate(configuration, seed: 1, replication: UInt64(iteration))
                blackHole(run)
            }
        }
    }
}
