import ArgumentParser
import Foundation
import SparesExperiment
import SparesModel
import SparesReport

/// Runs an experiment for `run` and `compare` and prints its one-screen summary; maps results errors
/// to sysexits (74 I/O, 65 data).
enum ExperimentCommand {
    /// Runs `policies` (per entry, on `scenarios[variants[k]]` when there are variants, else on
    /// `scenarios[0]`, the scenario as written).
    static func execute(_ scenarios: [Scenario], policies: [Int], variants: [Int] = [], arguments: ExperimentArguments, label: String) throws {
        let scenario = scenarios[0]
        let command = (["spares"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        var options = try arguments.options(policies: policies, command: command)
        options.variants = variants
        let names = variants.isEmpty ? policies.map { scenario.policies[$0].id }
            : zip(policies, variants).map { ExperimentArm(variant: scenarios[$1].variantID, policy: scenarios[$1].policies[$0].id).label }
        let riskFor = try RiskFor.policies(arguments.riskFor, among: names)
        let target = arguments.directory(scenario: scenario, label: label, shard: options.shard)
        // --force on a folder that holds something: run beside it, and swap when finished.
        let replacing = arguments.force && ((try? FileManager.default.contentsOfDirectory(atPath: target.url.path).isEmpty == false) ?? false)
        let directory = replacing ? ResultsDirectory(target.url.path + ".spares-new-\(ProcessInfo.processInfo.processIdentifier)") : target
        if replacing { try? FileManager.default.removeItem(at: directory.url) }
        let bar = ProgressBar(label: label, quiet: arguments.quiet)
        // What can be refused is refused before anything runs or is written: the replication count, the database.
        try ResultsError.reported {
            try Experiment.checkMemory(replications: options.replications, policies: policies.count,
                                       metrics: MetricCatalog(scenario, variants: Array(scenarios.dropFirst())).metrics.count)
        }
        let database = try arguments.database.map { path in
            try ResultsError.reported { try ResultsDatabase.open(URL(fileURLWithPath: path)) }
        }
        // The folder stays locked from before the first replication until its report is written.
        let lock = try ResultsError.reported { () throws -> DirectoryLock in
            try directory.create()
            return try DirectoryLock.acquire(directory.url, mode: .exclusive)
        }
        defer { lock.release() }
        let report = try ResultsError.reported { () throws -> ExperimentReport in
            defer { bar.finish() }
            let report = try Experiment.run(scenarios, options: options, into: directory) { done, total in bar.update(done, total) }
            if let database, let manifest = try directory.readManifest() {
                try database.record(report, rows: try Experiment.values(in: directory, manifest: manifest), manifest: manifest)
            }
            return report
        }
        if !arguments.noReport {
            try ReportCommand.write(from: directory, to: directory.url.appendingPathComponent("report").path, riskFor: riskFor)
        }
        if replacing { try ResultsError.reported { try Self.replace(target.url, with: directory.url) } }
        print(ExperimentText.render(report, directory: target.url.path, shard: options.shard, riskFor: riskFor))
        if !arguments.noReport { print("report: \(target.url.appendingPathComponent("report").path)/index.html") }
    }

    /// Puts the finished run in `staging` in the place of `target` (refused while another process
    /// uses `target`): `target` is renamed aside, `staging` renamed to it, the old one removed, so that
    /// at every moment `target` is either the old run or the new one.
    static func replace(_ target: URL, with staging: URL) throws {
        let lock: DirectoryLock
        do {
            lock = try DirectoryLock.acquire(target, mode: .exclusive)
        } catch let error as ResultsError {
            throw ResultsError.locked("\(error); the new run is finished in \(staging.path): move it there once \(target.path) is free")
        }
        let aside = URL(fileURLWithPath: target.path + ".spares-old-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try? FileManager.default.removeItem(at: aside)
            try FileManager.default.moveItem(at: target, to: aside)
            lock.release()
            try FileManager.default.moveItem(at: staging, to: target)
        } catch {
            lock.release()
            throw ResultsError.io("cannot put the new run in the place of \(target.path) (it is in \(staging.path)): \(ErrorText.describe(error))")
        }
        try? FileManager.default.removeItem(at: aside)
    }
}

/// `spares compare SCENARIO --policies A,B,C`: every policy on the same replications (common random
/// numbers), with paired differences against the first.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare policies on the same replications: paired differences, significance, cost vs service.",
        discussion: """
            The first policy is the baseline. Every policy runs on replication indices 0 to N-1 with the \
            same seed, so each difference is paired. Results go to a directory (results.json, \
            replications.csv, journal.jsonl); an interrupted run finishes with --resume.
            Exit codes: 0 ok, 64 usage, 65 errors in the data, 66 a file is missing or unreadable, 74 results cannot be \
            written, 75 the results folder is in use by another Spares process.
            """)

