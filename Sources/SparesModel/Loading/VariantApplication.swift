/// Applying a variant while loading (`ScenarioVariant`): to the network, lanes, technicians and
/// contracts before the policies are read, and to the policies after.
extension ScenarioReader {
    /// Changes the sections as `v` says and gives the factors the simulation applies. Problems only
    /// the application can see (a site left without a serving location, more units removed than
    /// installed) are errors at the change.
    mutating func apply(_ v: VariantChanges, network: inout Network, transport: inout Transport,
                        technicians: inout Section<TechnicianPool>, contracts contractList: inout Section<Contract>) -> VariantFactors {
        let partCount = network.parts.items.count
        // Demand scopes by serving location read the network as written.
        var rateFactors: [RateFactor] = []
        for (factor, servedBy) in v.demand {
            var f = factor
            if let servedBy {
                let served = Set(network.sites.items.indices.filter { s in
                    network.sites.items[s]?.serving.first.map { servedBy.contains($0) } ?? false
                })
                f.sites = f.sites.map { $0.intersection(served) } ?? served
            }
            rateFactors.append(f)
        }
        let servedBefore = Self.servingLocations(network)
        applyUnits(v, network: &network)
        applyClosures(v, network: &network)
        applyLaneRemovals(v, network: &network, transport: &transport)
        idleLocations = servedBefore.subtracting(Self.servingLocations(network))
        removedModes = Set(v.removedModes.map(\.mode))
        for change in v.headcount {
            guard var pool = technicians[change.pool] else { continue }
            let count = change.set ?? pool.headcount + change.add!
            guard count >= 1 else {
                d.error(at: change.at, expected: "a headcount of at least 1 for '\(pool.id)', as for any pool",
                        found: change.set.map { "\($0)" } ?? "\(pool.headcount) \(change.add! > 0 ? "+" : "−") \(abs(change.add!)) = \(count)")
                continue
            }
            pool.headcount = count
            technicians[change.pool] = pool
        }
        var purchase = [Double](repeating: 1, count: partCount)
        var turnaround = purchase
        for change in v.leadTimes {
            for (p, part) in network.parts.items.enumerated() {
                guard let part else { continue }
                let inParts = change.parts?.contains(p) ?? false
                let atSupplier = part.supplier.map { change.suppliers.contains($0) } ?? false
                if inParts || atSupplier { purchase[p] *= change.factor }
                if let vendor = part.repair?.vendor, change.vendors.contains(vendor) { turnaround[p] *= change.factor }
            }
        }
        for change in v.contracts {
            guard var contract = contractList[change.contract] else { continue }
            if let fee = change.fee { contract.fee = fee }
            if let cap = change.cap { contract.cap = cap }
            if let target = change.attainment {
                if contract.response == nil {
                    d.error(at: change.at, expected: "a contract with response terms to change the attainment of",
                            found: "'\(contract.id)', which has none")
                } else {
                    contract.response!.attainmentTarget = target
                }
            }
            if let target = change.availability {
                if contract.availability == nil {
                    d.error(at: change.at, expected: "a contract with an availability target to change",
                            found: "'\(contract.id)', which has none")
                } else {
                    contract.availability!.target = target
                }
            }
            if let f = change.penaltyFactor {
                contract.response?.penaltyPerBreach *= f
                contract.response?.penaltyPerLateHour *= f
                contract.restore?.penaltyPerBreach *= f
                contract.restore?.penaltyPerLateHour *= f
            }
            contractList[change.contract] = contract
        }
        return VariantFactors(failureRates: rateFactors, purchaseLeadTime: purchase, repairTurnaround: turnaround)
    }

    /// The locations that serve some site.
    static func servingLocations(_ network: Network) -> Set<Int> {
        var serving = Array(repeating: false, count: network.locations.items.count)
        for s in network.sites.items.indices {
            for l in network.sites.items[s]?.serving ?? [] { serving[l] = true }
        }
        return Set(serving.indices.filter { serving[$0] })
    }

