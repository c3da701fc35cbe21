/// A policy's `stock:`: rules, explicit levels and overrides, `add`, and each level's numbers by
/// replenishment kind.
extension ScenarioReader {
    /// `stock: {levels, rule, overrides}`: the rule first, then explicit levels, then overrides.
    mutating func readStock(
        _ value: InputValue, kinds: [ReplenishmentKind], network: Network, transport: Transport, into stock: inout [StockLevel]
    ) -> Bool {
        guard let m = value.mapping(&d) else { return false }
        m.checkKeys(allowed: ["rule", "levels", "overrides"], &d)
        var ok = true
        let partCount = network.parts.items.count
        if let ruleValue = m["rule"] {
            // One rule, or a list applied in order (a later rule wins where echelons repeat).
            let rules = ruleValue.node.items != nil ? ruleValue.sequence(&d) ?? [] : [ruleValue]
            for rule in rules {
                ok = applyRule(rule, kinds: kinds, network: network, transport: transport, into: &stock) && ok
            }
        }
        for key in ["levels", "overrides"] {
            var seen: [Int: InputValue] = [:]
            for item in list(key, in: m, allowed: Self.levelKeys) {
                guard let row = item.mapping(&d) else { ok = false; continue }
                row.checkKeys(allowed: Self.levelKeys, &d)
                let l = row.required("location", &d).flatMap { locations.resolve($0, &d) }
                let p = row.required("part", &d).flatMap { parts.resolve($0, &d) }
                guard let l, let p else { ok = false; continue }
                if let location = network.locations[l], !location.echelon.holdsStock {
                    d.error(at: row["location"]!.location, expected: "a stocking location (central, hub or fsl)", found: "'\(location.id)', a \(location.echelon.rawValue)")
                    ok = false
                    continue
                }
                if let first = seen[l * partCount + p] {
                    d.error(
                        at: row.owner.location, expected: "one \(key == "levels" ? "level" : "override") per location and part",
                        found: "'\(locations.ids[l])', '\(parts.ids[p])' again (first at \(first.location))")
                    ok = false
                    continue
                }
                seen[l * partCount + p] = row.owner
                if let add = row["add"] {
                    // `add: n` (or −n) units on top of what the base, the rule or an earlier row set.
                    for key in Self.levelKeys.dropFirst(2) where key != "add" && row[key] != nil {
                        d.error(at: row[key]!.location, expected: "either add or the level's numbers, not both", found: "'\(key)' beside 'add'")
                        ok = false
                    }
                    guard let n = add.integer(minimum: -1_000_000_000, &d) else { ok = false; continue }
                    guard let level = Self.adding(n, to: stock[l * partCount + p], kind: kinds[l]) else {
                        d.error(at: add.location, expected: "a change that leaves the level at 0 or more",
                                found: "add \(n) to \(stock[l * partCount + p].targetPosition) units at '\(locations.ids[l])', '\(parts.ids[p])'")
                        ok = false
                        continue
                    }
                    stock[l * partCount + p] = level
                    continue
                }
                guard let level = readLevel(row, kind: kinds[l]) else { ok = false; continue }
                stock[l * partCount + p] = level
            }
        }
        return ok
    }

    /// `level` with its ceiling moved by `n` units (fewer when negative): base stock S + n; s and S,
    /// or min and max, both + n (the lower kept below the upper); R + n with Q kept. Nothing stocked
    /// counts as a ceiling of 0 of the location's kind. Nil when the ceiling would fall below 0.
    static func adding(_ n: Int, to level: StockLevel, kind: ReplenishmentKind) -> StockLevel? {
        let ceiling = level.targetPosition + n
        guard ceiling >= 0 else { return nil }
        switch level {
        case .none:
            guard ceiling > 0 else { return StockLevel.none }
            switch kind {
            case .baseStock: return .baseStock(level: ceiling)
            case .sS: return .sS(reorderPoint: ceiling - 1, orderUpTo: ceiling)
            case .rQ: return .rQ(reorderPoint: ceiling - 1, quantity: 1)
            case .minMax: return .minMax(min: ceiling, max: ceiling)
            }
        case .baseStock:
            return .baseStock(level: ceiling)
        case .sS(let s, _):
            guard ceiling > 0 else { return StockLevel.none }
            return .sS(reorderPoint: min(max(s + n, 0), ceiling - 1), orderUpTo: ceiling)
        case .rQ(let r, let q):
            guard r + n >= 0 else { return ceiling == 0 ? StockLevel.none : .rQ(reorderPoint: 0, quantity: ceiling) }
            return .rQ(reorderPoint: r + n, quantity: q)
        case .minMax(let lo, _):
            guard ceiling > 0 else { return StockLevel.none }
            return .minMax(min: min(max(lo + n, 0), ceiling), max: ceiling)
        }
    }

