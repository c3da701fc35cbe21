import SparesRandom

/// Modes and lanes, listed and derived.
struct Transport {
    var modes: [TransportMode]
    /// The lanes, indexed by (from, to): what the scenario gets, so a network of many sites indexes
    /// its million lanes once (every variant that removes none shares it).
    private(set) var table: LaneTable
    /// Lanes whose mode is each mode index, for warnings.
    var lanesPerMode: [Int]

    /// `modeCount`: the modes declared (some may have been refused).
    init(modes: [TransportMode], modeCount: Int, lanes: [Lane]) {
        self.modes = modes
        table = LaneTable(lanes)
        lanesPerMode = Array(repeating: 0, count: modeCount)
        for i in lanes.indices { lanesPerMode[lanes[i].mode] += 1 }
    }

    var lanes: [Lane] { table.lanes }

    func hasLane(from: Endpoint, to: Endpoint) -> Bool { table.hasLane(from: from, to: to) }

    /// Removes the lanes `removed` picks, and indexes the rest.
    mutating func removeLanes(where removed: (Lane) -> Bool) {
        self = Transport(modes: modes, modeCount: lanesPerMode.count, lanes: lanes.filter { !removed($0) })
    }
}

/// A distance rule as read: lanes of `mode` from every location of an echelon in `from` to every
/// endpoint of a kind in `to` within `maxDistance` km.
struct LaneRule {
    var mode: Int
    var from: Set<Echelon>
    var toEchelons: Set<Echelon>
    var toSites: Bool
    var maxDistance: Double
    /// Transit mean = fixed + detour × distance / speed; lognormal with `cv`, deterministic when 0.
    var speed: Double
    var detour: Double
    var fixed: Double
    var cv: Double
    var costBase: Double
    var costPerKm: Double
    var cutoff: Double?
    var days: UInt8
    var record: InputMapping
}

extension ScenarioReader {
    mutating func readTransport(_ r: SectionRecords, network: Network) -> Transport {
        var modeList: [TransportMode?] = Array(repeating: nil, count: modes.count)
        for m in r.modes {
            guard let i = declaredIndex(m, modes) else { continue }
            let id = m["id"]!.scalarText!
            modeList[i] = TransportMode(id: id, name: m["name"]?.string(&d) ?? id)
        }
        var lanes: [Lane] = []
        var listed: [LaneKey: InputValue] = [:]
        for m in r.lanes {
            let from = m.required("from", &d).flatMap { endpoint($0) }
            let to = m.required("to", &d).flatMap { endpoint($0) }
            let mode = m.required("mode", &d).flatMap { modes.resolve($0, &d) }
            let transit = m.required("transit", &d).flatMap { DistributionSpec.read($0, quantity: .duration, &d) }
            let cost = m["cost"].map { $0.money(&d) } ?? 0
            let cutoff = m["cutoff"].map { $0.timeOfDay(&d) }
            let days = m["days"].map { $0.weekdays(&d) } ?? 0x7F
            if let from, let to, from == to {
                d.error(at: m["to"]!.location, expected: "a destination other than the origin", found: m["to"]!.written)
                continue
            }
            guard let from, let to, let mode, let transit, let cost, cutoff ?? 0 != nil, let days else { continue }
            let key = LaneKey(from: from, to: to, mode: mode)
            if let first = listed[key] {
                d.error(
                    at: m.owner.location, expected: "one lane per origin, destination and mode",
                    found: "the same lane again (first at \(first.location))")
                continue
            }
            listed[key] = m.owner
            let distance = coordinate(from, network).flatMap { a in coordinate(to, network).map { a.distance(to: $0) } } ?? 0
            lanes.append(
                Lane(
                    from: from, to: to, mode: mode, transit: transit, cost: cost, cutoff: cutoff ?? nil, days: days,
                    distance: distance, derived: false))
        }
        for m in r.laneRules {
            guard let rule = readLaneRule(m) else { continue }
            let before = lanes.count
            derive(rule, network: network, listed: listed, into: &lanes)
            if lanes.count == before, network.isComplete {
                d.warning(
                    at: m.owner.location, expected: "a lane rule that derives at least one lane",
                    found: "no pair of endpoints within \(rule.maxDistance.formatted) km")
            }
        }
        return Transport(modes: modeList.compactMap { $0 }, modeCount: modes.count, lanes: lanes)
    }

    /// A location or site id.
    mutating func endpoint(_ value: InputValue) -> Endpoint? {
        guard let id = value.string(&d) else { return nil }
        if let i = locations.lookup(id) { return .location(i) }
        if let i = sites.lookup(id) { return .site(i) }
        let hint = d.hint(for: id, in: locations.ids + sites.ids)
        d.error(at: value.location, expected: "a known location or site id", found: value.written, hint: hint)
        return nil
    }

    func coordinate(_ endpoint: Endpoint, _ network: Network) -> Coordinate? {
        switch endpoint {
        case .location(let i): network.locations[i]?.coordinate
        case .site(let i): network.sites[i]?.coordinate
        }
    }

