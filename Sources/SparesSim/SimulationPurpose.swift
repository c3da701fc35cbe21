import SparesRandom

/// The stream purposes of the service-chain model. Raw values are part of the reproducibility
/// contract (a replication's numbers depend on them): never renumber, only add.
///
/// Every family is keyed by the entity whose randomness it carries, so a policy change never shifts
/// another entity's draws (common random numbers, DESIGN.md section 4):
/// - a part instance's lives by (instance, renewal);
/// - an incident's triage, repair, no-fault-found and repair-loop outcomes by the same key, drawn
///   once when the failure happens, whatever the policy later does with the incident;
/// - an incident's shipments by (incident key, shipment number);
/// - a stock point's replenishment transits and procurement lead times by (stock point, order number);
/// - an uncertain parameter by (risk id, occurrence), so every policy sees the same world.
extension StreamPurpose {
    /// Times to failure of one part instance.
    public static let partLife = StreamPurpose(rawValue: 0x5301)
    /// Triage, repair time, no-fault-found and repair-loop outcomes of one incident.
    public static let incidentOutcome = StreamPurpose(rawValue: 0x5302)
    /// Transit times of the shipments one incident causes (delivery, lateral, emergency, returns).
    public static let incidentTransit = StreamPurpose(rawValue: 0x5303)
    /// Transit times of replenishment shipments into one stock point.
    public static let replenishmentTransit = StreamPurpose(rawValue: 0x5304)
    /// Procurement lead times of purchases into one stock point.
    public static let procurement = StreamPurpose(rawValue: 0x5305)
    /// Uncertain parameters (`risks:`), one stream per risk keyed by its id, drawn once per replication.
    public static let riskParameter = StreamPurpose(rawValue: 0x5306)
    /// A remote intervention's success and duration, keyed by the incident (`RemoteIntervention`).
    public static let remoteIntervention = StreamPurpose(rawValue: 0x5307)
    /// The approval delay of an escalated decision, keyed by the incident (or planned swap) and the
    /// decision (`DecisionDesk`).
    public static let approvalDelay = StreamPurpose(rawValue: 0x5308)
    /// Which instances of a group of wear-out lives fail within the run, keyed by the group
    /// (`InstalledBase`, wear groups).
    public static let wearSelection = StreamPurpose(rawValue: 0x5309)
    /// Demand streams' demand times and history periods' counts (`DemandStream`), keyed by stream and
    /// demand (or period).
    public static let demandStream = StreamPurpose(rawValue: 0x530A)
    /// Which sub-module a module's repair replaces and how that sub-module is repaired
    /// (`ModuleRepairs`), keyed by the incident (and, a level down, by `ModuleRepairs.subKey`).
    public static let subModuleRepair = StreamPurpose(rawValue: 0x530B)
}

/// Packs an entity and a counter into one stream entity key: `entity << 24 | counter`, so that up to
/// 2^40 entities each get 2^24 distinct streams.
@inline(__always)
func streamKey(_ entity: Int, _ counter: Int) -> UInt64 {
    UInt64(truncatingIfNeeded: entity) << 24 | UInt64(truncatingIfNeeded: counter & 0xFF_FFFF)
}
