import Foundation
import SparesModel

/// An experiment from start to results directory: plan, resume, run on every core, summarise,
/// write; and the merge of shard directories into one.
public enum Experiment {
    public struct Options: Sendable {
        /// Indices into `scenario.policies`; the first is the baseline of comparisons.
        public var policies: [Int]
        public var seed: UInt64
        /// Replications per policy, or the most `precision` may run.
        public var replications: Int
        /// Stop once the headline metrics' 95% intervals are within this relative half-width.
        public var precision: Double?
        public var jobs: Int
        public var shard: Shard?
        public var resume: Bool
        public var command: String
        public var sparesVersion: String

        public init(policies: [Int], seed: UInt64, replications: Int, precision: Double?, jobs: Int, shard: Shard?,
                    resume: Bool, command: String, sparesVersion: String) {
            self.policies = policies
            self.seed = seed
            self.replications = replications
            self.precision = precision
            self.jobs = jobs
            self.shard = shard
            self.resume = resume
            self.command = command
            self.sparesVersion = sparesVersion
        }
    }

    /// Replications `--precision` runs before its first check, and between checks; fixed, so that the
    /// stopping point does not depend on the number of threads.
    public static let precisionBatch = 10

    /// Runs the experiment into `directory` and writes its results. `progress` is told (done, total)
    /// after every replication of a policy; `total` grows with `--precision` batches.
    @discardableResult
    public static func run(
        _ scenario: Scenario, options: Options, into directory: ResultsDirectory,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws -> ExperimentReport {
        let catalog = MetricCatalog(scenario)
        let manifest = RunManifest(
            sparesVersion: options.sparesVersion, scenario: scenario.metadata.name,
            scenarioHash: String(scenario.metadata.contentHash, radix: 16), policies: options.policies.map { scenario.policies[$0].id },
            seed: options.seed, replications: options.replications, precision: options.precision, shard: options.shard,
            command: options.command, currency: scenario.metadata.currency, catalog: catalog,
            siteNames: scenario.sites.map(\.id), partNames: scenario.parts.map(\.id), locationNames: scenario.locations.map(\.id))
        try directory.create()
        let collected = ExperimentAccumulator(policies: options.policies.count, contracts: catalog.contracts.count)
        if let existing = try directory.readManifest() {
            guard options.resume else {
                throw ResultsError.mismatch(
                    "\(directory.url.path) already holds a run; pass --resume to finish it, or choose another --out")
            }
            let differences = existing.sameExperiment(as: manifest)
            guard differences.isEmpty, existing.shard == manifest.shard else {
                throw ResultsError.mismatch(
                    "cannot resume \(directory.url.path): it holds a different run (\((differences + (existing.shard == manifest.shard ? [] : ["shard \(existing.shard.map { "\($0)" } ?? "none") instead of \(manifest.shard.map { "\($0)" } ?? "none")"])).joined(separator: "; ")))")
            }
            try directory.forEachJournalRow { collected.add($0) }
        } else {
            try directory.writeManifest(manifest)
        }
        let journal = try directory.openJournal()
        defer { journal.close() }
        let done = collected.units
        let runner = ExperimentRunner(scenario: scenario, policies: options.policies, seed: options.seed, jobs: options.jobs)
        let deliver: @Sendable (ReplicationRow) throws -> Void = { row in
            try journal.append(row)
            collected.add(row)
        }
        let policyCount = options.policies.count
        let alreadyDone = done.count
        if let precision = options.precision {
            var planned = 0
            while planned < options.replications {
                planned = min(options.replications, planned + precisionBatch)
                let batch = (0..<planned).map { UInt64($0) }
                let base = collected.count
                let target = planned * policyCount
                try runner.run(replications: batch, done: done.union(collected.units), deliver: deliver) { finished, _ in
                    progress(base + finished, target)
                }
                if precisionReached(collected.snapshot().rows, policies: policyCount, catalog: catalog, target: precision) { break }
            }
        } else {
            let indices = (0..<options.replications).map { UInt64($0) }.filter { options.shard?.contains($0) ?? true }
            try runner.run(replications: indices, done: done, deliver: deliver) { finished, total in
                progress(alreadyDone + finished, alreadyDone + total)
            }
        }
        return try finish(collected, manifest: manifest, into: directory)
    }

    /// Whether every policy's headline metrics have intervals within `target` relative half-width.
    static func precisionReached(_ rows: [ValueRow], policies: Int, catalog: MetricCatalog, target: Double) -> Bool {
        let headline = MetricCatalog.headline.compactMap { catalog.index(of: $0) }
        for p in 0..<policies {
            let list = rows.filter { $0.policy == p }
            guard list.count >= 2 else { return false }
            for m in headline where MetricSummary(metric: "", values: list.map { $0.values[m] }).relativeHalfWidth > target {
                return false
            }
        }
        return true
    }

    /// Summarises `rows` and writes `results.json`, `replications.csv` and `results.sqlite` (each
    /// atomically).
    @discardableResult
    public static func finish(_ accumulator: ExperimentAccumulator, manifest: RunManifest, into directory: ResultsDirectory) throws -> ExperimentReport {
        let snapshot = accumulator.snapshot()
        let rows = snapshot.rows
        let summary = ExperimentSummary(snapshot, policies: manifest.policies, catalog: manifest.catalog,
                                        siteNames: manifest.siteNames, partNames: manifest.partNames,
                                        locationNames: manifest.locationNames)
        let perPolicy = rows.filter { $0.policy == 0 }.count
        let report = ExperimentReport(manifest: manifest, replications: perPolicy, summary: summary)
        try directory.writeAtomically(try ResultsDirectory.encoder.encode(report), to: directory.resultsURL)
        try directory.writeAtomically(
            Data(ExperimentReport.csv(rows: rows, policies: manifest.policies, catalog: manifest.catalog).utf8), to: directory.csvURL)
        try ResultsDatabase.write(report, rows: rows, manifest: manifest, to: directory.databaseURL)
        return report
    }

    /// The metric values of every row in `directory`'s journal, sorted by policy and replication.
    public static func values(in directory: ResultsDirectory, manifest: RunManifest) throws -> [ValueRow] {
        let accumulator = ExperimentAccumulator(policies: manifest.policies.count, contracts: manifest.catalog.contracts.count)
        try directory.forEachJournalRow { accumulator.add($0) }
        return accumulator.snapshot().rows
    }

    /// Merges shard directories into `output`: refuses shards of different experiments and reports
    /// missing or duplicate replications.
    @discardableResult
    public static func merge(_ shards: [ResultsDirectory], into output: ResultsDirectory) throws -> ExperimentReport {
        guard let first = shards.first else { throw ResultsError.data("merge needs at least one results directory") }
        var manifests: [RunManifest] = []
        for shard in shards {
            guard let manifest = try shard.readManifest() else {
                throw ResultsError.data("\(shard.url.path) holds no Spares run (no manifest.json)")
            }
            manifests.append(manifest)
        }
        var problems: [String] = []
        for (shard, manifest) in zip(shards, manifests).dropFirst() {
            for difference in manifests[0].sameExperiment(as: manifest) {
                problems.append("\(shard.url.path): \(difference) (compared with \(first.url.path))")
            }
        }
        guard problems.isEmpty else {
            throw ResultsError.mismatch("the directories hold different experiments:\n  " + problems.joined(separator: "\n  "))
        }
        // Each shard's journal is read row by row into the merged journal and the accumulator.
        try output.create()
        let accumulator = ExperimentAccumulator(policies: manifests[0].policies.count, contracts: manifests[0].catalog.contracts.count)
        var seen: [ExperimentRunner.Unit: String] = [:]
        var duplicates: [String] = []
        let encoder = JSONEncoder()
        try output.writeAtomically(to: output.journalURL) { journal in
            for shard in shards {
                try shard.forEachJournalRow { row in
                    let unit = ExperimentRunner.Unit(policy: row.policy, replication: row.replication)
                    if let other = seen[unit] {
                        duplicates.append("replication \(row.replication) of \(manifests[0].policies[row.policy]) in \(other) and \(shard.url.path)")
                        return
                    }
                    seen[unit] = shard.url.path
                    accumulator.add(row)
                    var line = try encoder.encode(row)
                    line.append(UInt8(ascii: "\n"))
                    try journal.write(contentsOf: line)
                }
            }
        }
        var missing: [String] = []
        if manifests[0].precision == nil {
            for p in manifests[0].policies.indices {
                let absent = (0..<manifests[0].replications).filter { seen[.init(policy: p, replication: UInt64($0))] == nil }
                if !absent.isEmpty {
                    missing.append("\(manifests[0].policies[p]): \(absent.count) replications, first \(absent.prefix(5).map(String.init).joined(separator: ", "))")
                }
            }
        }
        guard duplicates.isEmpty, missing.isEmpty else {
            try? FileManager.default.removeItem(at: output.journalURL)
            throw ResultsError.mismatch(
                (duplicates.isEmpty ? "" : "duplicate replications:\n  " + duplicates.prefix(10).joined(separator: "\n  ") + "\n")
                    + (missing.isEmpty ? "" : "missing replications (a shard not run or not finished):\n  " + missing.joined(separator: "\n  ")))
        }
        var manifest = manifests[0]
        manifest.shard = nil
        manifest.command = "spares merge " + shards.map(\.url.path).joined(separator: " ")
        try output.writeManifest(manifest)
        return try finish(accumulator, manifest: manifest, into: output)
    }
}
