import SparesRandom

/// The read network sections, aligned with their registries.
struct Network: Sendable {
    var locations: Section<Location>
    var parts: Section<Part>
    var equipment: Section<EquipmentType>
    var sites: Section<Site>
    var shops: Section<RepairShop>
    /// Demand streams as read (nil: refused).
    var streams: [DemandStream?] = []
    /// The run's start day and measured span (hours), once the scenario's header is read: what the
    /// stocking rules average dated installed-base rows over.
    var measured: (start: CivilDate, from: Double, to: Double)?
    /// Each section's items, by index, for errors found after reading.
    var locationRecords: [InputMapping?]
    var partRecords: [InputMapping?]
    var siteRecords: [InputMapping?]
    var equipmentRecords: [InputMapping?]

    /// Whether every location, part, equipment type and site was read without error.
    var isComplete: Bool {
        locations.isComplete && parts.isComplete && equipment.isComplete && sites.isComplete && shops.isComplete && !streams.contains { $0 == nil }
    }
}

extension ScenarioReader {
    /// The registry index of the item `m` declared, or nil when its id was refused (duplicate, missing).
    func declaredIndex(_ m: InputMapping, _ registry: Registry) -> Int? {
        guard let value = m["id"], let id = value.scalarText, let i = registry.lookup(id),
              registry.isDeclaration(i, value)
        else { return nil }
        return i
    }

    mutating func readNetwork(_ r: SectionRecords) -> Network {
        var network = Network(
            locations: Section(count: locations.count), parts: Section(count: parts.count),
            equipment: Section(count: equipment.count), sites: Section(count: sites.count), shops: Section(count: shops.count),
            locationRecords: Array(repeating: nil, count: locations.count),
            partRecords: Array(repeating: nil, count: parts.count),
            siteRecords: Array(repeating: nil, count: sites.count),
            equipmentRecords: Array(repeating: nil, count: equipment.count))
        for m in r.locations {
            guard let i = declaredIndex(m, locations) else { continue }
            network.locationRecords[i] = m
            network.locations[i] = readLocation(m)
        }
        for m in r.repairShops {
            guard let i = declaredIndex(m, shops) else { continue }
            network.shops[i] = readRepairShop(m, network.locations)
        }
        for m in r.parts {
            guard let i = declaredIndex(m, parts) else { continue }
            network.partRecords[i] = m
            network.parts[i] = readPart(m, network.locations, network.shops)
        }
        checkIndentures(network.parts, records: network.partRecords)
        checkSupersessions(network.parts, records: network.partRecords)
        network.streams = r.demandStreams.map { readDemandStream($0, network.locations) }
        var bom: [[InputMapping]] = Array(repeating: [], count: equipment.count)
        for m in r.bom {
            guard let e = m.required("equipment", &d).flatMap({ equipment.resolve($0, &d) }) else { continue }
            bom[e].append(m)
        }
        for m in r.equipment {
            guard let i = declaredIndex(m, equipment) else { continue }
            network.equipmentRecords[i] = m
            var lines = m["parts"].map { records(of: $0, allowed: SectionKeys.bomLine) } ?? []
            lines += bom[i]
            network.equipment[i] = readEquipment(m, lines: lines)
        }
        var rows: [InstalledRow] = [], rowSites: [Int32] = []
        rows.reserveCapacity(r.installedBase.count)
        rowSites.reserveCapacity(r.installedBase.count)
        // Plain rows are read from their cells in blocks on several cores; the others by value, one
        // after another in file order with their errors, as are the results.
        let installedRecords = r.installedBase, siteRegistry = sites, typeRegistry = equipment
        let plain = PlainInstalledRows(installedRecords.first?.tableRow?.table)
        let plainRead = ParallelMap.map(plain == nil ? 0 : Self.blocks(installedRecords.count)) { k in
            var memo: PlainInstalledRows.SiteMemo = nil
            return Self.block(k, of: installedRecords.count).map {
                plain!.read(installedRecords[$0], sites: siteRegistry, equipment: typeRegistry, memo: &memo)
            }
        }
        for (k, m) in installedRecords.enumerated() {
            if plain != nil, let (s, units) = plainRead[k / Self.blockSize][k % Self.blockSize] {
                rows.append(.plain(units))
                rowSites.append(Int32(s))
                continue
            }
            guard let s = m.required("site", &d).flatMap({ sites.resolve($0, &d) }) else { continue }
            rows.append(.record(m))
            rowSites.append(Int32(s))
        }
        let installed = InstalledBySite(rows: rows, sites: rowSites, siteCount: sites.count)
        // Site rows likewise: each one's declared index, and its site when plain, in blocks on
        // several cores; the rest by value in file order.
        let siteRecords = r.sites, reader = self, contractRegistry = contracts, locationRegistry = locations
        let locationList = network.locations
        let plainSites = PlainSiteRows(siteRecords.first?.tableRow?.table)
        let sitesRead = ParallelMap.map(Self.blocks(siteRecords.count)) { k in
            Self.block(k, of: siteRecords.count).map { j -> (index: Int?, site: Site?) in
                guard let i = reader.declaredIndex(siteRecords[j], siteRegistry) else { return (nil, nil) }
                return (i, plainSites?.read(siteRecords[j], contracts: contractRegistry, locations: locationRegistry, list: locationList,
                                            installed: installed.rows(of: i)))
            }
        }
        for (j, m) in siteRecords.enumerated() {
            let read = sitesRead[j / Self.blockSize][j % Self.blockSize]
            guard let i = read.index else { continue }
            network.siteRecords[i] = m
            network.sites[i] = read.site ?? readSite(m, installed: installed.rows(of: i), locations: network.locations)
        }
        return network
    }