    @Argument(help: "The scenario YAML file, or a folder holding scenario.yaml.")
    var scenario: String

    @Option(help: "Policies to compare, comma-separated; the first is the baseline (default: all of the scenario's).")
    var policies: String?

    @Option(name: .customLong("policy-file"), help: "A policy file to add (repeatable).")
    var policyFiles: [String] = []

    @Option(help: ArgumentHelp("What-if variants to run every policy under, comma-separated ('base' is the scenario as written); the first variant's first policy is the baseline.", valueName: "variants"))
    var variants: String?

    @Option(name: .customLong("variant-file"), help: "A file of what-if variants to add (repeatable).")
    var variantFiles: [String] = []

    @OptionGroup var experiment: ExperimentArguments

    @Flag(name: .customLong("no-risks"), help: "Run without the scenario's risks: every uncertain parameter at its catalogue value.")
    var noRisks = false

    func run() throws { try Self.usage { try execute() } }

    func execute() throws {
        let loaded = try ScenarioInput.load(scenario, policyFiles: policyFiles, variantFiles: variantFiles, noRisks: noRisks)
        let variantNames = try variants.map { try Self.list($0, "--variants") } ?? []
        let names = try policies.map { try Self.list($0, "--policies") } ?? loaded.policies.map(\.id)
        guard names.count >= 2 || (variantNames.count >= 2 && !names.isEmpty) else {
            throw ValidationError(variants == nil
                ? "compare needs at least two policies; the scenario has \(loaded.policies.count)"
                : "compare needs at least two (variant, policy) pairs: name two variants or two policies")
        }
        var arguments = experiment
        if arguments.replications == nil && arguments.precision == nil { arguments.replications = 100 }
        guard !variantNames.isEmpty else {
            try ExperimentCommand.execute([loaded], policies: try ScenarioInput.policyIndices(names, in: loaded), arguments: arguments,
                                          label: "compare")
            return
        }
        // Every (variant, policy) pair, variant by variant, all on the same replication indices.
        // The scenario as written comes first in the list (the catalogue and the map are its), whatever the order asked.
        let changed = try ScenarioInput.variants(variantNames.filter { $0 != ScenarioVariant.baseID }, of: loaded, argument: scenario,
                                                 policyFiles: policyFiles, variantFiles: variantFiles, noRisks: noRisks)
        let scenarios = [loaded] + changed
        var policyIndices: [Int] = [], variantIndices: [Int] = []
        for name in variantNames {
            let v = name == ScenarioVariant.baseID ? 0 : 1 + changed.firstIndex { $0.variantID == name }!
            let indices = try ScenarioInput.policyIndices(names, in: scenarios[v])
            policyIndices += indices
            variantIndices += indices.map { _ in v }
        }
        try ExperimentCommand.execute(scenarios, policies: policyIndices, variants: variantIndices, arguments: arguments, label: "compare")
    }

    /// `a,b,c` as names, each once.
    static func list(_ text: String, _ option: String) throws -> [String] {
        let names = text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var named: Set<String> = []
        for name in names where !named.insert(name).inserted {
            throw ValidationError("\(option) names \(name) twice; name each once")
        }
        return names
    }
}

/// `spares merge DIR...`: one results directory from shard directories, identical to an unsharded run.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge shard results directories into one, identical to the unsharded run.",
        discussion: """
            Refuses directories of different scenarios, policies, seeds, replication counts or Spares versions, \
            unfinished or damaged ones, and an --out that is one of them or holds another run; reports missing or \
            duplicate replications.
            Exit codes: 0 ok, 64 usage, 65 the shards do not fit together or are unfinished or damaged, 74 results \
            cannot be written, 75 a folder is in use by another Spares process.
            """)

    @Argument(help: "Shard results directories.")
    var directories: [String]

    @Option(help: "The merged results directory.")
    var out: String

    func run() throws { try Self.usage { try execute() } }

    func execute() throws {
        try ResultsError.reported {
            let output = ResultsDirectory(out)
            let report = try Experiment.merge(directories.map(ResultsDirectory.init), into: output)
            print(ExperimentText.render(report, directory: out, shard: nil))
            try output.create()
            let lock = try DirectoryLock.acquire(output.url, mode: .exclusive)
            defer { lock.release() }
            try PolicyReport.write(from: output, to: (out as NSString).appendingPathComponent("report"))
        }
    }
}
