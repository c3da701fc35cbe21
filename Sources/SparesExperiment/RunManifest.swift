/// The identity of a run, written first into its results directory: what `--resume` must match and
/// what `spares merge` checks shards against.
public struct RunManifest: Sendable, Codable, Equatable {
    /// Version of this file's layout.
    public var format: Int = 1
    public var sparesVersion: String
    public var scenario: String
    /// The scenario's content hash (FNV-1a 64 over its files, hexadecimal).
    public var scenarioHash: String
    public var policies: [String]
    public var seed: UInt64
    /// Replications asked for (indices 0 to replications − 1), or the maximum with `precision`.
    public var replications: Int
    /// Target relative half-width of the headline metrics' 95% intervals, if the run stops on it.
    public var precision: Double?
    public var shard: Shard?
    /// The command line that started the run.
    public var command: String
    public var currency: String
    /// What `spares merge` needs to summarise without the scenario: the metrics, site and part names.
    public var catalog: MetricCatalog
    public var siteNames: [String]
    public var partNames: [String]
    public var locationNames: [String]

    public init(sparesVersion: String, scenario: String, scenarioHash: String, policies: [String], seed: UInt64,
                replications: Int, precision: Double?, shard: Shard?, command: String, currency: String,
                catalog: MetricCatalog, siteNames: [String], partNames: [String], locationNames: [String]) {
        self.locationNames = locationNames
        self.currency = currency
        self.catalog = catalog
        self.siteNames = siteNames
        self.partNames = partNames
        self.sparesVersion = sparesVersion
        self.scenario = scenario
        self.scenarioHash = scenarioHash
        self.policies = policies
        self.seed = seed
        self.replications = replications
        self.precision = precision
        self.shard = shard
        self.command = command
    }

    /// Whether `other` describes the same experiment (the command line and shard may differ).
    public func sameExperiment(as other: RunManifest) -> [String] {
        var differences: [String] = []
        if scenario != other.scenario || scenarioHash != other.scenarioHash {
            differences.append("scenario \(other.scenario) (\(other.scenarioHash)) instead of \(scenario) (\(scenarioHash))")
        }
        if policies != other.policies { differences.append("policies \(other.policies.joined(separator: ",")) instead of \(policies.joined(separator: ","))") }
        if seed != other.seed { differences.append("seed \(other.seed) instead of \(seed)") }
        if sparesVersion != other.sparesVersion { differences.append("Spares \(other.sparesVersion) instead of \(sparesVersion)") }
        if replications != other.replications { differences.append("\(other.replications) replications instead of \(replications)") }
        if catalog != other.catalog { differences.append("a different set of metrics (written by another build of Spares)") }
        if precision != other.precision { differences.append("precision \(other.precision.map { "\($0)" } ?? "none") instead of \(precision.map { "\($0)" } ?? "none")") }
        return differences
    }
}

/// One slice of an experiment's replications: those whose index modulo `count` is `index`.
public struct Shard: Sendable, Codable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public func contains(_ replication: UInt64) -> Bool { Int(replication % UInt64(count)) == index }

    public var description: String { "\(index)/\(count)" }
}
