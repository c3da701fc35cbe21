import SparesRandom

/// A kind of installed equipment and how it fails.
public struct EquipmentType: Sendable {
    public var id: String
    public var name: String
    /// Probability an incident is resolved remotely, with no part and no visit.
    public var remoteFix: Double
    /// Time to resolve remotely, hours.
    public var remoteFixTime: Distribution
    /// Probability the replaced part was not faulty (returned to stock as good).
    public var noFaultFound: Double
    /// Hands-on repair time at the site, hours.
    public var repairTime: Distribution
    /// The skill a technician needs, index into `Scenario.skills`.
    public var skill: Int?
    /// Field-replaceable parts and how each fails.
    public var bom: [BOMLine]
}

/// One part position in an equipment type's bill of materials.
public struct BOMLine: Sendable {
    public var part: Int
    /// Instances of the part in one unit; each fails on its own.
    public var quantity: Int
    /// Time between failures of one instance (renewal after replacement), hours.
    public var life: Distribution

    /// Long-run failures per year of one instance (8,760 h / mean life).
    public var failuresPerYear: Double { 8760 / life.mean }
}

/// A customer site with installed equipment.
public struct Site: Sendable {
    public var id: String
    public var name: String
    public var coordinate: Coordinate
    /// Local time minus UTC, hours.
    public var utcOffset: Double
    public var contract: Int
    /// Stocking locations that serve it, first choice first.
    public var serving: [Int]
    public var units: [InstalledUnits]
}

/// `count` units of one equipment type at a site.
public struct InstalledUnits: Sendable {
    public var equipment: Int
    public var count: Int
    /// The stream key of the row's first part instance (the rest follow in unit, bill-line and copy
    /// order). Nil: its position in the installed base, as in the scenario as written. A what-if
    /// variant that adds or removes units sets it on every row, so that every unit it leaves
    /// unchanged keeps its random streams and every unit it adds gets streams of its own.
    public var firstInstanceKey: Int?

    public init(equipment: Int, count: Int, firstInstanceKey: Int? = nil) {
        self.equipment = equipment
        self.count = count
        self.firstInstanceKey = firstInstanceKey
    }
}
