import SparesModel

/// One column of an experiment with what-if variants (`spares compare --variants`): a policy under a
/// variant of the scenario. Every arm runs on the same replication indices, so that differences
/// between arms are paired like differences between policies.
public struct ExperimentArm: Sendable, Codable, Equatable {
    /// The variant's id (`base` for the scenario as written) and the policy's.
    public var variant: String
    public var policy: String
    /// The contracts' targets under the variant, when it changes them (nil: the catalogue's).
    public var targets: [MetricCatalog.ContractTargets]?

    public init(variant: String, policy: String, targets: [MetricCatalog.ContractTargets]? = nil) {
        self.variant = variant
        self.policy = policy
        self.targets = targets
    }

    /// How results name the arm: `no-FSL-MUC / fill-95-laterals`.
    public var label: String { "\(variant) / \(policy)" }
}
