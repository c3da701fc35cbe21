import SparesRandom

/// A loaded, validated scenario: the service network, installed base, lanes, technicians, contracts and
/// policies, immutable and integer-indexed.
///
/// Every reference between entities is an index into the arrays below (a site's contract is
/// `contracts[site.contract]`), resolved once at load, so that the simulation never hashes a name.
/// Times are hours from the scenario's time origin, 00:00 UTC on `metadata.start`.
public struct Scenario: Sendable {
    public var metadata: ScenarioMetadata
    public var locations: [Location]
    public var parts: [Part]
    public var equipmentTypes: [EquipmentType]
    public var sites: [Site]
    public var modes: [TransportMode]
    public var lanes: LaneTable
    public var technicianPools: [TechnicianPool]
    /// Skill names; equipment types and pools refer to them by index.
    public var skills: [String]
    public var contracts: [Contract]
    public var policies: [Policy]
    /// Repair shops of finite capacity (`repair_shops:`), named by repair loops and local repairs.
    public var repairShops: [RepairShop] = []
    /// Location × part demand not tied to the installed base (`demand_streams:`).
    public var demandStreams: [DemandStream] = []
    /// Uncertain parameters drawn once per replication (`risks:`); empty without them.
    public var risks: [RiskParameter] = [] {
        didSet { resolveRiskLayout() }
    }
    /// The fixed multipliers of the what-if variant applied at load (`variant`); nil for the scenario
    /// as written. Not uncertain: every replication sees the same factors, and `--no-risks` keeps them.
    public var factors: VariantFactors? {
        didSet { resolveRiskLayout() }
    }
    /// Which failure-rate risks and variant factors reach each (site, bill line) group, resolved when
    /// `risks` or `factors` is set.
    public private(set) var riskLayout: RiskLayout?
    /// Every variant the scenario and its variant files declare, in order (`variants:`).
    public var variants: [ScenarioVariant] = []
    /// The variant this scenario was loaded with; nil for the scenario as written (`base`).
    public var variant: ScenarioVariant?

    mutating func resolveRiskLayout() {
        riskLayout = RiskLayout(risks: risks, rateFactors: factors?.failureRates ?? [], sites: sites, equipment: equipmentTypes)
    }

    /// The same scenario without its risks (`--no-risks`): every parameter at its catalogue value.
    public var withoutRisks: Scenario {
        var copy = self
        copy.risks = []
        return copy
    }

    /// The index of the policy named `name`.
    public func policyIndex(named name: String) -> Int? { policies.firstIndex { $0.id == name } }
    public func locationIndex(named name: String) -> Int? { locations.firstIndex { $0.id == name } }
    public func partIndex(named name: String) -> Int? { parts.firstIndex { $0.id == name } }
    public func contractIndex(named name: String) -> Int? { contracts.firstIndex { $0.id == name } }
    /// The id the results label this scenario's variant with: `base` for the scenario as written.
    public var variantID: String { variant?.id ?? ScenarioVariant.baseID }
}

/// The scenario's name, money unit and simulated span.
public struct ScenarioMetadata: Sendable {
    public var name: String
    public var description: String
    /// ISO 4217 code, e.g. `EUR`; every money amount in the scenario is in it.
    public var currency: String
    /// Simulated span after warm-up, hours.
    public var horizon: Double
    /// Span simulated before statistics start, hours.
    public var warmUp: Double
    /// The first day; time 0 is 00:00 UTC on it. Statistics start at `warmUp`.
    public var start: CivilDate
    /// The format version the file was written in.
    public var version: Int
    /// SHA-256-independent content fingerprint (FNV-1a 64 over the input files' bytes), for reports.
    public var contentHash: UInt64
    /// Portfolio exposure levels (all contracts together, per portfolio period and over the horizon,
    /// scenario currency) whose exceedance probabilities the figures give, ascending.
    public var riskThresholds: [Double] = []
}
