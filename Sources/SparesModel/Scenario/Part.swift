import SparesRandom

/// A field-replaceable part.
public struct Part: Sendable {
    public var id: String
    public var name: String
    /// Purchase price of one unit, scenario currency.
    public var unitCost: Double
    /// Cost of holding one unit for a year, as a share of `unitCost`.
    public var holdingRate: Double
    /// Repair loop, for repairables; nil for consumables (scrapped after use).
    public var repair: RepairLoop?
    /// The supplier that sells it (a location of echelon `supplier`).
    public var supplier: Int?
    /// Procurement lead time overriding the supplier's, hours.
    public var leadTime: Distribution?
    /// Replaced in the catalogue by a successor from a day on, or nil.
    public var supersession: Supersession?

    public var isRepairable: Bool { repair != nil }
}

/// A part superseded by a successor (a new revision, a second source) from a day on: from 00:00 UTC
/// of `from`, a failure of an instance that still carries this part asks for the successor, except
/// while old stock is used up; nobody buys this part any more.
public struct Supersession: Sendable {
    /// What happens to the old part's stock.
    public enum OldStock: String, CaseIterable, Sendable {
        /// Used first: a demand at a location whose shelf still holds the old part takes it; the old
        /// part's stock keeps moving down the network as it is used, and repaired units come back to it.
        case useUp = "use_up"
        /// Scrapped at the day: every shelf's old units, and every old unit that arrives later once the
        /// demands that waited for it before the day are served.
        case scrap
    }

    /// The successor's part index.
    public var successor: Int
    public var from: CivilDate
    public var oldStock: OldStock

    public init(successor: Int, from: CivilDate, oldStock: OldStock) {
        self.successor = successor
        self.from = from
        self.oldStock = oldStock
    }

    /// Hours from 00:00 UTC on `start` to 00:00 UTC on `from` (at least 0).
    public func hours(after start: CivilDate) -> Double { max(0, Double(from.dayNumber - start.dayNumber) * 24) }
}

extension Part {
    /// Where the demand of this part (index `index`) goes over [from, to) hours after 00:00 UTC on
    /// `start`, as (part, share): itself, or when superseded, itself for the share of the span before
    /// its day and its successor for the rest. What the stationary models (stocking rules,
    /// `StockProblem`) see; old stock used up after the day is the simulation's to show.
    public func demandShares(index: Int, start: CivilDate, from: Double, to: Double) -> [(part: Int, share: Double)] {
        guard let next = supersession, to > from else { return [(index, 1)] }
        let after = max(0, to - max(from, next.hours(after: start))) / (to - from)
        return [(index, 1 - after), (next.successor, after)]
    }
}

/// How a failed repairable comes back into stock.
public struct RepairLoop: Sendable {
    /// Where it is repaired (a location; usually of echelon `repair`).
    public var vendor: Int
    /// Transit of the failed unit from the site to the vendor, hours.
    public var returnLeg: Distribution
    /// Time in repair, hours.
    public var turnaround: Distribution
    /// Cost of one repair, scenario currency.
    public var cost: Double
    /// Probability the unit cannot be repaired and is scrapped (a new one is bought).
    public var condemnation: Double
    /// The stocking location repaired units return to.
    public var returnTo: Int
    /// When the failed unit leaves the site for repair.
    public var removal: PartRemoval
    /// The finite repair shop at `vendor` that repairs it, or nil: unlimited capacity (the turnaround
    /// alone).
    public var shop: Int? = nil
    /// Shares repaired where the failed unit is received, by location (at most one per location),
    /// before the rest is sent to `vendor`.
    public var local: [LocalRepair] = []
    /// The sub-modules (SRUs) a repair of this part (an LRU) may replace, each with the share of its
    /// repairs that need one unit of it. Used at local repairs, whose locations hold the SRU stock;
    /// a repair vendor's turnaround includes the sub-modules it fits.
    public var subModules: [SubModule] = []

    /// The local repair done at `location`, if any.
    public func localRepair(at location: Int) -> LocalRepair? {
        local.first { $0.locations.contains(location) }
    }
}

/// One indenture down: a sub-module (shop-replaceable unit, SRU) that repairing a module (LRU) may
/// need. A repair that needs it takes one from the SRU's stock where the repair is done and waits
/// for it when none is on the shelf; the SRU taken out of the module goes through its own repair
/// loop (or is scrapped, for a consumable).
public struct SubModule: Sendable, Equatable {
    /// The SRU's part index.
    public var part: Int
    /// Probability that one repair of the module replaces this SRU (the shares of a module's
    /// sub-modules add up to at most 1: the rest are repaired without one).
    public var share: Double

    public init(part: Int, share: Double) {
        self.part = part
        self.share = share
    }
}

/// The indenture structure of a catalogue: which parts are sub-modules of which.
public enum Indentures {
    /// Part indices ordered so that every module comes before its sub-modules (a depth-first
    /// post-order of the indenture forest, reversed), given each part's sub-module parts. Ends on a
    /// loop too (which the loader refuses), each part once.
    public static func modulesFirst(_ children: [[Int]]) -> [Int] {
        var done = [Bool](repeating: false, count: children.count)
        var post: [Int] = []
        for root in children.indices where !done[root] {
            var stack: [(part: Int, next: Int)] = [(root, 0)]
            done[root] = true
            while let top = stack.last {
                if top.next < children[top.part].count {
                    stack[stack.count - 1].next += 1
                    let child = children[top.part][top.next]
                    if !done[child] { done[child] = true; stack.append((child, 0)) }
                } else {
                    post.append(top.part)
                    stack.removeLast()
                }
            }
        }
        return post.reversed()
    }
}

/// When a failed repairable is pulled from the equipment and starts its return leg.
public enum PartRemoval: String, CaseIterable, Sendable {
    /// At the swap, when the replacement is installed (advance exchange: the usual field-service case).
    case atSwap = "at_swap"
    /// At the failure, before the replacement arrives (METRIC's assumption; line-replaceable units
    /// pulled from equipment that stays down).
    case atFailure = "at_failure"
}