    mutating func readLaneRule(_ m: InputMapping) -> LaneRule? {
        let mode = m.required("mode", &d).flatMap { modes.resolve($0, &d) }
        var from: Set<Echelon> = []
        var toEchelons: Set<Echelon> = []
        var toSites = false
        var ok = true
        for item in m.required("from", &d)?.textList(&d) ?? [] {
            if let e = item.choice(Echelon.self, &d) { from.insert(e) } else { ok = false }
        }
        for item in m.required("to", &d)?.textList(&d) ?? [] {
            if item.scalarText == "site" {
                toSites = true
            } else if let text = item.scalarText, let e = Echelon(rawValue: text) {
                toEchelons.insert(e)
            } else {
                let options = ["site"] + Echelon.allCases.map(\.rawValue)
                let hint = item.scalarText.flatMap { d.hint(for: $0, in: options) }
                d.error(at: item.location, expected: "site or an echelon (\(options.dropFirst().joined(separator: ", ")))", found: item.written, hint: hint)
                ok = false
            }
        }
        let maxKm = m.required("max_km", &d)?.number(in: 0...20_040, "a distance in km from 0 to 20040 (half the earth's circumference)", &d)
        let speed = m.required("speed", &d)?.speed(&d)
        let detour = m["detour"].map { $0.number(in: 1...10, "a detour factor from 1 to 10 (road over straight-line distance)", &d) } ?? 1
        let fixed = m["fixed"].map { $0.duration(positive: false, &d) } ?? 0
        let cv = m["cv"].map { $0.number(in: 0...5, "a coefficient of variation from 0 to 5", &d) } ?? 0
        let costBase = m["cost_base"].map { $0.money(&d) } ?? 0
        let costPerKm = m["cost_per_km"].map { $0.money(&d) } ?? 0
        let cutoff = m["cutoff"].map { $0.timeOfDay(&d) }
        let days = m["days"].map { $0.weekdays(&d) } ?? 0x7F
        guard ok, let mode, !from.isEmpty, toSites || !toEchelons.isEmpty, let maxKm, let speed, let detour, let fixed,
              let cv, let costBase, let costPerKm, cutoff ?? 0 != nil, let days
        else { return nil }
        return LaneRule(
            mode: mode, from: from, toEchelons: toEchelons, toSites: toSites, maxDistance: maxKm, speed: speed,
            detour: detour, fixed: fixed, cv: cv, costBase: costBase, costPerKm: costPerKm, cutoff: cutoff ?? nil,
            days: days, record: m)
    }

    /// Adds the lanes `rule` derives, except where a lane of the same mode is listed.
    func derive(_ rule: LaneRule, network: Network, listed: [LaneKey: InputValue], into lanes: inout [Lane]) {
        let origins = network.locations.items.enumerated().compactMap { i, l in
            l.flatMap { rule.from.contains($0.echelon) ? (i, $0.coordinate) : nil }
        }
        var targets: [(Endpoint, Coordinate)] = network.locations.items.enumerated().compactMap { i, l in
            l.flatMap { rule.toEchelons.contains($0.echelon) ? (.location(i), $0.coordinate) : nil }
        }
        if rule.toSites {
            targets += network.sites.items.enumerated().compactMap { i, s in s.map { (.site(i), $0.coordinate) } }
        }
        // Each origin's lanes on its own (a rule to 200,000 sites is millions of distances), on
        // several cores, joined in origin order: the same lanes in the same order as one by one.
        let allTargets = targets
        let perOrigin = ParallelMap.map(origins.count) { k in
            Self.derived(rule, from: origins[k].0, at: origins[k].1, to: allTargets, listed: listed)
        }
        lanes.reserveCapacity(lanes.count + perOrigin.reduce(0) { $0 + $1.count })
        for list in perOrigin { lanes += list }
    }

    /// The lanes `rule` derives from location `origin` (at `a`) to `targets`, in target order.
    static func derived(_ rule: LaneRule, from origin: Int, at a: Coordinate, to targets: [(Endpoint, Coordinate)],
                        listed: [LaneKey: InputValue]) -> [Lane] {
        var lanes: [Lane] = []
        for (target, b) in targets where target != .location(origin) {
            let distance = a.distance(to: b)
            guard distance <= rule.maxDistance, listed[LaneKey(from: .location(origin), to: target, mode: rule.mode)] == nil
            else { continue }
            let mean = rule.fixed + rule.detour * distance / rule.speed
            let transit = (rule.cv > 0 && mean > 0 ? try? Distribution.lognormal(mean: mean, cv: rule.cv) : nil)
                ?? (try! Distribution.deterministic(mean))
            lanes.append(
                Lane(
                    from: .location(origin), to: target, mode: rule.mode, transit: transit,
                    cost: rule.costBase + rule.costPerKm * rule.detour * distance, cutoff: rule.cutoff, days: rule.days,
                    distance: distance, derived: true))
        }
        return lanes
    }
}

struct LaneKey: Hashable {
    var from: Endpoint
    var to: Endpoint
    var mode: Int
}

extension Double {
    /// A number as people write it: 200 not 200.0; 2.5 as 2.5.
    var formatted: String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
