/// Which sections were read without error. A whole-network check runs only when everything it
/// depends on was read, so that one typo does not set off a cascade of false errors ("no lane to the
/// site" because the depot's row had a bad latitude).
struct Completeness {
    var network: Bool
    var transport: Bool
    var policies: Bool
}

/// Checks that need the whole scenario: the replenishment network has no cycles and every flow has a
/// lane, every part with demand can be had, and warnings for what is legal but suspicious.
extension ScenarioReader {
    mutating func checkNetwork(
        _ network: Network, transport: Transport, technicians: Section<TechnicianPool>, contracts: Section<Contract>,
        policies: [Policy], completeness: Completeness
    ) {
        guard completeness.network else { return }
        checkCycles(network)
        if completeness.transport {
            checkReplenishmentLanes(network, transport)
            checkSiteLanes(network, transport)
            checkRepairLanes(network, transport)
        }
        if completeness.policies {
            checkSupply(network, policies: policies)
            checkSupersededSwaps(network, policies: policies)
        }
        if !d.hasErrors { warnUnused(network, transport: transport, contracts: contracts) }
    }

    /// A superseded part has no planned-swap rule: a swap's part would change at the day, which the
    /// swap rules do not follow.
    mutating func checkSupersededSwaps(_ network: Network, policies: [Policy]) {
        for policy in policies {
            for rule in policy.preventive {
                guard let part = network.parts[rule.part], part.supersession != nil,
                      let value = network.partRecords[rule.part]?["superseded"] else { continue }
                d.error(at: value.location, expected: "a superseded part without a planned-swap rule",
                        found: "policy '\(policy.id)' swapping '\(part.id)' by plan")
            }
        }
    }

    /// `source` links must form a forest: a cycle means no stock ever enters.
    mutating func checkCycles(_ network: Network) {
        let depth = DemandModel.depths(network)
        var reported: Set<Int> = []
        for (l, value) in depth.enumerated() where value < 0 && !reported.contains(l) {
            var cycle = [l]
            var current = network.locations[l]?.source
            while let c = current, c != l, !cycle.contains(c) {
                cycle.append(c)
                current = network.locations[c]?.source
            }
            guard current == l else { continue }  // l leads into a cycle but is not on it
            reported.formUnion(cycle)
            let names = (cycle + [l]).map { locations.ids[$0] }.joined(separator: " → ")
            if let source = network.locationRecords[l]?["source"] {
                d.error(at: source.location, expected: "a replenishment network without cycles", found: "the cycle \(names)")
            }
        }
    }

    /// A stocking location replenished from another needs a lane from it.
    mutating func checkReplenishmentLanes(_ network: Network, _ transport: Transport) {
        for (l, location) in network.locations.items.enumerated() {
            guard let location, let source = location.source, let upstream = network.locations[source],
                  upstream.echelon.holdsStock, let value = network.locationRecords[l]?["source"]
            else { continue }
            let lanes = transport.table.lanes(from: .location(source), to: .location(l)).map { transport.lanes[$0] }
            if lanes.isEmpty {
                d.error(
                    at: value.location, expected: "a lane from '\(upstream.id)' to '\(location.id)' (listed or derived by a lane rule)",
                    found: "none")
            } else if let mode = location.replenishmentMode, !lanes.contains(where: { $0.mode == mode }),
                      let modeValue = network.locationRecords[l]?["replenishment_mode"] {
                d.error(
                    at: modeValue.location, expected: "a mode with a lane from '\(upstream.id)' to '\(location.id)'",
                    found: modeValue.written)
            }
        }
    }

    /// Every serving location needs a lane to the site.
    mutating func checkSiteLanes(_ network: Network, _ transport: Transport) {
        // Read in place (a site is not copied) and its record looked up only for an error: a network
        // of 200,000 sites is checked once per variant.
        for s in network.sites.items.indices {
            guard let serving = network.sites.items[s]?.serving else { continue }
            for l in serving where !transport.hasLane(from: .location(l), to: .site(s)) {
                guard let value = network.siteRecords[s]?["serving"] else { continue }
                d.error(
                    at: value.location,
                    expected: "a lane from serving location '\(locations.ids[l])' to site '\(sites.ids[s])' (listed or derived by a lane rule)",
                    found: "none")
            }
        }
    }

