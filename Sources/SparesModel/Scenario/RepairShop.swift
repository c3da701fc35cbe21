import SparesRandom

/// A repair shop of finite capacity: `servers` parallel benches (or repair technicians) that work
/// during `shifts`. Units that reach it wait in one queue; a unit's repair time (its turnaround,
/// drawn at the failure) is working time on one server, paused outside the shifts.
public struct RepairShop: Sendable {
    public var id: String
    public var name: String
    /// The location it stands at: the vendor of the repair loops, or the location of the local
    /// repairs, that name it.
    public var location: Int
    /// Parallel servers, ≥ 1.
    public var servers: Int
    /// When the servers work (local time of `location`); always by default.
    public var shifts: WeeklySchedule
    /// Which waiting unit a freed server takes.
    public var priority: RepairPriority
}

/// The order in which a repair shop's queue is served.
public enum RepairPriority: String, CaseIterable, Sendable {
    /// First in, first out.
    case fifo
    /// The unit whose stock point (where it returns once repaired) has the most backorders waiting,
    /// first in, first out among equals.
    case backorders
}

/// A share of a part's failures repaired where the failed unit is received, not sent on: at the
/// stocking location that served the incident or at a location above it on its replenishment path
/// (an FSL's bench, a hub's repair cell). Sherbrooke's base repair (ORACLES.md O4): the unit repaired
/// here returns to this location's own stock, which therefore orders nothing from upstream for it.
///
/// A failure's repair level is found by walking up from the location that served it: at each level
/// with a local repair, the unit stays with probability `share`; the rest goes on, and what no level
/// keeps goes to the part's repair vendor (`RepairLoop`).
public struct LocalRepair: Sendable {
    /// The locations (stocking: FSL, hub, central) where this repair is done.
    public var locations: [Int]
    /// Probability that a failed unit reaching one of `locations` is repaired there.
    public var share: Double
    /// Transit of the failed unit from the site to the location, hours.
    public var returnLeg: Distribution
    /// Time in repair (service time on a bench when `shop` is set), hours.
    public var turnaround: Distribution
    /// Cost of one repair, scenario currency.
    public var cost: Double
    /// Probability the unit is found beyond repair here and scrapped (its location then orders a
    /// replacement from upstream).
    public var condemnation: Double
    /// The finite shop that does the repair (at the repair's one location), or nil: unlimited capacity.
    public var shop: Int?
}
