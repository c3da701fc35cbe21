import SparesRandom

/// A transport mode (standard road, express, same-day courier, next flight out).
public struct TransportMode: Sendable {
    public var id: String
    public var name: String
}

/// Either end of a lane: a location or a site.
public enum Endpoint: Hashable, Sendable {
    case location(Int)
    case site(Int)
}

/// One way to move a shipment from one endpoint to another.
public struct Lane: Sendable {
    public var from: Endpoint
    public var to: Endpoint
    public var mode: Int
    /// Door-to-door transit after departure, hours.
    public var transit: Distribution
    /// Cost of one shipment, scenario currency.
    public var cost: Double
    /// Last departure of the day, local hours at the origin; nil = departs whenever ready.
    public var cutoff: Double?
    /// Bit `d` set when the lane departs on weekday `d` (0 = Monday), local at the origin.
    public var days: UInt8
    /// Great-circle distance, km.
    public var distance: Double
    /// Whether a distance rule made it (not listed in the scenario).
    public var derived: Bool
}

/// Lanes with indices by origin and by (origin, destination), and the lane choices the simulation
/// and the analytic models share, so both ship by the same lane.
public struct LaneTable: Sendable {
    public private(set) var lanes: [Lane]
    /// Per (origin, destination), its first lane; each lane's next lane of the same pair (-1: none).
    /// A chain through one array, not an array per pair: a network of many sites has a million pairs.
    private var firstOfRoute: RouteIndex
    private var nextOfRoute: [Int32]

    /// (origin, destination) as one integer key: a location i as 2i, a site as 2i + 1.
    @inline(__always)
    private static func route(_ from: Endpoint, _ to: Endpoint) -> UInt64 {
        func code(_ e: Endpoint) -> UInt64 {
            switch e {
            case .location(let i): UInt64(truncatingIfNeeded: i) << 1
            case .site(let i): UInt64(truncatingIfNeeded: i) << 1 | 1
            }
        }
        return code(from) << 32 | code(to)
    }

    public init(_ lanes: [Lane]) {
        self.lanes = lanes
        var first = RouteIndex(capacity: lanes.count)
        var next = [Int32](repeating: -1, count: lanes.count)
        var last = [Int32](repeating: -1, count: lanes.count)
        for i in lanes.indices {
            let route = Self.route(lanes[i].from, lanes[i].to)
            if let head = first.insertIfAbsent(route, Int32(i)) {
                // Append at the chain's end (lanes stay in listed order): `last` is kept at the head.
                let tail = last[Int(head)]
                next[Int(tail)] = Int32(i)
                last[Int(head)] = Int32(i)
            } else {
                last[i] = Int32(i)
            }
        }
        firstOfRoute = first
        nextOfRoute = next
    }

    /// Whether any lane runs from `from` to `to`.
    public func hasLane(from: Endpoint, to: Endpoint) -> Bool { firstOfRoute[Self.route(from, to)] != nil }

    /// Indices of the lanes from `from` to `to`, in listed order.
    public func lanes(from: Endpoint, to: Endpoint) -> [Int] {
        var out: [Int] = []
        forEachLane(from: from, to: to) { out.append($0) }
        return out
    }

    /// Calls `body` with each lane from `from` to `to`, in listed order.
    @inline(__always)
    private func forEachLane(from: Endpoint, to: Endpoint, _ body: (Int) -> Void) {
        var i = firstOfRoute[Self.route(from, to)] ?? -1
        while i >= 0 {
            body(Int(i))
            i = nextOfRoute[Int(i)]
        }
    }

    /// The lane from `from` to `to` (of `mode`, when given) with the least mean transit, then the least
    /// cost, then the first listed: how a part goes to a site.
    public func fastest(from: Endpoint, to: Endpoint, mode: Int? = nil) -> Int? {
        var best: Int?
        forEachLane(from: from, to: to) { i in
            guard mode == nil || lanes[i].mode == mode else { return }
            if let b = best, (lanes[b].transit.mean, lanes[b].cost, b) <= (lanes[i].transit.mean, lanes[i].cost, i) { return }
            best = i
        }
        return best
    }

    /// The lane from `from` to `to` (of `mode`, when given) with the least cost, then the least mean
    /// transit, then the first listed.
    public func cheapest(from: Endpoint, to: Endpoint, mode: Int? = nil) -> Int? {
        var best: Int?
        forEachLane(from: from, to: to) { i in
            guard mode == nil || lanes[i].mode == mode else { return }
            if let b = best, (lanes[b].cost, lanes[b].transit.mean, b) <= (lanes[i].cost, lanes[i].transit.mean, i) { return }
            best = i
        }
        return best
    }

    /// How `location` is replenished from `source`: the cheapest lane of its replenishment `mode`, or,
    /// when it names none or none runs, the cheapest lane of any mode.
    public func replenishmentLane(from source: Int, to location: Int, mode: Int?) -> Int? {
        mode.flatMap { cheapest(from: .location(source), to: .location(location), mode: $0) }
            ?? cheapest(from: .location(source), to: .location(location))
    }

    public var count: Int { lanes.count }
    public var derivedCount: Int { lanes.lazy.filter(\.derived).count }
}

/// A field-service technician pool.
public struct TechnicianPool: Sendable {
    public var id: String
    /// The stocking location the pool works from, if any.
    public var base: Int?
    public var coordinate: Coordinate
    public var utcOffset: Double
    public var headcount: Int
    public var shifts: WeeklySchedule
    /// Indices into `Scenario.skills`.
    public var skills: [Int]
    /// Average road speed, km/h; travel time = detour × distance / speed.
    public var speed: Double
    /// Road distance over great-circle distance.
    public var detour: Double
    /// Cost of one technician hour on a job (travel, waiting on site, repair), scenario currency; 0 when
    /// the scenario does not price technician time.
    public var hourlyCost: Double
}

extension Scenario {
    /// The candidate sources of expediting step `step` for `site`, nearest first (ties by location):
    /// each of the step's sources other than the site's first serving location, within the step's
    /// distance, with its fastest lane of the step's mode to the site. The simulation takes the first
    /// with stock; the analytic models weigh them in the same order.
    public func expediteRoutes(_ step: ExpediteStep, site s: Int) -> [(location: Int, lane: Int)] {
        let site = sites[s]
        let first = site.serving.first
        var routes: [(distance: Double, location: Int, lane: Int)] = []
        for l in step.sources where l != first {
            let distance = locations[l].coordinate.distance(to: site.coordinate)
            if let limit = step.maxDistance, distance > limit { continue }
            guard let lane = lanes.fastest(from: .location(l), to: .site(s), mode: step.mode) else { continue }
            routes.append((distance, l, lane))
        }
        return routes.sorted { ($0.distance, $0.location) < ($1.distance, $1.location) }.map { ($0.location, $0.lane) }
    }
}
