/// A policy's rules besides its stock: expediting steps, critical levels and reserved stock, remote
/// interventions and planned swaps, each with the role that decides it under decision rights.
extension ScenarioReader {
    /// `{kind, from, max_km, mode, tiers, when, decided_by, escalate_to}`: one expediting step.
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
