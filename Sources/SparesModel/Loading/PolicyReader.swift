extension ScenarioReader {
    static let policyKeys = ["id", "description", "extends", "replenishment", "stock", "expediting", "dispatch", "preventive", "rationing", "reserved", "remote_intervention",
                             "decision_rights"]
    static let levelKeys = ["location", "part", "level", "reorder_point", "order_up_to", "quantity", "min", "max", "add"]

    /// The policies of a list (in the scenario or a policy file).
    mutating func readPolicies(_ value: InputValue?, network: Network, transport: Transport, required: Bool = true) -> [Policy] {
        guard let value, !value.isNull else { return [] }
        var result: [Policy] = []
        let list = items(of: value, allowed: Self.policyKeys)
        if required, list.isEmpty {
            d.error(at: value.location, expected: "at least one policy", found: "an empty list")
        }
        for item in list {
            guard let m = item.mapping(&d) else { continue }
            m.checkKeys(allowed: Self.policyKeys, &d)
            let declared = m.required("id", &d).flatMap { policies.declare($0, &d) } != nil
            // A policy with a bad id is still read, so that its other errors show in the same run.
            if let policy = readPolicy(m, network: network, transport: transport), declared {
                result.append(policy)
                policiesRead.append(policy)
            } else if let id = m["id"]?.scalarText {
                policiesUnread.insert(id)
            }
        }
        return result
    }

    /// A policy file: `version:` and `policies:`, resolved against the scenario's ids.
    mutating func readPolicyFile(_ path: String, network: Network, transport: Transport) -> [Policy] {
        let text: String
        switch files.read(path, limit: InputLimits.yamlFileBytes) {
        case .success(let read): text = read
        case .failure(let problem):
            d.append(problem.diagnostic(file: path))
            return []
        }
        guard let root = YAMLDocument.parse(text, file: path, diagnostics: &d),
              let top = root.mapping(&d)
        else { return [] }
        top.checkKeys(allowed: ["version", "policies"], &d)
        _ = readVersion(top)
        guard let list = top.required("policies", &d) else { return [] }
        return readPolicies(list, network: network, transport: transport, required: true)
    }

    mutating func readPolicy(_ m: InputMapping, network: Network, transport: Transport) -> Policy? {
        let locationCount = network.locations.items.count
        let partCount = network.parts.items.count
        var ok = true
        // `extends: P`: start from policy P (read before this one) and change only what is given.
        var base: Policy?
        if let value = m["extends"] {
            if let id = value.string(&d) {
                if let found = policiesRead.first(where: { $0.id == id }) {
                    base = found
                } else if !policiesUnread.contains(id) {
                    d.error(at: value.location, expected: "a policy defined before this one (in the scenario, or a policy file named earlier)",
                            found: "'\(id)'", hint: d.hint(for: id, in: policiesRead.map(\.id)))
                    ok = false
                } else {
                    ok = false
                }
            } else {
                ok = false
            }
            if let value = m["replenishment"] {
                d.error(at: value.location, expected: "no replenishment in a policy that extends another (it keeps its base's kinds)",
                        found: "'replenishment'", hint: "define a policy of its own to change replenishment kinds")
                ok = false
            }
        }
        var kinds = base?.replenishment ?? Array(repeating: ReplenishmentKind.baseStock, count: locationCount)
        if base == nil, let value = m["replenishment"], let r = value.mapping(&d) {
            let echelonKeys = Echelon.allCases.filter(\.holdsStock).map(\.rawValue)
            r.checkKeys(allowed: echelonKeys + locations.ids, &d)
            for pass in 0..<2 {
                for entry in r.entries where echelonKeys.contains(entry.key) == (pass == 0) {
                    guard let kind = entry.value.choice(ReplenishmentKind.self, &d) else { ok = false; continue }
                    for l in 0..<locationCount {
                        guard let location = network.locations[l] else { continue }
                        if pass == 0 ? location.echelon.rawValue == entry.key : location.id == entry.key { kinds[l] = kind }
                    }
                    if pass == 1, let l = locations.lookup(entry.key), network.locations[l]?.echelon.holdsStock == false {
                        d.error(at: entry.keyLocation, expected: "a stocking location", found: "'\(entry.key)', which holds no stock")
                        ok = false
                    }
                }
            }
        } else if base == nil, m["replenishment"] != nil {
            ok = false
        }
        var stock = base?.stock ?? Array(repeating: StockLevel.none, count: locationCount * partCount)
        if let value = m["stock"] {
            ok = readStock(value, kinds: kinds, network: network, transport: transport, into: &stock) && ok
        }
        // Decision rights first: the rules below name their roles. The base's rules keep their roles
        // by id when this policy gives roles of its own.
        var rights = base?.rights
        if let value = m["decision_rights"] {
            if value.isNull {
                rights = nil
            } else {
                let unread = base == nil && m["extends"] != nil
                rights = readDecisionRights(value, base: base?.rights, baseID: base?.id, baseUnread: unread, ok: &ok)
            }
        }
        let roles = rights?.roles
        func kept(_ authority: DecisionAuthority?, _ what: String) -> DecisionAuthority? {
            guard let authority, let roles, let old = base?.rights?.roles else { return nil }
            func map(_ k: Int) -> Int? {
                if let j = roles.firstIndex(where: { $0.id == old[k].id }) { return j }
                d.error(at: m["decision_rights"]?.location ?? m.owner.location,
                        expected: "the role '\(old[k].id)' that the base's \(what) is decided by", found: "roles without it",
                        hint: "give the \(what) again, or keep a role '\(old[k].id)'")
                ok = false
                return nil
            }
            guard let role = map(authority.role) else { return nil }
            return DecisionAuthority(role: role, escalateTo: authority.escalateTo.flatMap(map))
        }
        func needsRole(_ authority: DecisionAuthority?, _ what: String) {
            guard authority == nil, let roles, m["decision_rights"] != nil else { return }
            d.error(at: m["decision_rights"]!.location, expected: "a role (decided_by) for the base's \(what)",
                    found: "roles given, but the \(what) kept from '\(base?.id ?? "")' names none",
                    hint: "give the \(what) again with decided_by: one of \(roles.map(\.id).joined(separator: ", "))")
            ok = false
        }
        // Lists given replace the base's (an empty list clears them).
        var expediting: [ExpediteStep] = m["expediting"] == nil ? base?.expediting ?? [] : []
        for s in expediting.indices {
            let was = expediting[s].authority
            expediting[s].authority = kept(was, "expediting step \(s + 1)")
            needsRole(expediting[s].authority, "expediting step \(s + 1)")
        }
        for item in m["expediting"].flatMap({ $0.sequence(&d) }) ?? [] {
            if let step = readExpediteStep(item, network: network, roles: roles) { expediting.append(step) } else { ok = false }
        }
        var dispatch = base?.dispatch ?? DispatchRule(priority: .tierThenWait)
        if let value = m["dispatch"], let r = value.mapping(&d) {
            r.checkKeys(allowed: ["priority"], &d)
            if let p = r.required("priority", &d)?.choice(DispatchPriority.self, &d) { dispatch.priority = p } else { ok = false }
        }
        var preventive: [PreventiveRule] = m["preventive"] == nil ? base?.preventive ?? [] : []
        for k in preventive.indices {
            preventive[k].authority = kept(preventive[k].authority, "preventive rule \(k + 1)")
            needsRole(preventive[k].authority, "preventive rule \(k + 1)")
        }
        for item in m["preventive"].flatMap({ $0.sequence(&d) }) ?? [] {
            if let rule = readPreventiveRule(item, roles: roles) { preventive.append(rule) } else { ok = false }
        }
        // A list given replaces the base's (critical levels and reservations alike).
        let replaces = m["rationing"] != nil || m["reserved"] != nil
        var rationing: [Rationing] = replaces ? [] : base?.rationing ?? []
        if replaces, let base {
            // The base's reserved units leave with its list: its levels hold them on top of its own.
            for rule in base.rationing where rule.contract != nil {
                for l in rule.locations {
                    for p in 0..<partCount where rule.parts?.contains(p) ?? true {
                        stock[l * partCount + p] = Self.adding(-rule.keep, to: stock[l * partCount + p], kind: kinds[l]) ?? stock[l * partCount + p]
                    }
                }
            }
        }
        for item in m["rationing"].flatMap({ $0.sequence(&d) }) ?? [] {
            if let rule = readRationing(item, network: network) { rationing.append(rule) } else { ok = false }
        }
        for item in m["reserved"].flatMap({ $0.sequence(&d) }) ?? [] {
            guard let rule = readReservation(item, network: network) else { ok = false; continue }
            // The reserved units come on top of the level the policy (or its base) sets.
            for l in rule.locations {
                for p in 0..<partCount where rule.parts?.contains(p) ?? true {
                    stock[l * partCount + p] = Self.adding(rule.keep, to: stock[l * partCount + p], kind: kinds[l]) ?? stock[l * partCount + p]
                }
            }
            rationing.append(rule)
        }
        var remote = base?.remoteIntervention
        if remote != nil, m["remote_intervention"] == nil {
            remote!.authority = kept(remote!.authority, "remote intervention")
            needsRole(remote!.authority, "remote intervention")
        }
        if let value = m["remote_intervention"] {
            if value.isNull { remote = nil } else if let rule = readRemoteIntervention(value, network: network, roles: roles) { remote = rule } else { ok = false }
        }
        guard ok, let id = m["id"]?.scalarText else { return nil }
        var policy = Policy(
            id: id, description: m["description"]?.scalarText ?? "", replenishment: kinds, stock: stock, partCount: partCount,
            expediting: expediting, dispatch: dispatch, preventive: preventive, file: m.owner.file)
        policy.rationing = rationing
        policy.remoteIntervention = remote
        policy.rights = rights
        return policy
    }

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

    mutating func readExpediteStep(_ value: InputValue, network: Network, roles: [DecisionRole]?) -> ExpediteStep? {
        guard let m = value.mapping(&d) else { return nil }
        m.checkKeys(allowed: ["kind", "from", "max_km", "mode", "tiers", "when", "decided_by", "escalate_to"], &d)
        let kind = m.required("kind", &d)?.choice(ExpediteStep.Kind.self, &d)
        var sources: [Int] = []
        var ok = true
        for item in m.required("from", &d)?.textList(&d) ?? [] {
            guard let text = item.scalarText else { ok = false; continue }
            if let e = Echelon(rawValue: text) {
                sources += network.locations.items.indices.filter { network.locations[$0]?.echelon == e }
            } else if let l = locations.resolve(item, &d) {
                sources.append(l)
            } else {
                ok = false
            }
        }
        let maxKm = m["max_km"].map { $0.positiveNumber(&d) }
        let mode = m["mode"].map { modes.resolve($0, &d) }
        var tiers: Set<Int> = []
        for item in m["tiers"]?.textList(&d) ?? [] {
            if let t = item.integer(minimum: 1, &d) { tiers.insert(t) } else { ok = false }
        }
        var onlyWhenWorth = false
        if let when = m["when"], let text = when.string(&d) {
            switch text {
            case "always": onlyWhenWorth = false
            case "penalty_exceeds_cost": onlyWhenWorth = true
            default:
                d.error(at: when.location, expected: "always or penalty_exceeds_cost", found: when.written)
                ok = false
            }
        }
        var authority: DecisionAuthority?
        ok = readAuthority(m, roles: roles, rule: "expediting step", into: &authority) && ok
        guard ok, let kind, maxKm ?? 0 != nil, mode ?? 0 != nil else { return nil }
        return ExpediteStep(
            kind: kind, sources: sources, maxDistance: maxKm ?? nil, mode: mode ?? nil, tiers: tiers,
            onlyWhenPenaltyExceedsCost: onlyWhenWorth, authority: authority)
    }

    /// `{locations: [FSL-*], parts: ["PSU-*"], keep: 1, up_to_tier: 1}`: a critical level.
    mutating func readRationing(_ value: InputValue, network: Network) -> Rationing? {
        guard let m = value.mapping(&d) else { return nil }
        m.checkKeys(allowed: ["locations", "parts", "keep", "up_to_tier"], &d)
        var ok = true
        let locationIDs = network.locations.items.map { $0?.id ?? "" }
        if m["locations"] == nil { _ = m.required("locations", &d); ok = false }
        let locations = scopeSet(m, "locations", locationIDs, "location", ok: &ok) ?? []
        for l in locations.sorted() where network.locations.items[l].map({ !$0.echelon.holdsStock }) ?? false {
            d.error(at: m["locations"]!.location, expected: "stocking locations (central, hub or FSL) to ration",
                    found: "\(Excerpt.quoted(locationIDs[l])), which holds no stock")
            ok = false
        }
        let parts = scopeSet(m, "parts", network.parts.items.map { $0?.id ?? "" }, "part", ok: &ok)
        let keep = m.required("keep", &d)?.integer(minimum: 1, &d)
        let tier = m.required("up_to_tier", &d)?.integer(minimum: 1, &d)
        guard ok, let keep, let tier else { return nil }
        return Rationing(locations: locations, parts: parts, keep: keep, upToTier: tier)
    }

    /// `{location: FSL-FRA, part: PSU-02, units: 2, contract: PLATINUM-4H}`: stock dedicated to a contract.
    mutating func readReservation(_ value: InputValue, network: Network) -> Rationing? {
        guard let m = value.mapping(&d) else { return nil }
        m.checkKeys(allowed: ["location", "part", "units", "contract"], &d)
        let location = m.required("location", &d).flatMap { locations.resolve($0, &d) }
        let part = m.required("part", &d).flatMap { parts.resolve($0, &d) }
        let units = m.required("units", &d)?.integer(minimum: 1, &d)
        let contract = m.required("contract", &d).flatMap { contracts.resolve($0, &d) }
        guard let location, let part, let units, let contract else { return nil }
        guard network.locations[location]?.echelon.holdsStock == true else {
            d.error(at: m["location"]!.location, expected: "a stocking location (central, hub or FSL) to reserve stock at",
                    found: "'\(locations.ids[location])', which holds no stock")
            return nil
        }
        return Rationing(locations: [location], parts: [part], keep: units, upToTier: 0, contract: contract)
    }

    /// `{tiers: [1], equipment: [...], success: 35%, duration: 2h, cost: 120, when: saving_exceeds_cost}`.
    mutating func readRemoteIntervention(_ value: InputValue, network: Network, roles: [DecisionRole]?) -> RemoteIntervention? {
        guard let m = value.mapping(&d) else { return nil }
        m.checkKeys(allowed: ["tiers", "equipment", "success", "duration", "cost", "when", "decided_by", "escalate_to"], &d)
        var ok = true
        var tiers: Set<Int> = []
        for item in m["tiers"].flatMap({ $0.textList(&d) }) ?? [] {
            if let t = item.integer(minimum: 1, &d) { tiers.insert(t) } else { ok = false }
        }
        let equipment = scopeSet(m, "equipment", network.equipment.items.map { $0?.id ?? "" }, "equipment type", ok: &ok)
        let success = m.required("success", &d)?.probability(&d)
        let duration = m.required("duration", &d).flatMap { DistributionSpec.read($0, quantity: .duration, &d) }
        let cost = m.required("cost", &d)?.money(&d)
        var onlyWhen = false
        if let when = m["when"], let text = when.string(&d) {
            if text == "saving_exceeds_cost" { onlyWhen = true } else if text != "always" {
                d.error(at: when.location, expected: "'always' or 'saving_exceeds_cost'", found: when.written)
                ok = false
            }
        }
        var authority: DecisionAuthority?
        ok = readAuthority(m, roles: roles, rule: "remote intervention", into: &authority) && ok
        guard ok, let success, let duration, let cost else { return nil }
        var rule = RemoteIntervention(tiers: tiers, equipment: equipment, success: success, duration: duration, cost: cost,
                                      onlyWhenSavingExceedsCost: onlyWhen)
        rule.authority = authority
        return rule
    }

    /// `{part, age, risk: {probability, peak}, window, decided_by, escalate_to}`: a planned swap by
    /// age, by risk, or by whichever comes first.
    mutating func readPreventiveRule(_ value: InputValue, roles: [DecisionRole]?) -> PreventiveRule? {
        guard let r = value.mapping(&d) else { return nil }
        r.checkKeys(allowed: ["part", "age", "risk", "window", "decided_by", "escalate_to"], &d)
        var ok = true
        let part = r.required("part", &d).flatMap { parts.resolve($0, &d) }
        let age = r["age"].map { $0.duration(&d) }
        let window = r.required("window", &d)?.schedule(&d)
        var risk: SwapRisk??
        if let value = r["risk"] {
            if let m = value.mapping(&d) {
                m.checkKeys(allowed: ["probability", "peak"], &d)
                let p = m.required("probability", &d)?.probability(&d)
                let peak = m["peak"].map { $0.schedule(&d) }
                if let p, p > 0, peak ?? .always != nil {
                    risk = SwapRisk(probability: p, peak: peak ?? nil)
                } else {
                    if p == 0 { d.error(at: m["probability"]!.location, expected: "a probability above 0", found: "0") }
                    risk = .some(nil)
                }
            } else {
                risk = .some(nil)
            }
        }
        if r["age"] == nil && r["risk"] == nil {
            d.error(at: r.owner.location, expected: "age, risk or both (the swap's triggers)", found: "neither")
            ok = false
        }
        var authority: DecisionAuthority?
        ok = readAuthority(r, roles: roles, rule: "preventive rule", into: &authority) && ok
        guard ok, let part, let window, age ?? 0 != nil, risk ?? nil != nil || r["risk"] == nil else { return nil }
        return PreventiveRule(part: part, age: (age ?? nil) ?? .infinity, window: window, risk: risk ?? nil, authority: authority)
    }
}
