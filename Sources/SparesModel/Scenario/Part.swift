import SparesRandom

/// A field-replaceable part.
public struct Part: Sendable {
    public var id: String
    public var name: String
    /// Purchase price of one unit, scenario currency.
    public var unitCost: Double
    /// Cost of holding one unit for a year, as a share of `unitCost`.
    public var holdingRate: Double
    /// Repair loop, for repairables; nil for consumables (scrapped after use).
    public var repair: RepairLoop?
    /// The supplier that sells it (a location of echelon `supplier`).
    public var supplier: Int?
    /// Procurement lead time overriding the supplier's, hours.
    public var leadTime: Distribution?

    public var isRepairable: Bool { repair != nil }
}

/// How a failed repairable comes back into stock.
public struct RepairLoop: Sendable {
    /// Where it is repaired (a location; usually of echelon `repair`).
    public var vendor: Int
    /// Transit of the failed unit from the site to the vendor, hours.
    public var returnLeg: Distribution
    /// Time in repair, hours.
    public var turnaround: Distribution
    /// Cost of one repair, scenario currency.
    public var cost: Double
    /// Probability the unit cannot be repaired and is scrapped (a new one is bought).
    public var condemnation: Double
    /// The stocking location repaired units return to.
    public var returnTo: Int
    /// When the failed unit leaves the site for repair.
    public var removal: PartRemoval
    /// The finite repair shop at `vendor` that repairs it, or nil: unlimited capacity (the turnaround
    /// alone).
    public var shop: Int? = nil
    /// Shares repaired where the failed unit is received, by location (at most one per location),
    /// before the rest is sent to `vendor`.
    public var local: [LocalRepair] = []

    /// The local repair done at `location`, if any.
    public func localRepair(at location: Int) -> LocalRepair? {
        local.first { $0.locations.contains(location) }
    }
}

/// When a failed repairable is pulled from the equipment and starts its return leg.
public enum PartRemoval: String, CaseIterable, Sendable {
    /// At the swap, when the replacement is installed (advance exchange: the usual field-service case).
    case atSwap = "at_swap"
    /// At the failure, before the replacement arrives (METRIC's assumption; line-replaceable units
    /// pulled from equipment that stays down).
    case atFailure = "at_failure"
}
