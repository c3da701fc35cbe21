/// Reading repair shops (`repair_shops:`) and the local repairs of a part's repair loop.
extension ScenarioReader {
    mutating func readRepairShop(_ m: InputMapping, _ locationList: Section<Location>) -> RepairShop? {
        let name = m["name"]?.string(&d)
        let location = m.required("location", &d).flatMap { locations.resolve($0, &d) }
        if let location, let value = m["location"], let place = locationList[location], place.echelon == .supplier {
            d.error(at: value.location, expected: "a stocking or repair location", found: "'\(place.id)', a supplier")
        }
        let servers = m.required("servers", &d)?.integer(minimum: 1, &d)
        let shifts = m["shifts"].map { $0.schedule(&d) } ?? .always
        if let shifts, shifts.hoursPerWeek <= 0, let value = m["shifts"] {
            d.error(at: value.location, expected: "shifts with working hours in the week", found: value.written)
        }
        let priority = m["priority"].map { $0.choice(RepairPriority.self, &d) } ?? .fifo
        guard let id = m["id"]?.scalarText, let location, let servers, let shifts, shifts.hoursPerWeek > 0, let priority else { return nil }
        return RepairShop(id: id, name: name ?? id, location: location, servers: servers, shifts: shifts, priority: priority)
    }

    /// The shop named at `value`, which must stand at the one location of `places` (where its
    /// repairs are done). Nil (with the error) when unknown or elsewhere.
    mutating func readShopReference(
        _ value: InputValue, at places: [Int], what: String, _ locationList: Section<Location>, _ shopList: Section<RepairShop>
    ) -> Int? {
        guard let s = shops.resolve(value, &d) else { return nil }
        guard let shop = shopList[s] else { return nil }
        let shopPlace = locationList[shop.location]?.id ?? "?"
        if places.count != 1 || places[0] != shop.location {
            let named = places.compactMap { locationList[$0]?.id }.map { "'\($0)'" }.joined(separator: ", ")
            d.error(at: value.location, expected: "a repair shop at \(what) (\(named.isEmpty ? "one location" : named)); a shop repairs where it stands",
                    found: "'\(shop.id)' at '\(shopPlace)'")
            return nil
        }
        return s
    }

    /// The `local:` list of a repair loop: each item a share repaired at its locations.
    mutating func readLocalRepairs(_ value: InputValue, _ locationList: Section<Location>, _ shopList: Section<RepairShop>) -> [LocalRepair]? {
        guard let list = value.sequence(&d) else { return nil }
        var out: [LocalRepair] = []
        var ok = true
        var seen: [Int: InputValue] = [:]
        for item in list {
            guard let m = item.mapping(&d) else { ok = false; continue }
            m.checkKeys(allowed: SectionKeys.localRepair, &d)
            var places: [Int]?
            if let at = m.required("at", &d) {
                let written = at.node.items != nil ? (at.sequence(&d) ?? []) : [at]
                var resolved: [Int] = []
                for place in written {
                    guard let l = locations.resolve(place, &d) else { continue }
                    if let location = locationList[l], !location.echelon.holdsStock {
                        d.error(at: place.location, expected: "a stocking location (central, hub or fsl) that repairs what it receives",
                                found: "'\(location.id)', a \(location.echelon.rawValue)")
                        continue
                    }
                    if let first = seen[l] {
                        d.error(at: place.location, expected: "one local repair per location",
                                found: "'\(locationList[l]?.id ?? "?")' again (first at \(first.location))")
                        continue
                    }
                    seen[l] = place
                    resolved.append(l)
                }
                if resolved.count == written.count, !resolved.isEmpty { places = resolved }
                if written.isEmpty { d.error(at: at.location, expected: "at least one location", found: "none") }
            }
            let share = m.required("share", &d)?.probability(&d)
            let returnLeg = m.required("return_leg", &d).flatMap { DistributionSpec.read($0, quantity: .duration, &d) }
            let turnaround = m.required("turnaround", &d).flatMap { DistributionSpec.read($0, quantity: .duration, &d) }
            let cost = m["cost"].map { $0.money(&d) } ?? 0
            let condemnation = m["condemnation"].map { $0.probability(&d) } ?? 0
            let shop = m["shop"].map { readShopReference($0, at: places ?? [], what: "the repair's location", locationList, shopList) }
            guard let places, let share, let returnLeg, let turnaround, let cost, let condemnation, shop ?? 0 != nil else { ok = false; continue }
            out.append(LocalRepair(locations: places, share: share, returnLeg: returnLeg, turnaround: turnaround, cost: cost,
                                   condemnation: condemnation, shop: shop ?? nil))
        }
        return ok ? out : nil
    }
}

