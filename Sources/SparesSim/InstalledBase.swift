import SparesModel
import SparesRandom

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
    /// Per instance: its BOM line numbered across all equipment types (index into `linePart`, `lineLife`).
    let instanceGlobalLine: [Int32]
    /// Per global BOM line: the part and its life distribution, so the loop reads one flat array
    /// instead of copying equipment values.
    let linePart: [Int32]
    let lineLife: [Distribution]
    /// Per global BOM line: whether the life is exponential (memoryless: the residual life at the
    /// start is drawn directly, with no length-biased interval).
    let lineMemoryless: [Bool]
    /// Per part: installed instances.
    let installedByPart: [Int]
    /// Per instance: the entity key of its random streams, when a variant added or removed units
    /// (`InstalledUnits.firstInstanceKey`); nil when every key is the instance's index.
    let instanceKeys: [Int]?

    /// The stream entity of instance `i`: the same unit has the same streams in every variant.
    @inline(__always)
    func streamEntity(_ i: Int) -> Int { instanceKeys?[i] ?? i }

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
        var globalLine: [Int32] = []
        let keyed = scenario.sites.contains { $0.units.contains { $0.firstInstanceKey != nil } }
        var keys: [Int] = []
        var lineBase: [Int32] = []
        var linePart: [Int32] = []
        var lineLife: [Distribution] = []
        for equipment in scenario.equipmentTypes {
            lineBase.append(Int32(linePart.count))
            for line in equipment.bom {
                linePart.append(Int32(line.part))
                lineLife.append(line.life)
            }
        }
        let expected = scenario.sites.reduce(0) { total, site in
            total + site.units.reduce(0) { $0 + $1.count * scenario.equipmentTypes[$1.equipment].bom.reduce(0) { $0 + $1.quantity } }
        }
        instanceUnit.reserveCapacity(expected)
        instanceLine.reserveCapacity(expected)
        globalLine.reserveCapacity(expected)
        if keyed { keys.reserveCapacity(expected) }
        for (s, site) in scenario.sites.enumerated() {
            first.append(Int32(unitSite.count))
            var n: Int32 = 0
            for row in site.units {
                let bom = scenario.equipmentTypes[row.equipment].bom
                if keyed {
                    let key = row.firstInstanceKey ?? instanceUnit.count
                    keys += key..<(key + row.count * bom.reduce(0) { $0 + $1.quantity })
                }
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
                            globalLine.append(lineBase[row.equipment] + Int32(k))
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
        instanceKeys = keyed ? keys : nil
        instanceGlobalLine = globalLine
        self.linePart = linePart
        self.lineLife = lineLife
        lineMemoryless = lineLife.map(\.isExponential)
    }
}