    /// One row's numbers, as the location's replenishment kind needs them.
    mutating func readLevel(_ row: InputMapping, kind: ReplenishmentKind) -> StockLevel? {
        let needed: [String] = switch kind {
        case .baseStock: ["level"]
        case .sS: ["reorder_point", "order_up_to"]
        case .rQ: ["reorder_point", "quantity"]
        case .minMax: ["min", "max"]
        }
        var values: [String: Int] = [:]
        var ok = true
        for key in Self.levelKeys.dropFirst(2) {
            guard let value = row[key] else { continue }
            if !needed.contains(key) {
                d.error(
                    at: value.location, expected: "for \(kind.rawValue) replenishment: \(needed.joined(separator: " and "))",
                    found: "'\(key)'")
                ok = false
            } else if let x = value.integer(minimum: key == "quantity" || key == "order_up_to" ? 1 : 0, &d) {
                values[key] = x
            } else {
                ok = false
            }
        }
        for key in needed where row[key] == nil {
            _ = row.required(key, &d)
            ok = false
        }
        guard ok else { return nil }
        switch kind {
        case .baseStock: return .baseStock(level: values["level"]!)
        case .rQ: return .rQ(reorderPoint: values["reorder_point"]!, quantity: values["quantity"]!)
        case .sS:
            guard values["reorder_point"]! < values["order_up_to"]! else {
                d.error(at: row["order_up_to"]!.location, expected: "order_up_to above reorder_point (\(values["reorder_point"]!))", found: row["order_up_to"]!.written)
                return nil
            }
            return .sS(reorderPoint: values["reorder_point"]!, orderUpTo: values["order_up_to"]!)
        case .minMax:
            guard values["min"]! <= values["max"]!, values["max"]! > 0 else {
                d.error(at: row["max"]!.location, expected: "max positive and at least min (\(values["min"]!))", found: row["max"]!.written)
                return nil
            }
            return .minMax(min: values["min"]!, max: values["max"]!)
        }
    }

    /// `rule: {fill_rate: 95%, echelons: [fsl], min_level: 0}`: base stock per (location, part) from
    /// Poisson lead-time demand (Palm), for the locations of the listed echelons. The lead time of a
    /// location is its replenishment transit as if its source had stock: upstream levels set by
    /// another rule protect it (ORACLES.md O4 shows the delay upstream shortages add).
    mutating func applyRule(
        _ value: InputValue, kinds: [ReplenishmentKind], network: Network, transport: Transport, into stock: inout [StockLevel]
    ) -> Bool {
        guard let m = value.mapping(&d) else { return false }
        m.checkKeys(allowed: ["fill_rate", "echelons", "min_level"], &d)
        let fill = m.required("fill_rate", &d)?.probability(&d)
        let minimum = m["min_level"].map { $0.integer(&d) } ?? 0
        var echelons: Set<Echelon> = []
        var ok = true
        for item in m.required("echelons", &d)?.textList(&d) ?? [] {
            guard let e = item.choice(Echelon.self, &d) else { ok = false; continue }
            if !e.holdsStock {
                d.error(at: item.location, expected: "a stocking echelon (central, hub or fsl)", found: item.written)
                ok = false
            }
            echelons.insert(e)
        }
        guard ok, let fill, let minimum, !d.hasErrors else { return ok && fill != nil && minimum != nil }
        if demand == nil {
            demand = ruleBasis.map { DemandModel(network: $0.network, transport: $0.transport, factors: $0.factors) }
                ?? DemandModel(network: network, transport: transport)
        }
        let partCount = network.parts.items.count
        for (l, location) in network.locations.items.enumerated() {
            guard let location, echelons.contains(location.echelon) else { continue }
            for p in 0..<partCount where demand!.rate[l][p] > 0 {
                guard let lead = demand!.leadTime[l][p] else {
                    d.error(
                        at: m.owner.location, expected: "a replenishment lead time for every part the rule stocks",
                        found: "none for '\(parts.ids[p])' at '\(location.id)' (no lane from its source, no supplier, no repair loop)")
                    return false
                }
                let s = Poisson.baseStock(mean: demand!.rate[l][p] * lead, fill: fill, minimum: minimum)
                stock[l * partCount + p] = switch kinds[l] {
                case .baseStock: .baseStock(level: s)
                case .sS: .sS(reorderPoint: max(s - 1, 0), orderUpTo: max(s, 1))
                case .rQ: .rQ(reorderPoint: max(s - 1, 0), quantity: 1)
                case .minMax: .minMax(min: s, max: max(s, 1))
                }
            }
        }
        return true
    }
}