    /// Repaired units travel from the vendor to their return location.
    mutating func checkRepairLanes(_ network: Network, _ transport: Transport) {
        for (p, part) in network.parts.items.enumerated() {
            guard let repair = part?.repair, repair.vendor != repair.returnTo,
                  !transport.hasLane(from: .location(repair.vendor), to: .location(repair.returnTo)),
                  let value = network.partRecords[p]?["repair"]?.node.entries?.first(where: { $0.key == "return_to" })
            else { continue }
            let path = "\(network.partRecords[p]!.owner.keyPath).repair.return_to"
            d.error(
                at: SourceLocation(file: network.partRecords[p]!.owner.file, line: value.line, column: value.column, keyPath: path),
                expected: "a lane from repair vendor '\(locations.ids[repair.vendor])' to '\(locations.ids[repair.returnTo])'",
                found: "none")
        }
    }

    /// A part some installed unit uses must be stocked somewhere or bought from a supplier.
    mutating func checkSupply(_ network: Network, policies: [Policy]) {
        var used = Array(repeating: false, count: network.parts.items.count)
        // The types installed first, then their bills: a base of millions of rows costs one pass.
        var installed = Array(repeating: false, count: network.equipment.items.count)
        for s in network.sites.items.indices {
            for units in network.sites.items[s]?.units ?? [] { installed[units.equipment] = true }
        }
        for e in installed.indices where installed[e] {
            for line in network.equipment[e]?.bom ?? [] { used[line.part] = true }
        }
        for case let stream? in network.streams { used[stream.part] = true }
        // A used part's successor is used from its day.
        for p in used.indices where used[p] { if let next = network.parts[p]?.supersession { used[next.successor] = true } }
        // A used module's sub-modules are used (modules first, so a level down sees its module).
        for p in Indentures.modulesFirst(network.parts.items.map { $0?.repair?.subModules.map(\.part) ?? [] }) where used[p] {
            for sub in network.parts[p]?.repair?.subModules ?? [] { used[sub.part] = true }
        }
        for (p, part) in network.parts.items.enumerated() where used[p] {
            guard let part, part.supplier == nil, let record = network.partRecords[p] else { continue }
            for policy in policies {
                let stocked = (0..<network.locations.items.count).contains { policy.level(location: $0, part: p).targetPosition > 0 }
                if !stocked {
                    d.error(
                        at: record.owner.location, expected: "a supplier, or stock at some location under policy '\(policy.id)'",
                        found: "part '\(part.id)' with neither")
                }
            }
        }
        for (p, part) in network.parts.items.enumerated() where !used[p] && !d.hasErrors {
            guard let part, let record = network.partRecords[p] else { continue }
            d.warning(at: record.owner.location, expected: "a part that some installed equipment uses", found: "'\(part.id)' in no installed bill of materials")
        }
    }

    mutating func warnUnused(_ network: Network, transport: Transport, contracts: Section<Contract>) {
        var serves = Array(repeating: false, count: network.locations.items.count)
        var contracted = Array(repeating: false, count: contracts.items.count)
        for s in network.sites.items.indices {
            guard let contract = network.sites.items[s]?.contract else { continue }
            for l in network.sites.items[s]!.serving { serves[l] = true }
            contracted[contract] = true
        }
        for location in network.locations.items.compactMap({ $0 }) {
            if let s = location.source { serves[s] = true }
        }
        for part in network.parts.items.compactMap({ $0 }) {
            if let r = part.repair { serves[r.returnTo] = true; serves[r.vendor] = true }
            if let s = part.supplier { serves[s] = true }
        }
        // A location a variant closes, or leaves without lanes to its sites, serves nothing by design.
        for (l, location) in network.locations.items.enumerated() where !serves[l] && !idleLocations.contains(l) {
            guard let location, let record = network.locationRecords[l] else { continue }
            d.warning(
                at: record.owner.location, expected: "a location that serves a site, supplies another location or takes returns",
                found: "'\(location.id)' serving nothing")
        }
        for (c, contract) in contracts.items.enumerated() where !contracted[c] {
            guard let contract else { continue }
            d.warning(at: self.contracts.location(of: c), expected: "a contract some site has", found: "'\(contract.id)' with no sites")
        }
        for (i, count) in transport.lanesPerMode.enumerated() where count == 0 && !removedModes.contains(i) {
            d.warning(at: modes.location(of: i), expected: "a mode some lane uses", found: "'\(modes.ids[i])' with no lanes")
        }
    }
}