    mutating func readLocation(_ m: InputMapping) -> Location? {
        let name = m["name"]?.string(&d)
        let echelon = m.required("echelon", &d)?.choice(Echelon.self, &d)
        let coordinate = InputValue.coordinate(m, &d)
        let offset = m.required("utc_offset", &d)?.utcOffset(&d)
        let opening = m["hours"].map { $0.schedule(&d) } ?? .always
        let pick = m["pick"].map { $0.duration(positive: false, &d) } ?? 0
        let receive = m["receive"].map { $0.duration(positive: false, &d) } ?? 0
        let source = m["source"].map { locations.resolve($0, &d) }
        let mode = m["replenishment_mode"].map { modes.resolve($0, &d) }
        let leadTime = m["lead_time"].map { DistributionSpec.read($0, quantity: .duration, &d) }
        if let echelon {
            if echelon == .supplier, m["lead_time"] == nil {
                _ = m.required("lead_time", &d)
            } else if echelon != .supplier, let value = m["lead_time"] {
                d.error(at: value.location, expected: "lead_time only on suppliers", found: "lead_time on a \(echelon.rawValue) location")
            }
            if !echelon.holdsStock, let value = m["source"] {
                d.error(at: value.location, expected: "no source on a \(echelon.rawValue)", found: value.written)
            }
            if echelon == .hub || echelon == .fsl, m["source"] == nil {
                _ = m.required("source", &d)
            }
        }
        guard let id = m["id"]?.scalarText, let echelon, let coordinate, let offset, let opening, let pick,
              let receive, source ?? 0 != nil, mode ?? 0 != nil, leadTime ?? nil != nil || m["lead_time"] == nil
        else { return nil }
        return Location(
            id: id, name: name ?? id, echelon: echelon, coordinate: coordinate, utcOffset: offset, opening: opening,
            pickTime: pick, receiveTime: receive, source: source ?? nil, replenishmentMode: mode ?? nil,
            leadTime: leadTime ?? nil)
    }

    mutating func readPart(_ m: InputMapping, _ locationList: Section<Location>, _ shopList: Section<RepairShop>) -> Part? {
        let name = m["name"]?.string(&d)
        let cost = m.required("cost", &d)?.money(&d)
        let holding = m.required("holding_rate", &d)?.probability(&d)
        let type = m.required("type", &d)?.choice(PartType.self, &d)
        var supplier: Int??
        if let value = m["supplier"] {
            supplier = locations.resolve(value, &d)
            if let s = supplier ?? nil, let location = locationList[s], location.echelon != .supplier {
                d.error(at: value.location, expected: "a supplier location", found: "'\(location.id)', a \(location.echelon.rawValue)")
            }
        }
        let leadTime = m["lead_time"].map { DistributionSpec.read($0, quantity: .duration, &d) }
        var repair: RepairLoop??
        if type == .repairable {
            repair = m.required("repair", &d).map { readRepair($0, locationList, shopList) }
        } else if type == .consumable, let value = m["repair"] {
            d.error(at: value.location, expected: "no repair loop on a consumable part", found: "a repair loop")
        }
        let supersession = m["superseded"].map { readSupersession($0) }
        guard let id = m["id"]?.scalarText, let cost, let holding, let type, supplier ?? 0 != nil,
              leadTime ?? nil != nil || m["lead_time"] == nil, type == .consumable || (repair ?? nil) != nil,
              supersession.map({ $0 != nil }) ?? true
        else { return nil }
        return Part(
            id: id, name: name ?? id, unitCost: cost, holdingRate: holding, repair: repair ?? nil, supplier: supplier ?? nil,
            leadTime: leadTime ?? nil, supersession: supersession ?? nil)
    }

