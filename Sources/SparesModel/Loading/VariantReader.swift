/// One variant as read (`docs/scenario-format.md`, "Variants"): its description and its changes, every
/// id resolved to an index, each change with where it was written for the messages its application
/// may raise.
struct VariantChanges {
    var variant: ScenarioVariant
    var location: SourceLocation
    var demand: [(factor: RateFactor, servedBy: Set<Int>?)] = []
    var closed: [(location: Int, at: SourceLocation)] = []
    var removedModes: [(mode: Int, at: SourceLocation)] = []
    var removedLanes: [LaneRemoval] = []
    var headcount: [(pool: Int, set: Int?, add: Int?, at: SourceLocation)] = []
    var leadTimes: [(factor: Double, parts: Set<Int>?, suppliers: Set<Int>, vendors: Set<Int>)] = []
    var contracts: [ContractChange] = []
    var units: [(sites: [Int], equipment: Int, add: Int, at: SourceLocation)] = []

    struct LaneRemoval {
        var from: Int
        var to: Endpoint?
        var mode: Int?
        var at: SourceLocation
    }

    struct ContractChange {
        var contract: Int
        var fee: Double?
        var cap: Double?
        var attainment: Double?
        var availability: Double?
        var penaltyFactor: Double?
        var at: SourceLocation
    }
}

extension ScenarioReader {
    static let variantKeys = ["id", "description", "resize", "demand", "close", "remove_modes", "remove_lanes", "technicians",
                              "lead_times", "contracts", "units"]
    static let variantFileKeys = ["version", "variants"]

    /// The variants of the scenario's `variants:` and of each variant file, in that order; an id may
    /// be declared once, and `base` is the scenario as written.
    mutating func readVariants(_ value: InputValue?, files variantFiles: [String], network: Network, transport: Transport,
                               pools poolIDs: [String]) -> [VariantChanges] {
        var lists: [InputValue] = []
        if let value, !value.isNull { lists.append(value) }
        for path in variantFiles {
            let text: String
            switch files.read(path, limit: InputLimits.yamlFileBytes) {
            case .success(let read): text = read
            case .failure(let problem):
                d.append(problem.diagnostic(file: path))
                continue
            }
            guard let root = YAMLDocument.parse(text, file: path, diagnostics: &d), let top = root.mapping(&d) else { continue }
            top.checkKeys(allowed: Self.variantFileKeys, &d)
            _ = readVersion(top)
            if let list = top.required("variants", &d) { lists.append(list) }
        }
        var ids = Registry(kind: "variant")
        var result: [VariantChanges] = []
        for list in lists {
            for item in list.sequence(&d) ?? [] {
                guard let m = item.mapping(&d) else { continue }
                m.checkKeys(allowed: Self.variantKeys, &d)
                guard let idValue = m.required("id", &d) else { continue }
                if idValue.scalarText == ScenarioVariant.baseID {
                    d.error(at: idValue.location, expected: "a variant id other than '\(ScenarioVariant.baseID)'",
                            found: "'\(ScenarioVariant.baseID)', the name of the scenario as written")
                    continue
                }
                let declared = ids.declare(idValue, &d) != nil
                if let variant = readVariant(m, network: network, transport: transport, pools: poolIDs), declared {
                    result.append(variant)
                }
            }
        }
        return result
    }

