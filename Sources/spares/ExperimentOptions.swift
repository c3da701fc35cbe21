import ArgumentParser
import Foundation
import SparesExperiment
import SparesModel

/// Options shared by `run` and `compare` when they run many replications.
struct ExperimentArguments: ParsableArguments {
    @Option(help: "Master seed of the random streams.")
    var seed: UInt64 = 1

    @Option(help: "Replications per policy (run: 1, compare: 100 when not given); with --precision, the most to run (1000 when not given).")
    var replications: Int?

    @Option(help: ArgumentHelp("Run in batches of 10 until the 95% intervals of total cost and SLA attainment are within this relative half-width, e.g. 1%.", valueName: "percent"))
    var precision: String?

    @Option(help: "Worker threads (default: every core).")
    var jobs: Int?

    @Option(help: "Results directory (default: results/<scenario>-<policy or compare>-seed<seed>).")
    var out: String?

    @Option(help: "Also record the run in this SQLite database (created when missing), to query across runs.")
    var database: String?

    @Flag(help: "Finish an interrupted run in --out, reusing its finished replications.")
    var resume = false

    @Flag(help: "Replace the run that --out holds: the new run is written beside it and takes its place only when finished.")
    var force = false

    @Option(help: ArgumentHelp("Run only the I-th of N slices of the replications (0-based). Without it, read SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX with SPARES_SHARD_COUNT.", valueName: "I/N"))
    var shard: String?

    @Flag(help: "No progress on stderr.")
    var quiet = false

    @Flag(name: .customLong("no-report"), help: "Do not write the policy report (RESULTS_DIR/report).")
    var noReport = false

    @Option(name: .customLong("risk-for"), help: ArgumentHelp("Also give the SLA risk detail (tail drivers, sentences) in the summary and report for these policies: ids separated by commas, or 'all'.", valueName: "policies"))
    var riskFor: String?

    /// `--precision 1%` or `0.01` as a fraction.
    func precisionValue() throws -> Double? {
        guard let precision else { return nil }
        guard let value = OptionText.share(precision) else {
            throw ValidationError("--precision expects a relative half-width such as 1% or 0.01; found '\(precision)'")
        }
        return value
    }

    func shardValue(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Shard? {
        if let shard {
            let parts = shard.split(separator: "/")
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 0, i < n else {
                throw ValidationError("--shard expects I/N with 0 ≤ I < N, e.g. 3/8; found '\(shard)'")
            }
            return Shard(index: i, count: n)
        }
        return try ShardEnvironment.shard(from: environment)
    }

    var isExperiment: Bool { (replications ?? 1) > 1 || precision != nil || out != nil || resume || shard != nil }

    func options(policies: [Int], command: String) throws -> Experiment.Options {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1; found \(replications)") }
        let precision = try precisionValue()
        let shard = try shardValue()
        if precision != nil && shard != nil {
            throw ValidationError("--precision cannot be sharded: each shard would stop on its own; give --replications N instead")
        }
        if force && out == nil { throw ValidationError("--force replaces the folder that --out names; without --out every run gets a new folder") }
        if force && resume { throw ValidationError("--force starts the run afresh; --resume finishes the one there: give one of them") }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1; found \(jobs)") }
        return Experiment.Options(
            policies: policies, seed: seed, replications: replications ?? (precision != nil ? 1_000 : 1),
            precision: precision, jobs: jobs ?? cores, shard: shard, resume: resume, command: command,
            sparesVersion: SparesVersion.number)
    }

    /// `--out`, else `results/<scenario>-<label>-seed<seed>[-shardIofN]`, numbered `-2`, `-3`, ... so
    /// that a new run never lands on an earlier one; with `--resume`, the newest of that sequence.
    func directory(scenario: Scenario, label: String, shard: Shard?) -> ResultsDirectory {
        if let out { return ResultsDirectory(out) }
        let slug = scenario.metadata.name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        var name = "\(String(slug))-\(label)-seed\(seed)"
        if let shard { name += "-shard\(shard.index)of\(shard.count)" }
        return ResultsDirectory(Self.numbered("results/\(name)", newest: resume))
    }

    /// `base` when free, else `base-2`, `base-3`, ...: the first free one, or (`newest`) the last taken.
    static func numbered(_ base: String, newest: Bool) -> String {
        let exists = { (path: String) in FileManager.default.fileExists(atPath: path) }
        guard exists(base) else { return base }
        var k = 2
        while exists("\(base)-\(k)") { k += 1 }
        return newest ? (k == 2 ? base : "\(base)-\(k - 1)") : "\(base)-\(k)"
    }
}

/// Array-job indices from batch schedulers.
enum ShardEnvironment {
    static func shard(from environment: [String: String]) throws -> Shard? {
        if let id = environment["SLURM_ARRAY_TASK_ID"].flatMap(Int.init),
           let count = environment["SLURM_ARRAY_TASK_COUNT"].flatMap(Int.init) {
            let first = environment["SLURM_ARRAY_TASK_MIN"].flatMap(Int.init) ?? 0
            return try checked(id - first, count, "SLURM_ARRAY_TASK_ID \(id) (first \(first)) of SLURM_ARRAY_TASK_COUNT \(count)")
        }
        for key in ["JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"] {
            guard let index = environment[key].flatMap(Int.init) else { continue }
            guard let count = environment["SPARES_SHARD_COUNT"].flatMap(Int.init) else {
                throw ValidationError("\(key) is set but SPARES_SHARD_COUNT is not: set it to the number of shards, or pass --shard I/N")
            }
            return try checked(index, count, "\(key) \(index) of SPARES_SHARD_COUNT \(count)")
        }
        return nil
    }

    static func checked(_ index: Int, _ count: Int, _ what: String) throws -> Shard {
        guard count >= 1, index >= 0, index < count else { throw ValidationError("\(what) is not a shard in range") }
        return Shard(index: index, count: count)
    }
}

/// `--risk-for A,B` or `all`: the policies whose SLA risk detail the summary and the report add to the
/// baseline's and the recommended policy's.
enum RiskFor {
    static func policies(_ text: String?, among ids: [String]) throws -> [String] {
        guard let text, !text.isEmpty else { return [] }
        if text == "all" { return ids }
        let asked = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for id in asked where !ids.contains(id) {
            throw ValidationError("--risk-for: no policy '\(id)' in this run (policies: \(ids.joined(separator: ", ")))")
        }
        return asked
    }
}
