import SparesExperiment
import SparesModel

/// A run with what-if variants as a grid: variants down, policies across, each cell an arm with its
/// mean and its paired difference against the first arm (the baseline), for the terminal and the
/// report alike.
public struct VariantGrid: Sendable {
    /// Variant ids and policy ids, in the order the run named them.
    public let variants: [String]
    public let policies: [String]
    /// Per variant, per policy: the arm's index in `policies` of the report (nil: not run).
    public let arms: [[Int?]]
    /// The baseline arm's label.
    public let baseline: String
    let report: ExperimentReport

    /// The metrics the grid shows: total cost, SLA attainment, and penalties and credits after caps.
    public static let metrics: [(name: String, title: String)] = [
        ("cost.total", "Total cost of service"), ("service.attainment", "SLA attainment"),
        ("sla.exposure", "Penalties and credits (capped)"),
    ]

    /// Nil for a run without variants.
    public init?(_ report: ExperimentReport) {
        guard let list = report.arms, !list.isEmpty else { return nil }
        var variants: [String] = [], policies: [String] = []
        for arm in list {
            if !variants.contains(arm.variant) { variants.append(arm.variant) }
            if !policies.contains(arm.policy) { policies.append(arm.policy) }
        }
        self.variants = variants
        self.policies = policies
        arms = variants.map { v in policies.map { p in list.firstIndex { $0.variant == v && $0.policy == p } } }
        baseline = list[0].label
        self.report = report
    }

    /// The mean of `metric` in arm `k`.
    public func mean(_ k: Int, _ metric: String) -> MetricSummary? { report.summary.policies[k].metric(metric) }

    /// Arm `k` minus the baseline, paired by replication (nil for the baseline itself).
    public func difference(_ k: Int, _ metric: String) -> ExperimentSummary.Difference? {
        let label = report.summary.policies[k].policy
        return report.summary.comparisons.first { $0.policy == label }?.differences.first { $0.metric == metric }
    }

    /// A cell: the arm's mean of `metric` and, except for the baseline, its paired difference against
    /// the baseline with the 95% interval's half-width; nil where the arm was not run.
    public func cell(_ k: Int?, _ metric: String) -> (mean: Double, difference: Double?, halfWidth: Double?)? {
        guard let k, let m = mean(k, metric) else { return nil }
        guard let d = difference(k, metric) else { return (m.mean, nil, nil) }
        return (m.mean, d.mean, (d.upper - d.lower) / 2)
    }

    /// A cell as text, `1,234,567 (+12,345 ± 2,300)`: `value` formats the mean, `signed` the
    /// difference and `half` its half-width.
    public func text(_ k: Int?, _ metric: String, value: (Double) -> String, signed: (Double) -> String,
                     half: (Double) -> String) -> String {
        guard let c = cell(k, metric) else { return "–" }
        guard let d = c.difference, let h = c.halfWidth else { return value(c.mean) + " (baseline)" }
        return "\(value(c.mean)) (\(signed(d)) ± \(half(h)))"
    }
}
