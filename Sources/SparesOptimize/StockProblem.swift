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
        // Where each part's demand goes over the measured span (itself; after a supersession, its
        // successor too), read once per part, not per installed row.
        let m = scenario.metadata
        let split = scenario.parts.enumerated().map { p, part in
            part.demandShares(index: p, start: m.start, from: m.warmUp, to: m.warmUp + m.horizon)
        }
        for site in scenario.sites {
            guard let first = site.serving.first else { continue }
            for row in site.units {
                let type = scenario.equipmentTypes[row.equipment]
                // A dated row (installed or removed inside the run) counts by its share of the
                // measured span in service: the span's average demand and units.
                let inService = row.shareInService(from: m.warmUp, to: m.warmUp + m.horizon, start: m.start, utcOffset: site.utcOffset)
                unitsByType[row.equipment] += Double(row.count) * inService
                for (k, line) in type.bom.enumerated() {
                    let rate = Double(row.count * line.quantity) / line.life.mean * (1 - type.remoteFix) * inService
                    for (part, share) in split[line.part] where share > 0 { siteRate[first][part] += rate * share }
                    typeRate[row.equipment][k] += rate
                }
            }
        }
        // Demand streams (no installed base behind them) load their location like its sites do; they
        // keep no equipment down, so they are in no equipment type's share.
        for stream in scenario.demandStreams {
            for (part, share) in split[stream.part] where share > 0 { siteRate[stream.location][part] += stream.rate * share }
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
        // Stocking locations deepest first, so that a location's demand is complete (its sites' and
        // its children's orders) before it passes its own on.
        var depth = [Int](repeating: 0, count: locationCount)
        for l in 0..<locationCount where stocking[l] {
            var at = parent(l)
            while let x = at, depth[l] <= locationCount { depth[l] += 1; at = parent(x) }
        }
        let upward = (0..<locationCount).filter { stocking[$0] }.sorted { (depth[$0], $0) > (depth[$1], $1) }
        var rate = [Double](repeating: 0, count: locationCount)
        var failedUnits = [Double](repeating: 0, count: locationCount)
        var repairedHere = [Double](repeating: 0, count: locationCount)
        // Demand flows up one for one, except what a local repair keeps (ORACLES.md O4: a share
        // r repaired at the location in O, the rest ordered from its parent): of the failed units
        // reaching l, share·(1 − condemnation) come back to l's own stock; the share condemned
        // there leaves an order without a unit to repair; (1 − share) travel on with the order.
        func flow(_ p: Int) {
            let part = scenario.parts[p]
            for l in upward {
                rate[l] = 0
                failedUnits[l] = 0
                repairedHere[l] = 0
            }
            for l in upward {
                rate[l] += siteRate[l][p]
                failedUnits[l] += siteRate[l][p]
                var unitsUp = failedUnits[l]
                if let local = part.repair?.localRepair(at: l) {
                    repairedHere[l] = local.share * (1 - local.condemnation) * failedUnits[l]
                    unitsUp = (1 - local.share) * failedUnits[l]
                }
                if let q = parent(l) {
                    rate[q] += rate[l] - repairedHere[l]
                    failedUnits[q] += unitsUp
                }
            }
        }
        // Sub-modules: every module repaired at a location asks that location's stock for its
        // sub-module with the sub-module's share, a demand like a site's. Modules before their
        // sub-modules (the loader refuses loops), so a sub-module's demand is complete when read.
        // `fromModules[l * partCount + p]`: that part of siteRate, taken out of modules at l (it has
        // no return leg to a local repair at l: it is there already).
        var fromModules: [Int: Double] = [:]
        for p in Indentures.modulesFirst(scenario.parts.map { $0.repair?.subModules.map(\.part) ?? [] }) {
            guard let subs = scenario.parts[p].repair?.subModules, !subs.isEmpty else { continue }
            flow(p)
            for l in upward where repairedHere[l] > 0 {
                for sub in subs {
                    siteRate[l][sub.part] += sub.share * repairedHere[l]
                    fromModules[l * partCount + sub.part, default: 0] += sub.share * repairedHere[l]
                }
            }
        }
        for p in 0..<partCount {
            let part = scenario.parts[p]
            flow(p)
            let members = (0..<locationCount).filter { stocking[$0] && rate[$0] > 0 }
            guard !members.isEmpty else { continue }
            var nodes: [MultiEchelonPart.Node] = []
            var supplied = true
            for l in members {
                let location = scenario.locations[l]
                var resupply: Double
                // The local repair's share comes back in its return leg and turnaround (no transit:
                // it is repaired where it is stocked).
                let local = part.repair?.localRepair(at: l)
                let localShare = repairedHere[l] / rate[l]
                let legShare = 1 - (failedUnits[l] > 0 ? min(1, (fromModules[l * partCount + p] ?? 0) / failedUnits[l]) : 0)
                let localTime = local.map { legShare * $0.returnLeg.mean + $0.turnaround.mean } ?? 0
                if let up = parent(l) {
                    resupply = replenishmentTransit(up, l) + location.receiveTime
                } else {
                    let purchase = part.leadTime?.mean ?? part.supplier.flatMap { scenario.locations[$0].leadTime?.mean }
                        ?? location.source.flatMap { scenario.locations[$0].leadTime?.mean }
                    if let loop = part.repair, loop.returnTo == l {
                        // Of the demand not repaired here: the units sent to the vendor come back
                        // repaired unless condemned; orders without a unit (condemned below) are bought.
                        let notHere = rate[l] - repairedHere[l]
                        let unitsSent = (local.map { 1 - $0.share } ?? 1) * failedUnits[l]
                        let repairedShare = notHere > 0 ? min(1, (1 - loop.condemnation) * unitsSent / notHere) : 1
                        let repairTime = loop.returnLeg.mean + loop.turnaround.mean + repairReturnTransit(loop.vendor, l) + location.receiveTime
                        resupply = repairedShare * repairTime + (1 - repairedShare) * (purchase ?? repairTime)
                    } else if let purchase {
                        resupply = purchase
                    } else {
                        supplied = false
                        resupply = 0
                    }
                }
                resupply = localShare * localTime + (1 - localShare) * resupply
                let parentIndex = parent(l).flatMap { members.firstIndex(of: $0) }
                nodes.append(.init(parent: parentIndex, rate: rate[l], resupply: resupply, siteShare: siteRate[l][p] / rate[l],
                                   upstreamShare: parent(l) == nil ? 1 : 1 - localShare))
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
