/// The items of every list section, keys checked, before any is interpreted. Reading all ids first
/// lets any item refer to any other, whatever the order of sections and files.
struct SectionRecords {
    var locations: [InputMapping] = []
    var parts: [InputMapping] = []
    var equipment: [InputMapping] = []
    var bom: [InputMapping] = []
    var sites: [InputMapping] = []
    var installedBase: [InputMapping] = []
    var modes: [InputMapping] = []
    var lanes: [InputMapping] = []
    var laneRules: [InputMapping] = []
    var technicians: [InputMapping] = []
    var contracts: [InputMapping] = []
    var repairShops: [InputMapping] = []
    var demandStreams: [InputMapping] = []
}

/// Keys each section's items may have.
enum SectionKeys {
    static let location = [
        "id", "name", "echelon", "lat", "lon", "utc_offset", "hours", "pick", "receive", "source", "replenishment_mode",
        "lead_time",
    ]
    static let part = ["id", "name", "cost", "holding_rate", "type", "supplier", "lead_time", "repair", "superseded"]
    static let supersession = ["by", "from", "old_stock"]
    static let repair = ["vendor", "return_leg", "turnaround", "cost", "condemnation", "return_to", "removed", "shop", "local", "sub_modules"]
    static let subModule = ["part", "share"]
    static let localRepair = ["at", "share", "return_leg", "turnaround", "cost", "condemnation", "shop"]
    static let repairShop = ["id", "name", "location", "servers", "shifts", "priority"]
    static let demandStream = ["location", "part", "rate", "history", "per"]
    static let equipment = [
        "id", "name", "remote_fix", "remote_fix_time", "no_fault_found", "repair_time", "skill", "parts",
    ]
    static let bomLine = ["part", "quantity", "failure"]
    static let bom = ["equipment"] + bomLine
    static let site = ["id", "name", "lat", "lon", "utc_offset", "contract", "serving", "units"]
    static let installedBase = ["site", "equipment", "count", "installed", "removed"]
    static let unitRow = ["equipment", "count", "installed", "removed"]
    static let mode = ["id", "name"]
    static let lane = ["from", "to", "mode", "transit", "cost", "cutoff", "days"]
    static let laneRule = [
        "mode", "from", "to", "max_km", "speed", "detour", "fixed", "cv", "cost_base", "cost_per_km", "cutoff", "days",
    ]
    static let technician = ["id", "base", "lat", "lon", "utc_offset", "headcount", "shifts", "skills", "speed", "detour", "hourly_cost"]
    static let contract = [
        "id", "name", "tier", "fee", "period", "business_hours", "holidays", "response", "restore", "availability", "cap",
        "risk_thresholds", "gainshare",
    ]
}

extension ScenarioReader {
    /// The list sections, each with its items' keys and where its records go, in reading order.
    static let listSections: [(key: String, allowed: [String], field: WritableKeyPath<SectionRecords, [InputMapping]> & Sendable)] = [
        ("locations", SectionKeys.location, \.locations), ("parts", SectionKeys.part, \.parts),
        ("equipment", SectionKeys.equipment, \.equipment), ("bom", SectionKeys.bom, \.bom),
        ("sites", SectionKeys.site, \.sites), ("installed_base", SectionKeys.installedBase, \.installedBase),
        ("modes", SectionKeys.mode, \.modes), ("lanes", SectionKeys.lane, \.lanes),
        ("lane_rules", SectionKeys.laneRule, \.laneRules), ("technicians", SectionKeys.technician, \.technicians),
        ("contracts", SectionKeys.contract, \.contracts), ("repair_shops", SectionKeys.repairShop, \.repairShops),
        ("demand_streams", SectionKeys.demandStream, \.demandStreams),
    ]

    mutating func readRecords(_ top: InputMapping) -> SectionRecords {
        prefetchTables(top, sections: Self.listSections.map { ($0.key, $0.allowed) })
        defer { prefetched = [:] }
        var r = SectionRecords()
        for section in Self.listSections { r[keyPath: section.field] = records(section.key, in: top, allowed: section.allowed) }
        for (key, list) in [("locations", r.locations), ("parts", r.parts), ("sites", r.sites)] where list.isEmpty && !unreadSections.contains(key) {
            var location = top.owner.location
            location.keyPath = key
            d.error(at: location, expected: "at least one item under '\(key)'", found: "none")
        }
        return r
    }

    /// Declares every id; a site may not reuse a location's id, since lanes name either.
    mutating func declareIDs(_ r: SectionRecords) {
        for (key, registry) in [("locations", \ScenarioReader.locations), ("parts", \.parts), ("equipment", \.equipment), ("sites", \.sites),
                                ("modes", \.modes), ("technicians", \.pools), ("contracts", \.contracts),
                                ("repair_shops", \.shops)] where unreadSections.contains(key) {
            self[keyPath: registry].markIncomplete()
        }
        locations.markUnread(unreadIDs["locations"] ?? [])
        parts.markUnread(unreadIDs["parts"] ?? [])
        equipment.markUnread(unreadIDs["equipment"] ?? [])
        sites.markUnread(unreadIDs["sites"] ?? [])
        modes.markUnread(unreadIDs["modes"] ?? [])
        pools.markUnread(unreadIDs["technicians"] ?? [])
        contracts.markUnread(unreadIDs["contracts"] ?? [])
        shops.markUnread(unreadIDs["repair_shops"] ?? [])
        for m in r.locations { if let v = m.required("id", &d) { _ = locations.declare(v, &d) } }
        for m in r.parts { if let v = m.required("id", &d) { _ = parts.declare(v, &d) } }
        for m in r.equipment { if let v = m.required("id", &d) { _ = equipment.declare(v, &d) } }
        sites.reserve(r.sites.count)
        for m in r.sites {
            guard let v = m.required("id", &d) else { continue }
            if let id = v.scalarText, let other = locations.lookup(id) {
                d.error(
                    at: v.location, expected: "a site id that no location uses",
                    found: "'\(id)', the id of the location at \(locations.location(of: other))")
                continue
            }
            _ = sites.declare(v, &d)
        }
        for m in r.modes { if let v = m.required("id", &d) { _ = modes.declare(v, &d) } }
        for m in r.technicians {
            if let v = m.required("id", &d) { _ = pools.declare(v, &d) }
            for skill in m["skills"]?.textList(&d) ?? [] where skill.scalarText.map({ skills.lookup($0) == nil }) ?? false {
                _ = skills.declare(skill, &d)
            }
        }
        for m in r.contracts { if let v = m.required("id", &d) { _ = contracts.declare(v, &d) } }
        for m in r.repairShops { if let v = m.required("id", &d) { _ = shops.declare(v, &d) } }
    }
}
