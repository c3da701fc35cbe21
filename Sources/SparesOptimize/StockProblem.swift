import SparesModel
import SparesRandom

/// A scenario seen by the analytic models: for every part, the tree of stocking locations its demand
/// flows through, with rates, resupply times and unit cost; and the installed base per equipment
/// type, for availability.
public struct StockProblem: Sendable {
    public struct PartTree: Sendable {
        public var part: Int
        /// Location index of each node.
        public var locations: [Int]
        public var model: MultiEchelonPart
        public var unitCost: Double
    }

    public var parts: [PartTree]
    /// Per equipment type: units installed, and per part position (part, instances per unit, share of
    /// the part's site demand that comes from this type).
    public var equipment: [EquipmentUse]
    public var locationNames: [String]
    public var partNames: [String]
    /// Parts with demand that nobody can resupply (no supplier, no repair loop): left out.
    public var unsupplied: [String]

    public struct EquipmentUse: Sendable {
        public var name: String
        public var units: Double
        public var lines: [(tree: Int, perUnit: Double, share: Double)]
    }

    public init(_ scenario: Scenario, method: MultiEchelonPart.Method = .variMetric) {
        let locationCount = scenario.locations.count
        let partCount = scenario.parts.count
        var siteRate = [[Double]](repeating: [Double](repeating: 0, count: partCount), count: locationCount)
        var unitsByType = [Double](repeating: 0, count: scenario.equipmentTypes.count)
        // Per equipment type, per line of its bill: the line's demand rate (by line, not by part: a dense
        // type × part table would not fit a large catalogue).
        var typeRate = scenario.equipmentTypes.map { [Double](repeating: 0, count: $0.bom.count) }
        for site in scenario.sites {
            guard let first = site.serving.first else { continue }
            for row in site.units {
                let type = scenario.equipmentTypes[row.equipment]
                unitsByType[row.equipment] += Double(row.count)
                for (k, line) in type.bom.enumerated() {
                    let rate = Double(row.count * line.quantity) / line.life.mean * (1 - type.remoteFix)
                    siteRate[first][line.part] += rate
                    typeRate[row.equipment][k] += rate
                }
            }
        }
        let stocking = scenario.locations.map(\.echelon.holdsStock)
        func parent(_ l: Int) -> Int? {
            guard let s = scenario.locations[l].source, stocking[s] else { return nil }
            return s
        }
        // The wait for the lane's departure (opening hours, pick time, operating days, cutoff) and its
        // mean transit, on the lane the simulation ships by (LaneTable's shared choices); the pick time
        // alone when no lane runs.
        func replenishmentTransit(_ source: Int, _ l: Int) -> Double {
            scenario.lanes.replenishmentLane(from: source, to: l, mode: scenario.locations[l].replenishmentMode)
                .map { DepartureWait.mean(scenario, from: source, lane: $0) + scenario.lanes.lanes[$0].transit.mean }
                ?? scenario.locations[source].pickTime
        }
        func repairReturnTransit(_ vendor: Int, _ l: Int) -> Double {
            scenario.lanes.cheapest(from: .location(vendor), to: .location(l)).map { scenario.lanes.lanes[$0].transit.mean } ?? 0
        }
        var trees: [PartTree] = []
        var treeOfPart = [Int?](repeating: nil, count: partCount)
        var unsupplied: [String] = []
        for p in 0..<partCount {
            var rate = [Double](repeating: 0, count: locationCount)
            for l in 0..<locationCount where stocking[l] {
                var at: Int? = l
                let r = siteRate[l][p]
                var guardCount = 0
                while let x = at, guardCount <= locationCount { rate[x] += r; at = parent(x); guardCount += 1 }
            }
            let members = (0..<locationCount).filter { stocking[$0] && rate[$0] > 0 }
            guard !members.isEmpty else { continue }
            let part = scenario.parts[p]
            var nodes: [MultiEchelonPart.Node] = []
            var supplied = true
            for l in members {
                let location = scenario.locations[l]
                var resupply: Double
                if let up = parent(l) {
                    resupply = replenishmentTransit(up, l) + location.receiveTime
                } else {
                    let purchase = part.leadTime?.mean ?? part.supplier.flatMap { scenario.locations[$0].leadTime?.mean }
                        ?? location.source.flatMap { scenario.locations[$0].leadTime?.mean }
                    if let loop = part.repair, loop.returnTo == l {
                        let repairTime = loop.returnLeg.mean + loop.turnaround.mean + repairReturnTransit(loop.vendor, l) + location.receiveTime
                        resupply = (1 - loop.condemnation) * repairTime + loop.condemnation * (purchase ?? repairTime)
                    } else if let purchase {
                        resupply = purchase
                    } else {
                        supplied = false
                        resupply = 0
                    }
                }
                let parentIndex = parent(l).flatMap { members.firstIndex(of: $0) }
                nodes.append(.init(parent: parentIndex, rate: rate[l], resupply: resupply, siteShare: siteRate[l][p] / rate[l]))
            }
            guard supplied else { unsupplied.append(part.id); continue }
            treeOfPart[p] = trees.count
            trees.append(PartTree(part: p, locations: members, model: MultiEchelonPart(nodes: nodes, method: method), unitCost: part.unitCost))
        }
        parts = trees
        var uses: [EquipmentUse] = []
        for (e, type) in scenario.equipmentTypes.enumerated() where unitsByType[e] > 0 {
            var lines: [(Int, Double, Double)] = []
            for line in type.bom {
                guard let t = treeOfPart[line.part] else { continue }
                let total = (0..<locationCount).reduce(0.0) { $0 + siteRate[$1][line.part] }
                // The type's demand for the part, over every line of its bill that holds it.
                let typeTotal = type.bom.indices.reduce(0.0) { $0 + (type.bom[$1].part == line.part ? typeRate[e][$1] : 0) }
                lines.append((t, Double(line.quantity), total > 0 ? typeTotal / total : 0))
            }
            uses.append(EquipmentUse(name: type.id, units: unitsByType[e], lines: lines))
        }
        equipment = uses
        locationNames = scenario.locations.map(\.id)
        partNames = scenario.parts.map(\.id)
        self.unsupplied = unsupplied
    }
}
