/// The figures `spares validate` prints: what the scenario holds and what it implies.
public struct ScenarioSummary: Sendable {
    public var locationsByEchelon: [(echelon: Echelon, count: Int)]
    public var siteCount: Int
    public var unitCount: Int
    public var partCount: Int
    public var repairableCount: Int
    public var equipmentTypeCount: Int
    public var listedLanes: Int
    public var derivedLanes: Int
    public var technicianPools: Int
    public var technicians: Int
    public var contracts: Int
    public var policies: [String]
    /// Expected failures per year per part over the installed base (remote fixes included), most first.
    public var failuresPerYear: [(part: String, perYear: Double)]

    public init(_ scenario: Scenario) {
        locationsByEchelon = Echelon.allCases.map { e in (e, scenario.locations.filter { $0.echelon == e }.count) }
            .filter { $0.1 > 0 }
        siteCount = scenario.sites.count
        var unitCount = 0
        scenario.sites.withUnsafeBufferPointer { sites in
            for s in sites.indices {
                for units in sites[s].units { unitCount += units.count }
            }
        }
        self.unitCount = unitCount
        partCount = scenario.parts.count
        repairableCount = scenario.parts.filter(\.isRepairable).count
        equipmentTypeCount = scenario.equipmentTypes.count
        derivedLanes = scenario.lanes.derivedCount
        listedLanes = scenario.lanes.count - derivedLanes
        technicianPools = scenario.technicianPools.count
        technicians = scenario.technicianPools.reduce(0) { $0 + $1.headcount }
        contracts = scenario.contracts.count
        policies = scenario.policies.map(\.id)
        var perYear = Array(repeating: 0.0, count: scenario.parts.count)
        // Each type's bill read once (its lines' failures a year per instance); undated rows pooled
        // per (type, site class) first.
        let bills = scenario.equipmentTypes.map { $0.bom.map { (part: $0.part, quantity: $0.quantity, perYear: $0.failuresPerYear) } }
        var pools = PooledUnits(factors: scenario.factors, siteCount: scenario.sites.count,
                                typeCount: scenario.equipmentTypes.count, groups: 1)
        let m = scenario.metadata
        scenario.sites.withUnsafeBufferPointer { sites in
            for s in sites.indices {
                for units in sites[s].units {
                    if pools.pool(units, site: s, group: 0) { continue }
                    // A dated row counts by its share of the measured span in service.
                    let inService = units.shareInService(from: m.warmUp, to: m.warmUp + m.horizon, start: m.start, utcOffset: sites[s].utcOffset)
                    for line in bills[units.equipment] {
                        // A variant's demand factors count (1 for the scenario as written).
                        let factor = pools.factor(site: s, part: line.part, equipment: units.equipment)
                        perYear[line.part] += Double(units.count * line.quantity) * line.perYear * factor * inService
                    }
                }
            }
        }
        pools.forEachPool { _, equipment, site, units in
            for line in bills[equipment] {
                let factor = pools.factor(site: site, part: line.part, equipment: equipment)
                perYear[line.part] += Double(units * line.quantity) * line.perYear * factor
            }
        }
        failuresPerYear = zip(scenario.parts.map(\.id), perYear).map { ($0, $1) }.sorted { $0.1 > $1.1 }
    }

    public var totalFailuresPerYear: Double { failuresPerYear.reduce(0) { $0 + $1.perYear } }
}

/// The scenario in a few numbers, recorded with a run for its report's summary.
public struct ScenarioFacts: Sendable, Equatable, Codable {
    /// Locations per echelon (supplier, repair, central, hub, fsl), in that order, only those present.
    public var locations: [Count]
    public var sites: Int
    public var units: Int
    public var equipmentTypes: Int
    public var parts: Int
    public var repairableParts: Int
    public var lanes: Int
    public var technicianPools: Int
    public var technicians: Int
    public var contracts: [String]
    public var risks: Int
    /// Expected failures a year over the installed base at catalogue rates.
    public var failuresPerYear: Double

    public struct Count: Sendable, Equatable, Codable {
        public var name: String
        public var count: Int
    }

    public init(_ scenario: Scenario) {
        let s = ScenarioSummary(scenario)
        locations = s.locationsByEchelon.map { Count(name: $0.echelon.rawValue, count: $0.count) }
        sites = s.siteCount
        units = s.unitCount
        equipmentTypes = s.equipmentTypeCount
        parts = s.partCount
        repairableParts = s.repairableCount
        lanes = s.listedLanes + s.derivedLanes
        technicianPools = s.technicianPools
        technicians = s.technicians
        contracts = scenario.contracts.map(\.id)
        risks = scenario.risks.count
        failuresPerYear = s.totalFailuresPerYear
    }
}
