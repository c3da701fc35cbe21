import SparesModel
import SparesRandom

/// The installed base flattened for the event loop, by integer index in scenario order (site,
/// installed-units row, unit, BOM line, instance): every unit, and the part instances in two forms.
///
/// - **Groups**: the instances of one BOM line with an exponential life in one installed-units row
///   (count units × quantity instances at a site), when the policy has no planned-swap rule for the
///   part. Their failures form one Poisson process of rate (working instances) × λ (memorylessness:
///   the time since each instance's last renewal does not matter), so a group keeps a working count,
///   not a life per instance (`GroupFailures`).
/// - **Wear groups**: the instances of one Weibull line in one installed row (no swap rule for the
///   part). Each instance's renewal process starts stationary, so whether it fails before the run's
///   end is an independent event of probability p = F_e(life used by the end), F_e the stationary
///   residual law (closed form for Weibull, `Distribution.residualCDF`). The run draws how many do
///   (binomial), which ones (uniformly, Floyd's sampling) and their residuals from F_e conditioned
///   below that (`residualQuantile`), and only those become instances (`materialize`): the others'
///   lives do not end inside the run, and they need no state.
/// - **Instances**: every other instance (other wear-out laws, parts a swap rule needs the age of),
///   each with its own life, and the wear groups' instances that fail.
///
/// Rows with installation or removal days (`InstalledUnits.installed`, `.removed`): their groups
/// work from the installation (`installs`) and stop at the removal (`groupUntil`); their wear-out
/// lives are instances (new at the installation), so no wear group holds a dated row.
///
/// Setup and memory grow with units, groups and the instances that fail; a base of exponential and
/// Weibull lives costs the same whatever its instance count.
struct InstalledBase: Sendable {
    /// Per unit: its site and equipment type.
    let unitSite: [Int32]
    let unitEquipment: [Int32]
    /// Per site: its first unit and unit count (units of a site are contiguous).
    let siteFirstUnit: [Int32]
    let siteUnitCount: [Int32]
    /// Per instance: its unit and its line in the equipment's bill of materials.
    private(set) var instanceUnit: [Int32]
    private(set) var instanceLine: [UInt16]
    /// Per instance: its BOM line numbered across all equipment types (index into `linePart`, `lineLife`).
    private(set) var instanceGlobalLine: [Int32]
    /// Per group: its first unit, its unit count, instances per unit, global BOM line, and the stream
    /// entity of its draws (the key its first instance would have: the same in every variant).
    let groupFirstUnit: [Int32]
    let groupUnits: [Int32]
    let groupQuantity: [Int32]
    let groupLine: [Int32]
    let groupEntity: [Int]
    /// Per wear group: its first unit, unit count, instances per unit of its line, the line (global and
    /// in the bill), the key of its first unit's first instance of the line as written, and the
    /// instances per unit of the whole bill (so an instance's key is first + unit × perUnit + slot).
    let wearFirstUnit: [Int32]
    let wearUnits: [Int32]
    let wearQuantity: [Int32]
    let wearLine: [Int32]
    let wearBillLine: [UInt16]
    let wearKey: [Int]
    let wearPerUnit: [Int32]
    /// Per global BOM line: the part and its life distribution, so the loop reads one flat array
    /// instead of copying equipment values.
    let linePart: [Int32]
    let lineLife: [Distribution]
    /// Per global BOM line: whether the life is exponential (memoryless: the residual life at the
    /// start is drawn directly, with no length-biased interval).
    let lineMemoryless: [Bool]
    /// Per part: instances in service at the start (grouped or not); rows installed later add theirs
    /// when they go into service.
    let installedByPart: [Int]
    /// Rows with an installation day inside the run: when, and the groups and instances they hold
    /// (their instances start new lives then, their groups start working then).
    struct Install: Sendable {
        var at: Double
        /// Its units and their equipment type (for the trace).
        var units: Int32
        var equipment: Int32
        var groups: Range<Int>
        var instances: Range<Int>
    }
    private(set) var installs: [Install] = []
    /// Per unit, when it goes into and out of service (hours); nil when no row is dated (always in
    /// service). Per group, when its units leave service.
    let unitFrom: [Double]?
    let unitUntil: [Double]?
    let groupUntil: [Double]?
    /// Per site with dated rows, each dated row's span in service and unit count (its undated units
    /// are `siteUnitCount` less these), for availability's unit-hours.
    let datedUnits: [Int: [DatedUnits]]

