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
}
