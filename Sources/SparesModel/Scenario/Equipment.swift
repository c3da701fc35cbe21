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
    /// The day the units go into service (at the site's local midnight); nil: in service before the
    /// run starts. Before it they neither fail nor count in availability.
    public var installed: CivilDate?
    /// The day they are taken out of service (decommissioned, replaced by a new generation); nil:
    /// never. From it they fail no more and count in no availability.
    public var removed: CivilDate?

    public init(equipment: Int, count: Int, firstInstanceKey: Int? = nil, installed: CivilDate? = nil, removed: CivilDate? = nil) {
        self.equipment = equipment
        self.count = count
        self.firstInstanceKey = firstInstanceKey
        self.installed = installed
        self.removed = removed
    }

    /// Whether the row has an installation or removal date.
    public var isDated: Bool { installed != nil || removed != nil }

    /// The span the units are in service, hours from 00:00 UTC on `start`: from the installation day's
    /// local midnight (at most 0: in service from the start) to the removal day's (infinity: never).
    public func inService(start: CivilDate, utcOffset: Double) -> (from: Double, until: Double) {
        func hours(_ date: CivilDate) -> Double { Double(date.dayNumber - start.dayNumber) * 24 - utcOffset }
        return (installed.map { max(0, hours($0)) } ?? 0, removed.map(hours) ?? .infinity)
    }

    /// The share of [from, to) the units are in service: 1 for an undated row (or an empty span).
    /// How the stationary models and the validate summary count a dated row.
    public func shareInService(from: Double, to: Double, start: CivilDate, utcOffset: Double) -> Double {
        guard isDated, to > from else { return 1 }
        return hoursInService(from: from, to: to, start: start, utcOffset: utcOffset) / (to - from)
    }

    /// Hours in service within [from, to).
    public func hoursInService(from: Double, to: Double, start: CivilDate, utcOffset: Double) -> Double {
        let span = inService(start: start, utcOffset: utcOffset)
        return max(0, min(to, span.until) - max(from, span.from))
    }
}
