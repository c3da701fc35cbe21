import SparesModel

/// The identity of a run, written first into its results directory: what `--resume` must match and
/// what `spares merge` checks shards against.
public struct RunManifest: Sendable, Codable, Equatable {
    /// Version of this file's layout and of the folder's: 2 has checksummed journal rows, the lock
    /// and the completion mark; 3 the catalogue's portfolio periods and per-period risk hours.
    public var format: Int = RunManifest.currentFormat
    public static let currentFormat = 3
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
    /// The stock plan each policy resolved to (`StockPlan`), in policy order: recorded with the run, so
    /// that results, report and merge show it without the scenario.
    public var stockPlans: [StockPlan] = []
    /// Positions and links of the locations and sites, for the report's map.
    public var network: NetworkSketch?
    /// The scenario in a few numbers, for the report's summary.
    public var facts: ScenarioFacts?
    /// With what-if variants: per entry of `policies` (then `variant / policy` labels), its variant
    /// and policy; nil for a run of the scenario as written.
    public var arms: [ExperimentArm]?
    /// The variants the arms run (not `base`), with what each changes.
    public var variants: [ScenarioVariant]?

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

    /// How `other` differs from this manifest as an experiment (the command line and shard may
    /// differ): each field as this one holds it and as `other` does.
    public func differences(from other: RunManifest) -> [ManifestDifference] {
        var list: [ManifestDifference] = []
        func add(_ mine: String, _ theirs: String) { if mine != theirs { list.append(ManifestDifference(held: mine, other: theirs)) } }
        add("scenario \(scenario) (content hash \(scenarioHash))", "scenario \(other.scenario) (content hash \(other.scenarioHash))")
        add("policies \(policies.joined(separator: ","))", "policies \(other.policies.joined(separator: ","))")
        add("seed \(seed)", "seed \(other.seed)")
        add("Spares \(sparesVersion)", "Spares \(other.sparesVersion)")
        add("\(replications) replications", "\(other.replications) replications")
        add("precision \(precision.map { "\($0)" } ?? "none")", "precision \(other.precision.map { "\($0)" } ?? "none")")
        if catalog != other.catalog { list.append(ManifestDifference(held: "one set of metrics", other: "another (written by another build of Spares)")) }
        if stockPlans != other.stockPlans { list.append(ManifestDifference(held: "one stock plan", other: "another")) }
        if arms != other.arms { list.append(ManifestDifference(held: "one set of variants", other: "another")) }
        return list
    }

    /// What makes a manifest read from disk unusable; empty when it is sound.
    func problems() -> [String] {
        var problems: [String] = []
        if format != Self.currentFormat {
            problems.append("results layout \(format), not this Spares' \(Self.currentFormat): written by another version, whose "
                + "replications this one cannot resume; remove the folder or choose another --out")
            return problems
        }
        if policies.isEmpty { problems.append("no policies") }
        if replications < 1 { problems.append("\(replications) replications") }
        if let shard, shard.count < 1 || shard.index < 0 || shard.index >= shard.count { problems.append("shard \(shard) is not a shard") }
        if UInt64(scenarioHash, radix: 16) == nil { problems.append("content hash '\(scenarioHash)' is not hexadecimal") }
        return problems + catalog.problems().map { "metric catalogue: \($0)" }
    }
}

/// One field in which two manifests differ, phrased for both: "seed 5" and "seed 6".
public struct ManifestDifference: Sendable, Equatable {
    /// As the manifest compared from holds it.
    public var held: String
    /// As the other holds it.
    public var other: String
}

/// One slice of an experiment's replications: those whose index modulo `count` is `index`.
public struct Shard: Sendable, Codable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public func contains(_ replication: UInt64) -> Bool { count >= 1 && Int(replication % UInt64(count)) == index }

    public var description: String { "\(index)/\(count)" }
}
