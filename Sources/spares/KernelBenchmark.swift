import ArgumentParser
import Foundation
import SparesReference

/// `spares bench-kernel`: times the event kernel on the M/M/5 reference queue (ORACLES.md O3).
///
/// Lives in the CLI so that any machine with the binary alone (a static build carried to a lent
/// machine, a cluster node) can measure the kernel; `Benchmarks/` runs it beside SimPy and counts
/// allocations with package-benchmark.
struct KernelBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-kernel",
        abstract: "Time the event kernel on the M/M/5 reference queue (λ = 4.5, μ = 1).")

    @Option(help: "Customers per run; each makes two events.")
    var customers = 1_000_000

    @Option(help: "Timed runs; the median is reported.")
    var runs = 5

    @Option(help: "Master seed.")
    var seed: UInt64 = 1

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard customers >= 1 else { throw ValidationError("--customers must be at least 1; found \(customers)") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1; found \(runs)") }
    }

    func run() throws { try Self.usage { try execute() } }

    func execute() throws {
        let configuration = MMcConfiguration.reference(customers: customers)
        var rates: [Double] = []
        var last: MMcRun?
        for replication in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try MMcRun.simulate(configuration, seed: seed, replication: UInt64(replication))
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            rates.append(Double(result.events) / seconds)
            last = result
        }
        rates.sort()
        let median = rates[rates.count / 2]
        guard let last else { return }
        if json {
            print(
                #"{"model":"M/M/5","customers":\#(customers),"events":\#(last.events),"runs":\#(runs),"# +
                    #""events_per_second_median":\#(median),"mean_wait_last_run":\#(last.meanWait)}"#)
        } else {
            print("M/M/5 reference, \(customers) customers (\(last.events) events) x \(runs) runs")
            print("events/s: median \(Int(median)), min \(Int(rates[0])), max \(Int(rates[rates.count - 1]))")
            print("mean wait (last run): \(last.meanWait) (Erlang C: 1.52499)")
        }
    }
}
