import SparesModel

/// The content of `results.json` (`docs/results-schema.md`): the experiment's identity and its
/// summary. It holds no wall-clock time or path, so two runs of the same experiment, however
/// threaded, sharded, interrupted and resumed, write the same bytes.
public struct ExperimentReport: Sendable, Codable, Equatable {
    /// Version of this schema: 2 since exponential lives run as groups (Spares 0.2.0), which draws
    /// other numbers from the same seed than schema 1 did (the same laws; docs/results-schema.md).
    public var schema: Int = 2
    public var sparesVersion: String
    public var scenario: String
    public var scenarioHash: String
    public var currency: String
    public var seed: UInt64
    public var policies: [String]
    /// Replications per policy in the summary (indices 0 to replications − 1).
    public var replications: Int
    public var precision: Double?
    public var metrics: [MetricCatalog.Metric]
    /// The contracts' SLA targets.
    public var contracts: [MetricCatalog.ContractTargets]
    public var summary: ExperimentSummary
    /// The stock plan each policy resolved to, in policy order.
    public var stockPlans: [StockPlan]
    /// The network's positions, for the report's map.
    public var network: NetworkSketch?
    /// The scenario in a few numbers.
    public var facts: ScenarioFacts?
    /// With what-if variants: each entry of `policies` as (variant, policy); nil without.
    public var arms: [ExperimentArm]?
    /// The variants the arms run (not `base`), with what each changes.
    public var variants: [ScenarioVariant]?

    /// The contracts' targets `policies[index]` is held to: its variant's, where it changes them.
    public func targets(of index: Int) -> [MetricCatalog.ContractTargets] {
        arms.flatMap { index < $0.count ? $0[index].targets : nil } ?? contracts
    }

    public init(manifest: RunManifest, replications: Int, summary: ExperimentSummary) {
        stockPlans = manifest.stockPlans
        network = manifest.network
        facts = manifest.facts
        arms = manifest.arms
        variants = manifest.variants
        sparesVersion = manifest.sparesVersion
        scenario = manifest.scenario
        scenarioHash = manifest.scenarioHash
        currency = manifest.currency
        seed = manifest.seed
        policies = manifest.policies
        self.replications = replications
        precision = manifest.precision
        metrics = manifest.catalog.metrics
        contracts = manifest.catalog.contractTargets
        self.summary = summary
    }

    /// Per-replication rows as CSV: `policy,replication,<metric>...`, sorted, full precision.
    public static func csv(rows: [ValueRow], policies: [String], catalog: MetricCatalog) -> String {
        var out = "policy,replication," + catalog.metrics.map(\.name).joined(separator: ",") + "\n"
        for row in rows.sorted(by: { ($0.policy, $0.replication) < ($1.policy, $1.replication) }) {
            out += "\(policies[row.policy]),\(row.replication)," + row.values.map { "\($0)" }.joined(separator: ",") + "\n"
        }
        return out
    }
}