    mutating func readRepair(_ value: InputValue, _ locationList: Section<Location>, _ shopList: Section<RepairShop>) -> RepairLoop? {
        guard let m = value.mapping(&d) else { return nil }
        m.checkKeys(allowed: SectionKeys.repair, &d)
        let vendor = m.required("vendor", &d).flatMap { locations.resolve($0, &d) }
        let returnLeg = m.required("return_leg", &d).flatMap { DistributionSpec.read($0, quantity: .duration, &d) }
        let turnaround = m.required("turnaround", &d).flatMap { DistributionSpec.read($0, quantity: .duration, &d) }
        let cost = m["cost"].map { $0.money(&d) } ?? 0
        let condemnation = m["condemnation"].map { $0.probability(&d) } ?? 0
        let returnTo = m.required("return_to", &d).flatMap { locations.resolve($0, &d) }
        if let returnTo, let location = locationList[returnTo], !location.echelon.holdsStock {
            d.error(
                at: m["return_to"]!.location, expected: "a stocking location (central, hub or fsl)",
                found: "'\(location.id)', a \(location.echelon.rawValue)")
        }
        let removal = m["removed"].map { $0.choice(PartRemoval.self, &d) } ?? .atSwap
        let shop = m["shop"].map { readShopReference($0, at: vendor.map { [$0] } ?? [], what: "the vendor", locationList, shopList) }
        let local = m["local"].map { readLocalRepairs($0, locationList, shopList) }
        let subModules = m["sub_modules"].map { readSubModules($0, hasLocal: !((local ?? []) ?? []).isEmpty) }
        guard let vendor, let returnLeg, let turnaround, let cost, let condemnation, let returnTo, let removal,
              shop ?? 0 != nil, local ?? [] != nil, subModules ?? [] != nil else { return nil }
        return RepairLoop(
            vendor: vendor, returnLeg: returnLeg, turnaround: turnaround, cost: cost, condemnation: condemnation,
            returnTo: returnTo, removal: removal, shop: shop ?? nil, local: (local ?? []) ?? [],
            subModules: (subModules ?? []) ?? [])
    }

    mutating func readEquipment(_ m: InputMapping, lines: [InputMapping]) -> EquipmentType? {
        let name = m["name"]?.string(&d)
        let remoteFix = m["remote_fix"].map { $0.probability(&d) } ?? 0
        let remoteFixTime = m["remote_fix_time"].map { DistributionSpec.read($0, quantity: .duration, &d) }
        if let p = remoteFix, p > 0, m["remote_fix_time"] == nil { _ = m.required("remote_fix_time", &d) }
        let noFaultFound = m["no_fault_found"].map { $0.probability(&d) } ?? 0
        let repairTime = m.required("repair_time", &d).flatMap { DistributionSpec.read($0, quantity: .duration, &d) }
        let skill = m["skill"].map { value -> Int? in
            guard let text = value.string(&d) else { return nil }
            if let i = skills.lookup(text) { return i }
            let hint = d.hint(for: text, in: skills.ids)
            d.error(at: value.location, expected: "a skill that some technician pool has", found: value.written, hint: hint)
            return nil
        }
        var bom: [BOMLine] = []
        var seen: [Int: InputValue] = [:]
        var ok = true
        for line in lines {
            let partValue = line.required("part", &d)
            let part = partValue.flatMap { parts.resolve($0, &d) }
            let quantity = line["quantity"].map { $0.integer(minimum: 1, &d) } ?? 1
            let life = line.required("failure", &d).flatMap { readFailure($0) }
            if let part, let partValue, let first = seen[part] {
                d.error(
                    at: partValue.location, expected: "each part once per equipment type",
                    found: "'\(parts.ids[part])' again (first at \(first.location))")
                ok = false
                continue
            }
            guard let part, let quantity, let life else { ok = false; continue }
            seen[part] = partValue
            bom.append(BOMLine(part: part, quantity: quantity, life: life))
        }
        guard ok, let id = m["id"]?.scalarText, let remoteFix, remoteFixTime ?? nil != nil || m["remote_fix_time"] == nil,
              remoteFix == 0 || remoteFixTime != nil, let noFaultFound, let repairTime, skill ?? 0 != nil
        else { return nil }
        let fallback = try! Distribution.deterministic(0)
        return EquipmentType(
            id: id, name: name ?? id, remoteFix: remoteFix, remoteFixTime: (remoteFixTime ?? nil) ?? fallback,
            noFaultFound: noFaultFound, repairTime: repairTime, skill: skill ?? nil, bom: bom)
    }

