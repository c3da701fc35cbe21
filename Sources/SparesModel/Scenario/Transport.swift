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

/// Lanes with an index by (origin, destination), and the lane choices the simulation and the
/// analytic models share, so both ship by the same lane.
///
/// The index is the lanes' order sorted by destination, then origin, then listed order (two stable
/// counting sorts): a route's lanes are one run, found by a binary search among its destination's
/// lanes. A network of 200,000 sites has over a million routes; the sorts read and write its arrays
/// in passes, where a hash table of routes is a cache miss per lane to build.
public struct LaneTable: Sendable {
    public private(set) var lanes: [Lane]
    /// Lane indices by (destination, origin, listed order).
    private var byRoute: [Int32]
    /// The origin code of each entry of `byRoute`, searched without touching the lanes.
    private var origins: [UInt32]
    /// Per destination code, where its entries start in `byRoute`; one more entry than codes.
    private var starts: [Int32]

    /// An endpoint as one integer: a location i as 2i, a site as 2i + 1.
    @inline(__always)
    private static func code(_ e: Endpoint) -> Int {
        switch e {
        case .location(let i): i << 1
        case .site(let i): i << 1 | 1
        }
    }

    public init(_ lanes: [Lane]) {
        self.lanes = lanes
        let n = lanes.count
        var from = [UInt32](repeating: 0, count: n), to = [UInt32](repeating: 0, count: n)
        var fromCodes = 0, toCodes = 0
        for i in 0..<n {
            let f = Self.code(lanes[i].from), t = Self.code(lanes[i].to)
            from[i] = UInt32(f)
            to[i] = UInt32(t)
            fromCodes = max(fromCodes, f + 1)
            toCodes = max(toCodes, t + 1)
        }
        // Stable by origin first, then stable by destination: runs by destination, origin, index.
        let byOrigin = Self.countingSort(0..<Int32(n), keys: from, keyCount: fromCodes).order
        let (order, starts) = Self.countingSort(byOrigin, keys: to, keyCount: toCodes)
        byRoute = order
        origins = order.map { from[Int($0)] }
        self.starts = starts
    }

    /// `indices` stably sorted by `keys[index]` (each below `keyCount`), and where each key's run starts.
    private static func countingSort(_ indices: some Collection<Int32>, keys: [UInt32], keyCount: Int) -> (order: [Int32], starts: [Int32]) {
        var starts = [Int32](repeating: 0, count: keyCount + 1)
        for i in indices { starts[Int(keys[Int(i)]) + 1] += 1 }
        for k in 0..<keyCount { starts[k + 1] += starts[k] }
        var next = starts
        var order = [Int32](repeating: 0, count: indices.count)
        for i in indices {
            let k = Int(keys[Int(i)])
            order[Int(next[k])] = i
            next[k] += 1
        }
        return (order, starts)
    }

    /// The entries of `byRoute` of the route from `from` to `to`: its lanes in listed order.
    @inline(__always)
    private func run(from: Endpoint, to: Endpoint) -> Range<Int> {
        let t = Self.code(to)
        guard t + 1 < starts.count else { return 0..<0 }
        let f = UInt32(truncatingIfNeeded: Self.code(from))
        var lo = Int(starts[t]), hi = Int(starts[t + 1])
        let end = hi
        // The first entry whose origin is not below `f`.
        while lo < hi {
            let mid = (lo + hi) >> 1
            if origins[mid] < f { lo = mid + 1 } else { hi = mid }
        }
        var last = lo
        while last < end && origins[last] == f { last += 1 }
        return lo..<last
    }

    /// Whether any lane runs from `from` to `to`.
    public func hasLane(from: Endpoint, to: Endpoint) -> Bool { !run(from: from, to: to).isEmpty }

    /// Indices of the lanes from `from` to `to`, in listed order.
    public func lanes(from: Endpoint, to: Endpoint) -> [Int] {
        run(from: from, to: to).map { Int(byRoute[$0]) }
    }

    /// Calls `body` with each lane from `from` to `to`, in listed order.
    @inline(__always)
    private func forEachLane(from: Endpoint, to: Endpoint, _ body: (Int) -> Void) {
        for k in run(from: from, to: to) { body(Int(byRoute[k])) }
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