/// Reading a repair loop's sub-modules (`sub_modules:`) and checking the indenture structure.
extension ScenarioReader {
    /// The `sub_modules:` list of a repair loop: each item an SRU part and the share of repairs that
    /// replace one. `hasLocal`: whether the loop has local repairs (the only places that fit SRUs).
    mutating func readSubModules(_ value: InputValue, hasLocal: Bool) -> [SubModule]? {
        guard let list = value.sequence(&d) else { return nil }
        if !hasLocal {
            d.error(at: value.location, expected: "sub_modules on a part with a local repair (`local:`), whose locations hold the sub-modules' stock; a repair vendor's turnaround includes what it fits",
                    found: "sub_modules without a local repair")
            return nil
        }
        var out: [SubModule] = []
        var ok = true
        var seen: [Int: InputValue] = [:]
        var total = 0.0
        for item in list {
            guard let m = item.mapping(&d) else { ok = false; continue }
            m.checkKeys(allowed: SectionKeys.subModule, &d)
            let partValue = m.required("part", &d)
            var part = partValue.flatMap { parts.resolve($0, &d) }
            if let p = part, let partValue, let first = seen[p] {
                d.error(at: partValue.location, expected: "each sub-module once", found: "'\(partValue.written)' again (first at \(first.location))")
                part = nil
            }
            if let p = part, let partValue { seen[p] = partValue }
            var share = m.required("share", &d)?.probability(&d)
            if let s = share, s <= 0, let written = m["share"] {
                d.error(at: written.location, expected: "a share above 0", found: written.written)
                share = nil
            }
            guard let part, let share else { ok = false; continue }
            total += share
            out.append(SubModule(part: part, share: share))
        }
        if ok, total > 1 + 1e-12 {
            d.error(at: value.location, expected: "sub-module shares adding up to at most 1 (one sub-module per repair)",
                    found: "shares adding up to \(total)")
            return nil
        }
        return ok ? out : nil
    }

    /// Every part's sub-modules must form a tree of indentures: no part is its own sub-module,
    /// directly or through others. Reported at the sub-module entry that closes the loop.
    mutating func checkIndentures(_ parts: Section<Part>, records: [InputMapping?]) {
        let children = parts.items.map { $0?.repair?.subModules.map(\.part) ?? [] }
        // 0 unvisited, 1 on the current path, 2 done.
        var state = [UInt8](repeating: 0, count: children.count)
        for root in children.indices where state[root] == 0 {
            var stack: [(part: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                guard top.next < children[top.part].count else {
                    state[top.part] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let child = children[top.part][top.next]
                if state[child] == 1 {
                    let path = (stack.drop { $0.part != child }.map(\.part) + [child]).compactMap { parts[$0]?.id }
                    guard let at = Self.subModulesLocation(records[top.part]) ?? records[top.part]?.owner.location else { continue }
                    d.error(at: at,
                            expected: "sub-modules that form a tree (no part inside itself)",
                            found: "the loop " + path.joined(separator: " → "))
                } else if state[child] == 0 {
                    state[child] = 1
                    stack.append((child, 0))
                }
            }
        }
    }

    /// Where a part record's `repair.sub_modules` list is written.
    static func subModulesLocation(_ record: InputMapping?) -> SourceLocation? {
        guard let repair = record?["repair"], let entry = repair.node.entries?.first(where: { $0.key == "sub_modules" }) else { return nil }
        return InputValue(node: entry.value, file: repair.file, keyPath: repair.keyPath + ".sub_modules").location
    }
}

/// Reading a part's supersession (`superseded:`) and checking the chain of successors.
extension ScenarioReader {
    mutating func readSupersession(_ value: InputValue) -> Supersession? {
        guard let m = value.mapping(&d) else { return nil }
        m.checkKeys(allowed: SectionKeys.supersession, &d)
        let successor = m.required("by", &d).flatMap { parts.resolve($0, &d) }
        let from = m.required("from", &d).flatMap { Self.readDate($0, &d) }
        let oldStock = m["old_stock"].map { $0.choice(Supersession.OldStock.self, &d) } ?? .useUp
        guard let successor, let from, let oldStock else { return nil }
        return Supersession(successor: successor, from: from, oldStock: oldStock)
    }

    /// A successor is another part that is not itself superseded (one step: write the last revision
    /// as every older one's successor), and no sub-module is superseded or a successor (which
    /// sub-module a module holds is not tracked).
    mutating func checkSupersessions(_ parts: Section<Part>, records: [InputMapping?]) {
        var subModules = Set<Int>()
        for part in parts.items { for sub in part?.repair?.subModules ?? [] { subModules.insert(sub.part) } }
        for (p, part) in parts.items.enumerated() {
            guard let next = part?.supersession, let value = records[p]?["superseded"] else { continue }
            let by = value.node.entries?.first { $0.key == "by" }
            let at = by.map { InputValue(node: $0.value, file: value.file, keyPath: value.keyPath + ".by").location } ?? value.location
            let successor = parts[next.successor]
            if next.successor == p {
                d.error(at: at, expected: "another part as the successor", found: "'\(part!.id)' itself")
            } else if let chained = successor?.supersession {
                d.error(at: at, expected: "a successor that is not superseded itself (name the last revision, '\(parts[chained.successor]?.id ?? "?")')",
                        found: "'\(successor!.id)', superseded from \(chained.from)")
            }
            if subModules.contains(p) || subModules.contains(next.successor) {
                d.error(at: value.location, expected: "supersession of parts that are no sub-module (a module's sub-modules are not tracked one by one)",
                        found: "'\(subModules.contains(p) ? part!.id : successor?.id ?? "?")', a sub-module")
            }
        }
    }
}