    /// A failure process: `{mtbf: 50000h}`, `{per_year: 0.2}` (both exponential) or any duration
    /// distribution of the time between failures (`{dist: weibull, shape: 1.8, scale: 6y}`).
    mutating func readFailure(_ value: InputValue) -> Distribution? {
        guard let m = value.mapping(&d) else { return nil }
        if let mtbf = m["mtbf"] {
            m.checkKeys(allowed: ["mtbf"], &d)
            return mtbf.duration(&d).flatMap { try? Distribution.exponential(mean: $0) }
        }
        if let rate = m["per_year"] {
            m.checkKeys(allowed: ["per_year"], &d)
            guard let perYear = rate.positiveNumber(&d) else { return nil }
            return try? Distribution.exponential(mean: 8760 / perYear)
        }
        guard m.has("dist") else {
            d.error(
                at: value.location, expected: "a failure process: {mtbf: DURATION}, {per_year: RATE} or {dist: ...}",
                found: m.entries.isEmpty ? "an empty mapping" : "keys \(m.entries.map(\.key).joined(separator: ", "))")
            return nil
        }
        guard let life = DistributionSpec.read(value, quantity: .duration, &d) else { return nil }
        if life.mean <= 0 {
            d.error(at: value.location, expected: "a time between failures with a positive mean", found: "mean \(life.mean)")
            return nil
        }
        return life
    }

    /// Rows per block when a table's plain rows are read on several cores.
    static let blockSize = 1 << 15
    static func blocks(_ count: Int) -> Int { (count + blockSize - 1) / blockSize }
    static func block(_ k: Int, of count: Int) -> Range<Int> { k * blockSize..<min(count, (k + 1) * blockSize) }

    mutating func readSite(_ m: InputMapping, installed: InstalledBySite.Rows, locations locationList: Section<Location>) -> Site? {
        let name = m["name"]?.string(&d)
        let coordinate = InputValue.coordinate(m, &d)
        let offset = m.required("utc_offset", &d)?.utcOffset(&d)
        let contract = m.required("contract", &d).flatMap { contracts.resolve($0, &d) }
        var serving: [Int] = []
        var ok = true
        if let value = m.required("serving", &d), let list = value.textList(&d) {
            if list.isEmpty {
                d.error(at: value.location, expected: "at least one serving location", found: "none")
                ok = false
            }
            for item in list {
                guard let i = locations.resolve(item, &d) else { ok = false; continue }
                if let location = locationList[i], !location.echelon.holdsStock {
                    d.error(
                        at: item.location, expected: "a stocking location (central, hub or fsl)",
                        found: "'\(location.id)', a \(location.echelon.rawValue)")
                    ok = false
                }
                serving.append(i)
            }
        } else {
            ok = false
        }
        var units: [InstalledUnits] = []
        /// A row of units: its values to read, or (a table's plain row) the units read from its cells.
        enum UnitRow {
            case values(equipment: InputValue, count: InputValue?, row: InputMapping?)
            case read(InstalledUnits)
        }
        var unitRows: [UnitRow] = []
        unitRows.reserveCapacity(installed.count)
        if let value = m["units"] {
            if let entries = value.node.entries, !entries.isEmpty, entries.first?.key != "equipment" {
                for entry in value.mapping(&d)?.entries ?? [] {
                    let key = InputValue(
                        node: InputNode(.scalar(entry.key, quoted: true), line: entry.keyLocation.line, column: entry.keyLocation.column),
                        file: value.file, keyPath: entry.value.keyPath)
                    unitRows.append(.values(equipment: key, count: entry.value, row: nil))
                }
            } else {
                for item in value.sequence(&d) ?? [] {
                    guard let unit = item.mapping(&d) else { ok = false; continue }
                    unit.checkKeys(allowed: SectionKeys.unitRow, &d)
                    if let e = unit.required("equipment", &d) { unitRows.append(.values(equipment: e, count: unit["count"], row: unit)) } else { ok = false }
                }
            }
        }
        for row in installed {
            switch row {
            case .plain(let read):
                unitRows.append(.read(read))
            case .record(let row):
                if let e = row.required("equipment", &d) { unitRows.append(.values(equipment: e, count: row["count"], row: row)) } else { ok = false }
            }
        }
        // Exactly as many as the rows: a site's units are held by every scenario loaded.
        units.reserveCapacity(unitRows.count)
        for unitRow in unitRows {
            let (equipmentValue, countValue, row): (InputValue, InputValue?, InputMapping?)
            switch unitRow {
            case .read(let read):
                units.append(read)
                continue
            case .values(let e, let c, let r):
                (equipmentValue, countValue, row) = (e, c, r)
            }
            let e = equipment.resolve(equipmentValue, &d)
            let count = countValue.map { $0.integer(minimum: 1, &d) } ?? 1
            let installedOn = row?["installed"].map { Self.readDate($0, &d) }
            let removedOn = row?["removed"].map { Self.readDate($0, &d) }
            if let a = installedOn ?? nil, let b = removedOn ?? nil, b <= a, let value = row?["removed"] {
                d.error(at: value.location, expected: "a removal day after the installation day (\(a))", found: value.written)
                ok = false
            }
            // Each date absent, or read.
            let datesRead = (installedOn.map { $0 != nil } ?? true) && (removedOn.map { $0 != nil } ?? true)
            guard let e, let count, datesRead else { ok = false; continue }
            units.append(InstalledUnits(equipment: e, count: count, installed: installedOn ?? nil, removed: removedOn ?? nil))
        }
        guard ok, let id = m["id"]?.scalarText, let coordinate, let offset, let contract else { return nil }
        return Site(
            id: id, name: name ?? id, coordinate: coordinate, utcOffset: offset, contract: contract, serving: serving,
            units: units)
    }
}

