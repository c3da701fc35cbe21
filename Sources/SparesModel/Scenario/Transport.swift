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

/// Lanes with an index by origin, for the simulation's sourcing decisions.
public struct LaneTable: Sendable {
    public private(set) var lanes: [Lane]
    private var byPair: [Endpoint: [Int]]

    public init(_ lanes: [Lane]) {
        self.lanes = lanes
        var byPair: [Endpoint: [Int]] = [:]
        for (i, lane) in lanes.enumerated() { byPair[lane.from, default: []].append(i) }
        self.byPair = byPair
    }

    /// Indices of the lanes from `from` to `to`.
    public func lanes(from: Endpoint, to: Endpoint) -> [Int] {
        (byPair[from] ?? []).filter { lanes[$0].to == to }
    }

    /// Indices of all lanes leaving `from`.
    public func lanes(from: Endpoint) -> [Int] { byPair[from] ?? [] }

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