    /// A dated row's span in service (hours) and its unit count.
    typealias DatedUnits = (from: Double, until: Double, count: Int)

    /// When unit `u` leaves service (infinity: never).
    @inline(__always)
    func until(unit u: Int) -> Double { unitUntil?[u] ?? .infinity }

    /// Per instance: the entity key of its random streams, when a variant added or removed units
    /// (`InstalledUnits.firstInstanceKey`) or lines are grouped; nil when every key is the instance's
    /// index (no groups and the base as written).
    private(set) var instanceKeys: [Int]?

    /// The stream entity of instance `i`: the same unit has the same streams in every variant.
    @inline(__always)
    func streamEntity(_ i: Int) -> Int { instanceKeys?[i] ?? i }

    var unitCount: Int { unitSite.count }
    var instanceCount: Int { instanceUnit.count }
    var groupCount: Int { groupLine.count }
    var wearGroupCount: Int { wearLine.count }

    /// Instances of wear group `w`.
    @inline(__always)
    func wearSize(_ w: Int) -> Int { Int(wearUnits[w]) * Int(wearQuantity[w]) }

    /// Makes instance `position` (unit-major) of wear group `w` an instance of its own: its index.
    mutating func materialize(wear w: Int, position: Int) -> Int {
        let q = Int(wearQuantity[w])
        let unit = position / q, slot = position % q
        instanceUnit.append(wearFirstUnit[w] + Int32(unit))
        instanceLine.append(wearBillLine[w])
        instanceGlobalLine.append(wearLine[w])
        instanceKeys!.append(wearKey[w] + unit * Int(wearPerUnit[w]) + slot)
        return instanceUnit.count - 1
    }

    /// Instances of group `g`.
    @inline(__always)
    func groupSize(_ g: Int) -> Int { Int(groupUnits[g]) * Int(groupQuantity[g]) }

