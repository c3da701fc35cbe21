import SparesModel

/// The installed base flattened for the event loop: every unit and every part instance in it, by
/// integer index, in scenario order (site, installed-units row, unit, BOM line, instance).
struct InstalledBase: Sendable {
    /// Per unit: its site and equipment type.
    let unitSite: [Int32]
    let unitEquipment: [Int32]
    /// Per site: its first unit and unit count (units of a site are contiguous).
    let siteFirstUnit: [Int32]
    let siteUnitCount: [Int32]
    /// Per instance: its unit and its line in the equipment's bill of materials.
    let instanceUnit: [Int32]
    let instanceLine: [UInt16]
    /// Per part: installed instances.
    let installedByPart: [Int]

    var unitCount: Int { unitSite.count }
    var instanceCount: Int { instanceUnit.count }

    init(_ scenario: Scenario) {
        var unitSite: [Int32] = []
        var unitEquipment: [Int32] = []
        var first: [Int32] = []
        var counts: [Int32] = []
        var instanceUnit: [Int32] = []
        var instanceLine: [UInt16] = []
        var byPart = [Int](repeating: 0, count: scenario.parts.count)
        for (s, site) in scenario.sites.enumerated() {
            first.append(Int32(unitSite.count))
            var n: Int32 = 0
            for row in site.units {
                let bom = scenario.equipmentTypes[row.equipment].bom
                for _ in 0..<row.count {
                    let u = Int32(unitSite.count)
                    unitSite.append(Int32(s))
                    unitEquipment.append(Int32(row.equipment))
                    n += 1
                    for (k, line) in bom.enumerated() {
                        byPart[line.part] += line.quantity
                        for _ in 0..<line.quantity {
                            instanceUnit.append(u)
                            instanceLine.append(UInt16(k))
                        }
                    }
                }
            }
            counts.append(n)
        }
        self.unitSite = unitSite
        self.unitEquipment = unitEquipment
        siteFirstUnit = first
        siteUnitCount = counts
        self.instanceUnit = instanceUnit
        self.instanceLine = instanceLine
        installedByPart = byPart
    }
}
