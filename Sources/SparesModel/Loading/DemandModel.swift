import Foundation

/// Long-run demand and replenishment lead time per (location, part), from the installed base and the
/// network: what a stocking rule sizes stock against, and what `validate` summarises.
///
/// Site demand goes to the site's first serving location; every stocking location passes its demand
/// one-for-one to its source. Rates are per hour, remote fixes excluded (they need no part).
struct DemandModel {
    /// `rate[location][part]`, demands per hour.
    var rate: [[Double]]
    /// `leadTime[location][part]`, mean hours from order to receipt; nil where unknown.
    var leadTime: [[Double?]]
    /// Expected failures per year per part over the whole installed base (remote fixes included).
    var failuresPerYear: [Double]

    /// Most (location, type, site class) unit counts pooled before rows are summed line by line.
    static let pooledSlots = 1 << 22

    /// With `factors` (a variant resized on its own demand), failure rates and purchase and repair
    /// lead times are multiplied as the simulation multiplies them.
    init(network: Network, transport: Transport, factors: VariantFactors? = nil) {
        let locationCount = network.locations.items.count
        let partCount = network.parts.items.count
        rate = Array(repeating: Array(repeating: 0, count: partCount), count: locationCount)
        leadTime = Array(repeating: Array(repeating: nil, count: partCount), count: locationCount)
        failuresPerYear = Array(repeating: 0, count: partCount)
        // Read once, not per installed row: each equipment type's bill (part, quantity, failures a year
        // per instance) and remote-fix share, and where each part's demand goes (itself, and after a
        // supersession its successor, with their shares).
        let bills = network.equipment.items.map { $0?.bom.map { (part: $0.part, quantity: $0.quantity, perYear: $0.failuresPerYear) } }
        let remoteFix = network.equipment.items.map { $0?.remoteFix ?? 0 }
        let split = (0..<partCount).map { p in
            network.measured.flatMap { m in network.parts[p]?.demandShares(index: p, start: m.start, from: m.from, to: m.to) } ?? [(p, 1)]
        }
        /// Adds `perYear` failures a year of `part` from units of `equipment` first served by `first`.
        func add(_ perYear: Double, part: Int, equipment: Int, first: Int?) {
            // A superseded part's demand moves to its successor for the share of the span after its day.
            for (part, share) in split[part] where share > 0 {
                failuresPerYear[part] += perYear * share
                if let first { rate[first][part] += perYear * share * (1 - remoteFix[equipment]) / 8760 }
            }
        }
        // Undated rows pooled per (first serving location, type, site class); group 0 is served by none.
        var pools = PooledUnits(factors: factors, siteCount: network.sites.items.count,
                                typeCount: network.equipment.items.count, groups: locationCount + 1)
        let billed = bills.map { $0 != nil }
        // Sites read in place through the buffer, not copied: a base of 200,000 sites is read once
        // per load.
        network.sites.items.withUnsafeBufferPointer { sites in
            for s in sites.indices where sites[s] != nil {
                let first = sites[s]!.serving.first
                for units in sites[s]!.units where billed[units.equipment] {
                    if pools.pool(units, site: s, group: (first ?? -1) + 1) { continue }
                    let utcOffset = sites[s]!.utcOffset
                    // A dated row counts by its share of the measured span in service.
                    let inService = network.measured.map { units.shareInService(from: $0.from, to: $0.to, start: $0.start, utcOffset: utcOffset) } ?? 1
                    for line in bills[units.equipment]! {
                        let factor = pools.factor(site: s, part: line.part, equipment: units.equipment)
                        add(Double(units.count * line.quantity) * line.perYear * factor * inService,
                            part: line.part, equipment: units.equipment, first: first)
                    }
                }
            }
        }
        pools.forEachPool { group, equipment, site, units in
            guard let bill = bills[equipment] else { return }
            for line in bill {
                let factor = pools.factor(site: site, part: line.part, equipment: equipment)
                add(Double(units * line.quantity) * line.perYear * factor, part: line.part, equipment: equipment,
                    first: group == 0 ? nil : group - 1)
            }
        }
        for case let stream? in network.streams {
            for (part, share) in split[stream.part] where share > 0 { rate[stream.location][part] += stream.rate * share }
        }
        // Pass demand upstream, children before parents (depth order; cycles are reported elsewhere).
        let depth = Self.depths(network)
        for l in (0..<locationCount).sorted(by: { depth[$0] > depth[$1] }) {
            guard let location = network.locations[l], let source = location.source, depth[l] > 0,
                  network.locations[source]?.echelon.holdsStock == true
            else { continue }
            for p in 0..<partCount { rate[source][p] += rate[l][p] }
        }
        // Sub-modules: a module's repairs at a local repair ask that location for the sub-module
        // (share of the module's demand through it, repaired there and not condemned, times the
        // sub-module's share), passed on up one for one. Modules first, so a sub-module's own
        // repairs see its demand.
        for p in Indentures.modulesFirst(network.parts.items.map { $0?.repair?.subModules.map(\.part) ?? [] }) {
            guard let loop = network.parts[p]?.repair, !loop.subModules.isEmpty else { continue }
            for l in 0..<locationCount {
                guard let local = loop.localRepair(at: l) else { continue }
                let repaired = rate[l][p] * local.share * (1 - local.condemnation)
                for sub in loop.subModules where repaired > 0 {
                    var at: Int? = l
                    var steps = 0
                    while let x = at, steps <= locationCount, network.locations[x]?.echelon.holdsStock == true {
                        rate[x][sub.part] += repaired * sub.share
                        at = network.locations[x]?.source
                        steps += 1
                    }
                }
            }
        }
        for l in 0..<locationCount {
            guard let location = network.locations[l] else { continue }
            // From a stocking source the lead time is the same for every part: find its lane once.
            if let source = location.source, let upstream = network.locations[source], upstream.echelon.holdsStock {
                let lead = Self.laneLeadTime(l, location, upstream, source, transport)
                for p in 0..<partCount { leadTime[l][p] = lead }
            } else {
                for p in 0..<partCount { leadTime[l][p] = Self.purchaseLeadTime(location, p, network, factors: factors) }
            }
        }
    }