/// An installed-base row for its site: read whole from its cells, or its record to read by value.
enum InstalledRow {
    case plain(InstalledUnits)
    case record(InputMapping)
}

/// The installed-base rows of every site, each site's in file order: the rows in one array and their
/// order by site (a stable counting sort), not an array per site (a base of 200,000 sites would hold
/// 200,000 growing arrays while its sites are read).
struct InstalledBySite {
    private let rows: [InstalledRow]
    /// Indices into `rows`, by site, then file order.
    private let order: [Int32]
    /// Per site, where its rows start in `order`; one more entry than sites.
    private let starts: [Int]

    /// `rows`, row `i` belonging to site `sites[i]` (an index below `siteCount`).
    init(rows: [InstalledRow], sites: [Int32], siteCount: Int) {
        var starts = [Int](repeating: 0, count: siteCount + 1)
        for s in sites { starts[Int(s) + 1] += 1 }
        for s in 0..<siteCount { starts[s + 1] += starts[s] }
        var next = starts
        var order = [Int32](repeating: 0, count: rows.count)
        for (i, s) in sites.enumerated() {
            order[next[Int(s)]] = Int32(i)
            next[Int(s)] += 1
        }
        self.rows = rows
        self.order = order
        self.starts = starts
    }

    /// One site's rows, in file order.
    struct Rows: Sequence {
        fileprivate let rows: [InstalledRow]
        fileprivate let order: ArraySlice<Int32>
        var count: Int { order.count }
        func makeIterator() -> Iterator { Iterator(rows: rows, order: order.makeIterator()) }

        struct Iterator: IteratorProtocol {
            fileprivate let rows: [InstalledRow]
            fileprivate var order: IndexingIterator<ArraySlice<Int32>>
            mutating func next() -> InstalledRow? { order.next().map { rows[Int($0)] } }
        }
    }

    func rows(of site: Int) -> Rows { Rows(rows: rows, order: order[starts[site]..<starts[site + 1]]) }
}

extension ScenarioReader {
    /// A calendar day written as YYYY-MM-DD.
    static func readDate(_ value: InputValue, _ d: inout Diagnostics) -> CivilDate? {
        guard let date = value.scalarText.flatMap({ CivilDate($0.trimmingWhitespace) }) else {
            d.error(at: value.location, expected: CivilDate.expectation, found: value.written)
            return nil
        }
        return date
    }
}

/// Whether a part is scrapped after use or repaired.
enum PartType: String, CaseIterable {
    case consumable
    case repairable
}
