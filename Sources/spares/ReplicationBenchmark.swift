import ArgumentParser
import Foundation
import SparesModel
import SparesSim

/// `spares bench-replication SCENARIO`: times whole replications of a scenario (setup and event
/// loop apart) and reports medians and peak memory, so that any machine with the binary can measure
/// the simulation; `Benchmarks/run.sh` records it in `Benchmarks/RESULTS.md`.
struct ReplicationBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-replication",
        abstract: "Time replications of a scenario: setup, event loop, events per second, peak memory.")

    @Argument(help: "The scenario YAML file, or a folder holding scenario.yaml.")
    var scenario: String

    @Option(help: "The policy to simulate (default: the scenario's first).")
    var policy: String?

    @Option(help: "Timed replications (replication indices 0 to runs-1); medians are reported.")
    var runs = 7

    @Option(help: "Master seed.")
    var seed: UInt64 = 1

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(name: .customLong("no-risks"), help: "Run without the scenario's risks: every uncertain parameter at its catalogue value.")
    var noRisks = false

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1; found \(runs)") }
    }

    func run() throws { try Self.usage { try execute() } }

    func execute() throws {
        let loaded = try ScenarioInput.load(scenario, policyFiles: [], noRisks: noRisks)
        let index = try policy.map { try ScenarioInput.policyIndices([$0], in: loaded)[0] } ?? 0
        var setup: [Double] = [], loop: [Double] = [], total: [Double] = [], rates: [Double] = []
        var events = 0
        var failures = 0
        for r in 0..<runs {
            let outcome = Replication.run(loaded, policy: index, seed: seed, replication: UInt64(r))
            setup.append(outcome.setupSeconds)
            loop.append(outcome.eventSeconds)
            total.append(outcome.setupSeconds + outcome.eventSeconds)
            rates.append(Double(outcome.result.events) / outcome.eventSeconds)
            events = outcome.result.events
            failures = outcome.result.incidents.failures
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let peak = Self.peakResidentMegabytes()
        let name = loaded.metadata.name
        let policyID = loaded.policies[index].id
        if json {
            print(#"{"scenario":"\#(name)","policy":"\#(policyID)","runs":\#(runs),"events_last_run":\#(events),"# +
                  #""failures_last_run":\#(failures),"# +
                  #""setup_seconds_median":\#(median(setup)),"event_seconds_median":\#(median(loop)),"# +
                  #""replication_seconds_median":\#(median(total)),"events_per_second_median":\#(median(rates)),"# +
                  #""peak_rss_mb":\#(peak)}"#)
        } else {
            print("\(name), policy \(policyID): \(runs) replications of \(SummaryText.hours(loaded.metadata.warmUp + loaded.metadata.horizon)) (\(events) events in the last)")
            print(String(format: "replication: median %.3f s (setup %.3f s, events %.3f s)", median(total), median(setup), median(loop)))
            print("events/s in the loop: median \(Int(median(rates))), min \(Int(rates.min()!)), max \(Int(rates.max()!))")
            print(String(format: "peak resident memory: %.0f MB", peak))
        }
    }

    /// Peak resident set of this process, MB (Linux `VmHWM`; 0 where unavailable).
    static func peakResidentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kb / 1024
    }
}