    mutating func readVariant(_ m: InputMapping, network: Network, transport: Transport, pools poolIDs: [String]) -> VariantChanges? {
        var ok = true
        let id = m["id"]?.scalarText ?? ""
        let description = m["description"]?.string(&d) ?? ""
        var resize = false
        if let value = m["resize"] {
            switch value.scalarText?.lowercased() {
            case "true", "yes": resize = true
            case "false", "no": resize = false
            default:
                d.error(at: value.location, expected: "true or false", found: value.written)
                ok = false
            }
        }
        var v = VariantChanges(
            variant: ScenarioVariant(id: id, description: description, resize: resize, changes: [], file: m.owner.file),
            location: m.owner.location)
        let partIDs = network.parts.items.map { $0?.id ?? "" }
        let siteIDs = network.sites.items.map { $0?.id ?? "" }
        let locationIDs = network.locations.items.map { $0?.id ?? "" }
        let equipmentIDs = network.equipment.items.map { $0?.id ?? "" }
        var changes: [String] = []
        func entries(_ key: String, _ allowed: [String]) -> [InputMapping] {
            guard let value = m[key] else { return [] }
            let list = value.node.items != nil ? value.sequence(&d) ?? [] : [value]
            return list.compactMap { item in
                guard let e = item.mapping(&d) else { ok = false; return nil }
                e.checkKeys(allowed: allowed, &d)
                return e
            }
        }
        /// Up to three ids of `set`, then how many more.
        func names(_ set: Set<Int>, _ ids: [String]) -> String {
            let sorted = set.sorted().map { ids[$0] }
            return sorted.count <= 3 ? sorted.joined(separator: ", ") : "\(sorted.prefix(3).joined(separator: ", ")) and \(sorted.count - 3) more"
        }

        for e in entries("demand", ["factor", "parts", "equipment", "sites", "contracts", "served_by"]) {
            let factor = e.required("factor", &d)?.positiveNumber(&d)
            var scopeOK = true
            let parts = scopeSet(e, "parts", partIDs, "part", ok: &scopeOK)
            let equipment = scopeSet(e, "equipment", equipmentIDs, "equipment type", ok: &scopeOK)
            var sites = scopeSet(e, "sites", siteIDs, "site", ok: &scopeOK)
            if let inContracts = scopeSet(e, "contracts", contracts.ids, "contract", ok: &scopeOK) {
                let members = Set(network.sites.items.indices.filter { s in network.sites.items[s].map { inContracts.contains($0.contract) } ?? false })
                sites = sites.map { $0.intersection(members) } ?? members
            }
            let servedBy = scopeSet(e, "served_by", locationIDs, "location", ok: &scopeOK)
            guard let factor, scopeOK else { ok = false; continue }
            v.demand.append((RateFactor(factor: factor, parts: parts, equipment: equipment, sites: sites), servedBy))
            var scope: [String] = []
            if let parts { scope.append("parts \(names(parts, partIDs))") }
            if let equipment { scope.append("equipment \(names(equipment, equipmentIDs))") }
            if let sites { scope.append("sites \(names(sites, siteIDs))") }
            if let servedBy { scope.append("sites served by \(names(servedBy, locationIDs))") }
            changes.append("demand × \(Self.factorText(factor))" + (scope.isEmpty ? "" : " (\(scope.joined(separator: "; ")))"))
        }

        if let value = m["close"] {
            for item in value.textList(&d) ?? [] {
                guard let l = locations.resolve(item, &d) else { ok = false; continue }
                guard network.locations[l]?.echelon.holdsStock ?? true else {
                    d.error(at: item.location, expected: "a stocking location (central, hub or FSL) to close",
                            found: "\(Excerpt.quoted(locationIDs[l])), a \(network.locations[l]!.echelon.rawValue) (slow one down with lead_times)")
                    ok = false
                    continue
                }
                v.closed.append((l, item.location))
                changes.append("\(locationIDs[l]) closed")
            }
        }

        if let value = m["remove_modes"] {
            for item in value.textList(&d) ?? [] {
                guard let text = item.string(&d) else { ok = false; continue }
                guard let mode = transport.modes.firstIndex(where: { $0.id == text }) else {
                    d.error(at: item.location, expected: "a known transport mode id", found: Excerpt.quoted(text),
                            hint: d.hint(for: text, in: transport.modes.map(\.id)))
                    ok = false
                    continue
                }
                v.removedModes.append((mode, item.location))
                changes.append("no \(text) lanes")
            }
        }

        for e in entries("remove_lanes", ["from", "to", "mode"]) {
            guard let fromValue = e.required("from", &d), let from = locations.resolve(fromValue, &d) else { ok = false; continue }
            var to: Endpoint?
            if let toValue = e["to"], let text = toValue.string(&d) {
                if let l = locations.lookup(text) { to = .location(l) } else if let s = sites.lookup(text) { to = .site(s) } else {
                    d.error(at: toValue.location, expected: "a location or site id", found: Excerpt.quoted(text),
                            hint: d.hint(for: text, in: locationIDs + siteIDs))
                    ok = false
                    continue
                }
            }
            var mode: Int?
            if let modeValue = e["mode"], let text = modeValue.string(&d) {
                mode = transport.modes.firstIndex { $0.id == text }
                if mode == nil {
                    d.error(at: modeValue.location, expected: "a known transport mode id", found: Excerpt.quoted(text),
                            hint: d.hint(for: text, in: transport.modes.map(\.id)))
                    ok = false
                    continue
                }
            }
            let matching = transport.lanes.contains { lane in
                lane.from == .location(from) && (to.map { lane.to == $0 } ?? true) && (mode.map { lane.mode == $0 } ?? true)
            }
            guard matching else {
                d.error(at: e.owner.location, expected: "lanes to remove", found: "no lane from \(Excerpt.quoted(locationIDs[from]))"
                            + (e["to"]?.scalarText.map { " to \(Excerpt.quoted($0))" } ?? "") + (mode.map { " by \(transport.modes[$0].id)" } ?? ""))
                ok = false
                continue
            }
            v.removedLanes.append(.init(from: from, to: to, mode: mode, at: e.owner.location))
            changes.append("no lanes from \(locationIDs[from])" + (e["to"]?.scalarText.map { " to \($0)" } ?? "")
                + (mode.map { " by \(transport.modes[$0].id)" } ?? ""))
        }

        for e in entries("technicians", ["pool", "headcount", "add"]) {
            guard let poolValue = e.required("pool", &d), let pool = pools.resolve(poolValue, &d) else { ok = false; continue }
            let set = e["headcount"].flatMap { $0.integer(minimum: 1, &d) }
            let add = e["add"].flatMap { value -> Int? in
                guard let text = value.scalarText?.trimmingWhitespace, let n = Int(text), n != 0, abs(n) <= InputValue.largestCount else {
                    d.error(at: value.location, expected: "a whole number of technicians to add (negative to remove), not 0", found: value.written)
                    return nil
                }
                return n
            }
            guard (set == nil) != (add == nil) else {
                if e["headcount"] == nil && e["add"] == nil || e["headcount"] != nil && e["add"] != nil {
                    d.error(at: e.owner.location, expected: "either 'headcount' (the new headcount) or 'add' (technicians added)",
                            found: e["headcount"] == nil ? "neither" : "both")
                }
                ok = false
                continue
            }
            v.headcount.append((pool, set, add, e.owner.location))
            changes.append(set.map { "\(poolIDs[pool]) headcount \($0)" } ?? "\(poolIDs[pool]) headcount \(add! > 0 ? "+" : "")\(add!)")
        }

        for e in entries("lead_times", ["factor", "parts", "suppliers", "repair_vendors"]) {
            let factor = e.required("factor", &d)?.positiveNumber(&d)
            var scopeOK = true
            let parts = scopeSet(e, "parts", partIDs, "part", ok: &scopeOK)
            let suppliers = scopeSet(e, "suppliers", locationIDs, "location", ok: &scopeOK) ?? []
            let vendors = scopeSet(e, "repair_vendors", locationIDs, "location", ok: &scopeOK) ?? []
            if e["parts"] == nil && e["suppliers"] == nil && e["repair_vendors"] == nil {
                d.error(at: e.owner.location, expected: "a lead-time change naming 'parts', 'suppliers' or 'repair_vendors'", found: "none of them")
                scopeOK = false
            }
            guard let factor, scopeOK else { ok = false; continue }
            v.leadTimes.append((factor, parts, suppliers, vendors))
            let scope = [parts.map { "parts \(names($0, partIDs))" }, suppliers.isEmpty ? nil : "suppliers \(names(suppliers, locationIDs))",
                         vendors.isEmpty ? nil : "repair at \(names(vendors, locationIDs))"].compactMap { $0 }
            changes.append("lead times × \(Self.factorText(factor)) (\(scope.joined(separator: "; ")))")
        }

        for e in entries("contracts", ["contract", "fee", "cap", "attainment", "availability", "penalty_factor"]) {
            guard let value = e.required("contract", &d), let c = self.contracts.resolve(value, &d) else { ok = false; continue }
            var change = VariantChanges.ContractChange(contract: c, at: e.owner.location)
            var parts: [String] = []
            if let x = e["fee"] { change.fee = x.money(&d); parts.append("fee \(x.scalarText ?? "")") }
            if let x = e["cap"] { change.cap = x.money(&d); parts.append("cap \(x.scalarText ?? "")") }
            if let x = e["attainment"] { change.attainment = x.probability(&d); parts.append("response attainment \(x.scalarText ?? "")") }
            if let x = e["availability"] { change.availability = x.probability(&d); parts.append("availability \(x.scalarText ?? "")") }
            if let x = e["penalty_factor"] {
                change.penaltyFactor = x.number(&d)
                if let f = change.penaltyFactor, f < 0 {
                    d.error(at: x.location, expected: "a factor of 0 or more on every penalty", found: x.written)
                    change.penaltyFactor = nil
                }
                parts.append("penalties × \(x.scalarText ?? "")")
            }
            let given = [e["fee"], e["cap"], e["attainment"], e["availability"], e["penalty_factor"]].compactMap { $0 }.count
            let read = [change.fee, change.cap, change.attainment, change.availability, change.penaltyFactor].compactMap { $0 }.count
            if given == 0 {
                d.error(at: e.owner.location, expected: "a change of 'fee', 'cap', 'attainment', 'availability' or 'penalty_factor'", found: "none")
            }
            guard given > 0, read == given else { ok = false; continue }
            v.contracts.append(change)
            changes.append("\(contracts.ids[c]): \(parts.joined(separator: ", "))")
        }

        for e in entries("units", ["sites", "equipment", "add"]) {
            var scopeOK = true
            let siteSet = scopeSet(e, "sites", siteIDs, "site", ok: &scopeOK)
            if e["sites"] == nil { _ = e.required("sites", &d); scopeOK = false }
            let equipmentIndex = e.required("equipment", &d).flatMap { self.equipment.resolve($0, &d) }
            let add = e.required("add", &d).flatMap { value -> Int? in
                guard let text = value.scalarText?.trimmingWhitespace, let n = Int(text), n != 0, abs(n) <= InputValue.largestCount else {
                    d.error(at: value.location, expected: "a whole number of units to add at each site (negative to remove), not 0", found: value.written)
                    return nil
                }
                return n
            }
            guard scopeOK, let siteSet, let equipmentIndex, let add else { ok = false; continue }
            v.units.append((siteSet.sorted(), equipmentIndex, add, e.owner.location))
            changes.append("\(add > 0 ? "+" : "")\(add) \(equipmentIDs[equipmentIndex]) at \(names(siteSet, siteIDs))"
                + (siteSet.count > 1 ? " (each)" : ""))
        }

        if !m.entries.contains(where: { Self.variantKeys.dropFirst(3).contains($0.key) }) {
            d.error(at: m.owner.location, expected: "a variant with at least one change (\(Self.variantKeys.dropFirst(3).joined(separator: ", ")))",
                    found: "none")
            ok = false
        }
        v.variant.changes = changes
        return ok ? v : nil
    }

    /// `1.2` as `1.2`, `1.25` as `1.25`: a factor with the digits it was written with.
    static func factorText(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : "\(x)"
    }
}
