import Foundation
import SparesModel

/// An experiment from start to results directory: plan, resume, run on every core, summarise,
/// write; and the merge of shard directories into one.
public enum Experiment {
    public struct Options: Sendable {
        /// Indices into `scenario.policies`; the first is the baseline of comparisons.
        public var policies: [Int]
        /// With what-if variants: per entry of `policies`, the index of its scenario in the list
        /// `run` is given (empty: every policy runs on the first).
        public var variants: [Int] = []
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
        try run([scenario], options: options, into: directory, progress: progress)
    }

    /// Runs an experiment whose arms (`options.policies` with `options.variants`) run on the scenarios
    /// of `scenarios`: the scenario as written or a what-if variant of it, each arm on the same
    /// replication indices. Results name an arm `variant / policy` when there are variants.
    @discardableResult
    public static func run(
        _ scenarios: [Scenario], options: Options, into directory: ResultsDirectory,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws -> ExperimentReport {
        let scenario = scenarios[0]
        let catalog = MetricCatalog(scenario, variants: Array(scenarios.dropFirst()))
        let arms = options.variants.isEmpty ? nil : zip(options.policies, options.variants).map { p, v in
            let targets = MetricCatalog.targets(of: scenarios[v])
            return ExperimentArm(variant: scenarios[v].variantID, policy: scenarios[v].policies[p].id,
                                 targets: targets == catalog.contractTargets ? nil : targets)
        }
        var manifest = RunManifest(
            sparesVersion: options.sparesVersion, scenario: scenario.metadata.name,
            scenarioHash: String(scenario.metadata.contentHash, radix: 16),
            policies: arms?.map(\.label) ?? options.policies.map { scenario.policies[$0].id },
            seed: options.seed, replications: options.replications, precision: options.precision, shard: options.shard,
            command: options.command, currency: scenario.metadata.currency, catalog: catalog,
            siteNames: scenario.sites.map(\.id), partNames: scenario.parts.map(\.id), locationNames: scenario.locations.map(\.id))
        manifest.arms = arms
        if arms != nil { manifest.variants = scenarios.compactMap(\.variant) }
        manifest.stockPlans = options.policies.indices.map { k in
            var plan = StockPlan(scenario: scenarios[options.variants.isEmpty ? 0 : options.variants[k]], policy: options.policies[k])
            if let arms { plan.policy = arms[k].label }
            return plan
        }
        manifest.network = NetworkSketch(scenario)
        manifest.facts = ScenarioFacts(scenario)
        let problems = manifest.problems()
        guard problems.isEmpty else { throw ResultsError.data("the run cannot be described: \(problems.joined(separator: "; "))") }
        try checkMemory(replications: options.replications, policies: options.policies.count, metrics: catalog.metrics.count)
        try directory.create()
        let lock = try DirectoryLock.acquire(directory.url, mode: .exclusive)
        defer { lock.release() }
        directory.removeStaleTemporaries()
        let collected = ExperimentAccumulator(policies: options.policies.count, responseBins: catalog.responseBins,
                                              tailMetric: catalog.index(of: "sla.exposure"), periodTailMetrics: catalog.periodMetrics.map(\.exposure),
                                              replications: options.replications)
        if let existing = try directory.readManifest() {
            guard options.resume else {
                throw ResultsError.mismatch(
                    "\(directory.url.path) already holds a run; pass --resume to finish it, or choose another --out")
            }
            var differences = existing.differences(from: manifest)
            if existing.shard != manifest.shard {
                differences.append(ManifestDifference(held: "shard \(existing.shard.map { "\($0)" } ?? "none")",
                                                      other: "shard \(manifest.shard.map { "\($0)" } ?? "none")"))
            }
            guard differences.isEmpty else {
                throw ResultsError.mismatch("cannot resume \(directory.url.path): it holds a different run ("
                    + differences.map { "this folder holds \($0.held); the command asks for \($0.other)" }.joined(separator: "; ") + ")")
            }
            try directory.unmarkComplete()
            try directory.forEachJournalRow(existing) { collected.add($0) }
        } else {
            for leftover in [directory.journalURL, directory.resultsURL] where FileManager.default.fileExists(atPath: leftover.path) {
                throw ResultsError.mismatch(
                    "\(directory.url.path) holds \(leftover.lastPathComponent) but no manifest.json: not a run Spares can resume; choose another --out")
            }
            try directory.unmarkComplete()
            try directory.writeManifest(manifest)
        }
        let journal = try directory.openJournal()
        defer { journal.close() }
        let done = collected.units
        let runner = ExperimentRunner(scenarios: scenarios, policies: options.policies, variants: options.variants, seed: options.seed,
                                      jobs: options.jobs)
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
                let base = collected.count
                let target = planned * policyCount
                try runner.run(ReplicationPlan(count: planned), done: done.union(collected.units), deliver: deliver) { finished, _ in
                    progress(base + finished, target)
                }
                if precisionReached(collected.snapshot().rows, policies: policyCount, catalog: catalog, target: precision) { break }
            }
        } else {
            try runner.run(ReplicationPlan(count: options.replications, shard: options.shard), done: done, deliver: deliver) { finished, total in
                progress(alreadyDone + finished, alreadyDone + total)
            }
        }
        return try finish(collected, manifest: manifest, into: directory)
    }

    /// Bytes the summary keeps per (policy, replication) beyond its metric values.
    static let bytesPerRowOverhead = 48
    /// The most memory the kept metric values may take (`--replications` beyond it is a usage error).
    public static let valueMemoryLimit = 4 << 30

    /// Refuses a run whose metric values (kept for quantiles and paired differences) would not fit
    /// `valueMemoryLimit`, before anything is allocated or written.
    public static func checkMemory(replications: Int, policies: Int, metrics: Int) throws {
        let perRow = metrics * 8 + bytesPerRowOverhead
        let (rows, overflow) = replications.multipliedReportingOverflow(by: policies)
        let limit = valueMemoryLimit / perRow / max(policies, 1)
        guard overflow || rows > valueMemoryLimit / perRow else { return }
        throw ResultsError.usage(
            "--replications \(replications) would keep \(metrics) metric values for each of \(policies) polic\(policies == 1 ? "y" : "ies") "
                + "in memory, more than the \(valueMemoryLimit >> 30) GiB a run may use; this scenario allows at most \(limit.formatted()) replications "
                + "(shard larger runs with --shard and merge them)")
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
                                        locationNames: manifest.locationNames, targets: manifest.arms?.map(\.targets) ?? [])
        let perPolicy = rows.filter { $0.policy == 0 }.count
        let report = ExperimentReport(manifest: manifest, replications: perPolicy, summary: summary)
        try directory.writeAtomically(try ResultsDirectory.encoder.encode(report), to: directory.resultsURL)
        try directory.writeAtomically(
            Data(ExperimentReport.csv(rows: rows, policies: manifest.policies, catalog: manifest.catalog).utf8), to: directory.csvURL)
        try directory.writeAtomically(Data(StockPlan.csv(report.stockPlans).utf8), to: directory.stockPlanURL)
        try ResultsDatabase.write(report, rows: rows, manifest: manifest, to: directory.databaseURL)
        try directory.markComplete()
        return report
    }

    /// The metric values of every row in `directory`'s journal (each checked), sorted by policy and
    /// replication.
    public static func values(in directory: ResultsDirectory, manifest: RunManifest) throws -> [ValueRow] {
        let accumulator = ExperimentAccumulator(policies: manifest.policies.count, responseBins: manifest.catalog.responseBins)
        try directory.forEachJournalRow(manifest) { accumulator.add($0) }
        return accumulator.snapshot().rows
    }

    /// Merges shard directories into `output`: each must hold a finished run whose files are intact;
    /// refuses shards of different experiments, an `output` that is one of them or holds another
    /// run, and reports missing or duplicate replications. Every file is written atomically and the
    /// completion mark last.
    @discardableResult
    public static func merge(_ shards: [ResultsDirectory], into output: ResultsDirectory) throws -> ExperimentReport {
        guard let first = shards.first else { throw ResultsError.usage("merge needs at least one results directory") }
        let target = output.url.resolvingSymlinksInPath().standardizedFileURL.path
        var seenInputs: [String: String] = [:]
        for shard in shards {
            let path = shard.url.resolvingSymlinksInPath().standardizedFileURL.path
            if path == target {
                throw ResultsError.usage("--out \(output.url.path) is one of the folders to merge; choose a new folder for the merged run")
            }
            if let other = seenInputs[path] {
                throw ResultsError.usage("\(shard.url.path) is named twice (also as \(other))")
            }
            seenInputs[path] = shard.url.path
        }
        var locks: [DirectoryLock] = []
        defer { locks.forEach { $0.release() } }
        var manifests: [RunManifest] = []
        for shard in shards {
            try shard.checkFolder()
            locks.append(try DirectoryLock.acquire(shard.url, mode: .shared))
            try shard.verifyComplete()
            guard let manifest = try shard.readManifest() else {
                throw ResultsError.data("\(shard.url.path) holds no Spares run (no manifest.json)")
            }
            manifests.append(manifest)
        }
        var problems: [String] = []
        for (shard, manifest) in zip(shards, manifests).dropFirst() {
            for difference in manifests[0].differences(from: manifest) {
                problems.append("\(shard.url.path) holds \(difference.other); \(first.url.path) holds \(difference.held)")
            }
        }
        guard problems.isEmpty else {
            throw ResultsError.mismatch("the directories hold different experiments:\n  " + problems.joined(separator: "\n  "))
        }
        var manifest = manifests[0]
        manifest.shard = nil
        manifest.command = "spares merge " + shards.map(\.url.path).joined(separator: " ")

        try output.create()
        locks.append(try DirectoryLock.acquire(output.url, mode: .exclusive))
        output.removeStaleTemporaries()
        if let existing = try? output.readManifest() {
            let differences = existing.differences(from: manifest)
            guard differences.isEmpty, existing.shard == nil else {
                throw ResultsError.mismatch(
                    "\(output.url.path) holds another run (\(differences.map { "it holds \($0.held); the merge makes \($0.other)" }.joined(separator: "; "))); "
                        + "choose a new folder for the merged run")
            }
        } else if FileManager.default.fileExists(atPath: output.manifestURL.path)
                    || FileManager.default.fileExists(atPath: output.journalURL.path) {
            throw ResultsError.mismatch("\(output.url.path) holds files of another run; choose a new folder for the merged run")
        }
        try output.unmarkComplete()

        // Each shard's journal is read row by row (each checked) into the merged journal and the accumulator.
        let accumulator = ExperimentAccumulator(policies: manifest.policies.count, responseBins: manifest.catalog.responseBins,
                                                tailMetric: manifest.catalog.index(of: "sla.exposure"),
                                                periodTailMetrics: manifest.catalog.periodMetrics.map(\.exposure), replications: manifest.replications)
        var seen: [ExperimentRunner.Unit: String] = [:]
        var duplicates: [String] = []
        let encoder = JSONEncoder()
        try output.writeAtomically(to: output.journalURL) { journal in
            for (shard, shardManifest) in zip(shards, manifests) {
                try shard.forEachJournalRow(shardManifest) { row in
                    let unit = ExperimentRunner.Unit(policy: row.policy, replication: row.replication)
                    if let other = seen[unit] {
                        duplicates.append("replication \(row.replication) of \(manifest.policies[row.policy]) in \(other) and \(shard.url.path)")
                        return
                    }
                    seen[unit] = shard.url.path
                    accumulator.add(row)
                    try journal.write(contentsOf: try JournalLine.encode(row, with: encoder))
                }
            }
        }
        var missing: [String] = []
        if manifest.precision == nil {
            for p in manifest.policies.indices {
                var absent: [Int] = []
                var count = 0
                for r in 0..<manifest.replications where seen[.init(policy: p, replication: UInt64(r))] == nil {
                    count += 1
                    if absent.count < 5 { absent.append(r) }
                }
                if count > 0 {
                    missing.append("\(manifest.policies[p]): \(count) replications, first \(absent.map(String.init).joined(separator: ", "))")
                }
            }
        }
        guard duplicates.isEmpty, missing.isEmpty else {
            try? FileManager.default.removeItem(at: output.journalURL)
            throw ResultsError.mismatch(
                (duplicates.isEmpty ? "" : "duplicate replications:\n  " + duplicates.prefix(10).joined(separator: "\n  ") + "\n")
                    + (missing.isEmpty ? "" : "missing replications (a shard not run or not finished):\n  " + missing.joined(separator: "\n  ")))
        }
        try output.writeManifest(manifest)
        return try finish(accumulator, manifest: manifest, into: output)
    }
}