    /// The base of `scenario`; with `grouping`, exponential lines of parts `individual` does not name
    /// (by part index) as groups and Weibull ones as wear groups, else every instance on its own (the
    /// exact equivalent both are checked against).
    init(_ scenario: Scenario, grouping: Bool = true, individual: Set<Int> = []) {
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
        let memoryless = lineLife.map(\.isExponential)
        let grouped = linePart.indices.map { grouping && memoryless[$0] && !individual.contains(Int(linePart[$0])) }
        let worn = linePart.indices.map {
            grouping && !memoryless[$0] && lineLife[$0].hasClosedFormResidual && !individual.contains(Int(linePart[$0]))
        }
        var wearFirstUnit: [Int32] = [], wearUnits: [Int32] = [], wearQuantity: [Int32] = [], wearLine: [Int32] = []
        var wearBillLine: [UInt16] = [], wearKey: [Int] = [], wearPerUnit: [Int32] = []
        var groupFirstUnit: [Int32] = [], groupUnits: [Int32] = [], groupQuantity: [Int32] = [], groupLine: [Int32] = []
        var groupEntity: [Int] = []
        let anyDated = scenario.sites.contains { $0.units.contains(where: \.isDated) }
        var fromList: [Double] = [], untilList: [Double] = [], groupUntilList: [Double] = []
        var datedRows: [Int: [DatedUnits]] = [:]
        var installs: [Install] = []
        // The key of the next instance as written (every instance counts, grouped or not); with
        // groups an instance's index no longer is its key, so keys are kept.
        var written = 0
        let recordKeys = keyed || grouped.contains(true) || worn.contains(true)
        for (s, site) in scenario.sites.enumerated() {
            first.append(Int32(unitSite.count))
            var n: Int32 = 0
            for row in site.units {
                let bom = scenario.equipmentTypes[row.equipment].bom
                let perUnit = bom.reduce(0) { $0 + $1.quantity }
                let rowKey = row.firstInstanceKey ?? written
                written += row.count * perUnit
                let rowFirstUnit = Int32(unitSite.count)
                let dated = row.isDated
                let span = row.inService(start: scenario.metadata.start, utcOffset: site.utcOffset)
                let rowFirstGroup = groupLine.count, rowFirstInstance = instanceUnit.count
                if dated { datedRows[s, default: []].append((span.from, span.until, row.count)) }
                var offset = 0
                for (k, line) in bom.enumerated() {
                    let g = Int(lineBase[row.equipment]) + k
                    if grouped[g] && row.count > 0 && line.quantity > 0 {
                        groupUntilList.append(span.until)
                        groupFirstUnit.append(rowFirstUnit)
                        groupUnits.append(Int32(row.count))
                        groupQuantity.append(Int32(line.quantity))
                        groupLine.append(Int32(g))
                        groupEntity.append(rowKey + offset)
                    } else if worn[g] && !dated && row.count > 0 && line.quantity > 0 {
                        wearFirstUnit.append(rowFirstUnit)
                        wearUnits.append(Int32(row.count))
                        wearQuantity.append(Int32(line.quantity))
                        wearLine.append(Int32(g))
                        wearBillLine.append(UInt16(k))
                        wearKey.append(rowKey + offset)
                        wearPerUnit.append(Int32(perUnit))
                    }
                    offset += line.quantity
                    if span.from <= 0 { byPart[line.part] += row.count * line.quantity }
                }
                for u in 0..<row.count {
                    let unit = Int32(unitSite.count)
                    if anyDated {
                        fromList.append(span.from)
                        untilList.append(span.until)
                    }
                    unitSite.append(Int32(s))
                    unitEquipment.append(Int32(row.equipment))
                    n += 1
                    var position = 0
                    for (k, line) in bom.enumerated() {
                        let g = lineBase[row.equipment] + Int32(k)
                        defer { position += line.quantity }
                        guard !grouped[Int(g)] && (dated || !worn[Int(g)]) else { continue }
                        for j in 0..<line.quantity {
                            instanceUnit.append(unit)
                            instanceLine.append(UInt16(k))
                            globalLine.append(g)
                            if recordKeys { keys.append(rowKey + u * perUnit + position + j) }
                        }
                    }
                }
                if span.from > 0 {
                    installs.append(Install(at: span.from, units: Int32(row.count), equipment: Int32(row.equipment), groups: rowFirstGroup..<groupLine.count, instances: rowFirstInstance..<instanceUnit.count))
                }
            }
            counts.append(n)
        }
        self.installs = installs
        self.unitSite = unitSite
        self.unitEquipment = unitEquipment
        siteFirstUnit = first
        siteUnitCount = counts
        self.instanceUnit = instanceUnit
        self.instanceLine = instanceLine
        installedByPart = byPart
        instanceKeys = recordKeys ? keys : nil
        instanceGlobalLine = globalLine
        self.groupFirstUnit = groupFirstUnit
        self.groupUnits = groupUnits
        self.groupQuantity = groupQuantity
        self.groupLine = groupLine
        self.groupEntity = groupEntity
        self.wearFirstUnit = wearFirstUnit
        self.wearUnits = wearUnits
        self.wearQuantity = wearQuantity
        self.wearLine = wearLine
        self.wearBillLine = wearBillLine
        self.wearKey = wearKey
        self.wearPerUnit = wearPerUnit
        self.linePart = linePart
        self.lineLife = lineLife
        lineMemoryless = memoryless
        unitFrom = anyDated ? fromList : nil
        unitUntil = anyDated ? untilList : nil
        groupUntil = anyDated ? groupUntilList : nil
        datedUnits = datedRows
    }
}