    /// Distance from the top of the replenishment tree; -1 on a cycle.
    static func depths(_ network: Network) -> [Int] {
        let count = network.locations.items.count
        return (0..<count).map { start in
            var depth = 0
            var current = start
            var seen: Set<Int> = [start]
            while let source = network.locations[current]?.source {
                guard seen.insert(source).inserted else { return -1 }
                depth += 1
                current = source
            }
            return depth
        }
    }

    /// Pick at the source, the cheapest lane's mean transit (in the replenishment mode, if set), receipt.
    static func laneLeadTime(_ l: Int, _ location: Location, _ upstream: Location, _ source: Int, _ transport: Transport) -> Double? {
        let candidates = transport.table.lanes(from: .location(source), to: .location(l)).map { transport.lanes[$0] }.filter {
            location.replenishmentMode == nil || $0.mode == location.replenishmentMode
        }
        guard let lane = candidates.min(by: { $0.cost < $1.cost }) else { return nil }
        return upstream.pickTime + lane.transit.mean + location.receiveTime
    }

    /// Supplier lead time (the part's own or its supplier's), else the repair loop, plus receipt.
    static func purchaseLeadTime(_ location: Location, _ p: Int, _ network: Network, factors: VariantFactors? = nil) -> Double? {
        guard let part = network.parts[p] else { return nil }
        let supplierLead = part.leadTime ?? part.supplier.flatMap { network.locations[$0]?.leadTime }
        if let supplierLead { return supplierLead.mean * (factors?.purchaseLeadTime[p] ?? 1) + location.receiveTime }
        if let repair = part.repair {
            return repair.returnLeg.mean + repair.turnaround.mean * (factors?.repairTurnaround[p] ?? 1) + location.receiveTime
        }
        return nil
    }
}

/// Poisson probabilities for stocking rules.
enum Poisson {
    /// Smallest S ≥ `minimum` with P(X ≤ S − 1) ≥ `fill` for X ~ Poisson(`mean`): the base stock that
    /// meets a demand fill rate `fill` (Palm's theorem, ORACLES.md O1). Capped at 100,000.
    static func baseStock(mean: Double, fill: Double, minimum: Int) -> Int {
        guard mean > 0 else { return minimum }
        var pmf = exp(-mean)
        var cdf = 0.0
        var s = 0
        while s < 100_000 {
            // cdf = P(X ≤ s − 1) here.
            if cdf >= fill, s >= minimum { return s }
            cdf += pmf
            s += 1
            pmf *= mean / Double(s)
            if pmf == 0, cdf < fill { return max(minimum, s) }
        }
        return s
    }
}