    /// What the application did beyond the changes as written: the locations left serving no site.
    func consequences(_ v: VariantChanges) -> [String] {
        let idle = idleLocations.subtracting(v.closed.map(\.location)).sorted().map { locations.ids[$0] }
        guard !idle.isEmpty else { return [] }
        return ["\(Self.listed(idle).replacingOccurrences(of: "'", with: "")) left serving no site"]
    }

    /// Units added get stream keys after every instance of the scenario as written; units removed are
    /// the last of their equipment type at the site, so that every other unit keeps its streams.
    mutating func applyUnits(_ v: VariantChanges, network: inout Network) {
        guard !v.units.isEmpty else { return }
        let perUnit = network.equipment.items.map { type in type?.bom.reduce(0) { $0 + $1.quantity } ?? 0 }
        var next = 0
        for s in network.sites.items.indices {
            guard var site = network.sites.items[s] else { continue }
            for k in site.units.indices {
                site.units[k].firstInstanceKey = next
                next += site.units[k].count * perUnit[site.units[k].equipment]
            }
            network.sites.items[s] = site
        }
        for change in v.units {
            var short: [String] = [], emptied: [String] = []
            for s in change.sites {
                guard var site = network.sites.items[s] else { continue }
                if change.add > 0 {
                    site.units.append(InstalledUnits(equipment: change.equipment, count: change.add, firstInstanceKey: next))
                    next += change.add * perUnit[change.equipment]
                } else {
                    var left = -change.add
                    for k in site.units.indices.reversed() where site.units[k].equipment == change.equipment && left > 0 {
                        let taken = min(left, site.units[k].count)
                        site.units[k].count -= taken
                        left -= taken
                    }
                    if left > 0 { short.append(site.id) }
                    site.units.removeAll { $0.count == 0 }
                    if site.units.isEmpty && left == 0 { emptied.append(site.id) }
                }
                network.sites.items[s] = site
            }
            if !emptied.isEmpty {
                d.error(at: change.at, expected: "sites that keep at least one unit (a site without equipment has no contract to serve)",
                        found: "none left at \(Self.listed(emptied))")
            }
            if !short.isEmpty {
                d.error(at: change.at, expected: "at least \(-change.add) unit\(change.add == -1 ? "" : "s") of '\(equipment.ids[change.equipment])' at each site to remove",
                        found: "fewer at \(Self.listed(short))")
            }
        }
    }

    /// A closed location serves no site, holds no stock and replenishes nobody: its sites fall to
    /// their next serving location, locations it supplied replenish from its own source, and repaired
    /// parts it received go to that source too.
    mutating func applyClosures(_ v: VariantChanges, network: inout Network) {
        let closed = Set(v.closed.map(\.location))
        guard !closed.isEmpty else { return }
        func openSource(_ l: Int) -> Int? {
            var current = network.locations[l]?.source
            var steps = 0
            while let c = current, closed.contains(c), steps < network.locations.items.count {
                current = network.locations[c]?.source
                steps += 1
            }
            return current
        }
        for (l, at) in v.closed {
            var stranded: [String] = []
            for s in network.sites.items.indices {
                guard var site = network.sites.items[s], site.serving.contains(l) else { continue }
                site.serving.removeAll { closed.contains($0) }
                if site.serving.isEmpty { stranded.append(site.id) }
                network.sites.items[s] = site
            }
            if !stranded.isEmpty {
                d.error(at: at, expected: "sites with another serving location when '\(locations.ids[l])' closes",
                        found: "\(Self.listed(stranded)) served by it alone", hint: "add a serving location to those sites, or close another location")
            }
            for k in network.locations.items.indices where network.locations[k]?.source == l && !closed.contains(k) {
                network.locations.items[k]!.source = openSource(k)
                network.locations.items[k]!.replenishmentMode = nil
            }
            for p in network.parts.items.indices where network.parts[p]?.repair?.returnTo == l {
                guard let target = openSource(l), network.locations[target]?.echelon.holdsStock == true else {
                    d.error(at: at, expected: "a stocking location upstream of '\(locations.ids[l])' to receive the repaired '\(parts.ids[p])' it receives",
                            found: "none")
                    continue
                }
                network.parts.items[p]!.repair!.returnTo = target
            }
        }
    }

    /// Lanes removed (all of a mode, or from a location); a site whose serving location has no lane
    /// left to it falls to its next one.
    mutating func applyLaneRemovals(_ v: VariantChanges, network: inout Network, transport: inout Transport) {
        guard !v.removedModes.isEmpty || !v.removedLanes.isEmpty else { return }
        let modes = Set(v.removedModes.map(\.mode))
        let removed: (Lane) -> Bool = { lane in
            modes.contains(lane.mode) || v.removedLanes.contains { r in
                lane.from == .location(r.from) && (r.to.map { lane.to == $0 } ?? true) && (r.mode.map { lane.mode == $0 } ?? true)
            }
        }
        let before = transport
        transport.removeLanes(where: removed)
        var stranded: [String] = []
        for s in network.sites.items.indices {
            // Most sites lose no serving location: those are neither copied nor changed.
            func loses(_ l: Int) -> Bool { !transport.hasLane(from: .location(l), to: .site(s)) && before.hasLane(from: .location(l), to: .site(s)) }
            guard network.sites.items[s]?.serving.contains(where: loses) == true, var site = network.sites.items[s] else { continue }
            let lost = site.serving.filter(loses)
            site.serving.removeAll { lost.contains($0) }
            if site.serving.isEmpty { stranded.append(site.id) }
            network.sites.items[s] = site
        }
        if !stranded.isEmpty {
            d.error(at: v.removedModes.first?.at ?? v.removedLanes[0].at, expected: "a lane left from some serving location to every site",
                    found: "none to \(Self.listed(stranded))", hint: "keep a lane of another mode to those sites, or add a serving location")
        }
    }

    /// After the policies are read: a closed location stocks nothing and is no expedite source.
    func apply(_ v: VariantChanges, to policies: inout [Policy]) {
        let closed = Set(v.closed.map(\.location))
        guard !closed.isEmpty else { return }
        for k in policies.indices {
            let partCount = policies[k].partCount
            for l in closed {
                for p in 0..<partCount { policies[k].stock[l * partCount + p] = .none }
            }
            for step in policies[k].expediting.indices {
                policies[k].expediting[step].sources.removeAll { closed.contains($0) }
            }
        }
    }

    /// Up to five ids, then how many more.
    static func listed(_ ids: [String]) -> String {
        let shown = ids.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
        return ids.count > 5 ? "\(shown) and \(ids.count - 5) more" : shown
    }
}
