import SparesRandom

/// A policy users evaluate: how much stock where, how to source a part fast, who to dispatch.
public struct Policy: Sendable {
    public var id: String
    public var description: String
    /// Replenishment control per location (index = location index).
    public var replenishment: [ReplenishmentKind]
    /// Stock control per (location, part): `stock[location * partCount + part]`.
    public var stock: [StockLevel]
    public var partCount: Int
    /// Sourcing steps after the serving location's shelf, in order; a backorder follows the last.
    public var expediting: [ExpediteStep]
    public var dispatch: DispatchRule
    public var preventive: [PreventiveRule]
    /// Where the policy was read from (the scenario or a policy file).
    public var file: String
    /// Critical levels at stock points, later entries overriding earlier ones (`rationing:`).
    public var rationing: [Rationing] = []
    /// A remote intervention tried before any part is sent (`remote_intervention:`); nil: none.
    public var remoteIntervention: RemoteIntervention?
    /// Who may spend what (`decision_rights:`); nil: every rule decides on its own, without limits.
    public var rights: DecisionRights?

    public func level(location: Int, part: Int) -> StockLevel { stock[location * partCount + part] }
}

/// The replenishment policy a location runs against its inventory position.
public enum ReplenishmentKind: String, CaseIterable, Sendable {
    /// One-for-one base stock (S-1, S).
    case baseStock = "base_stock"
    /// Order up to S when the position falls to s or below.
    case sS = "s_S"
    /// Order Q (repeatedly) when the position falls to R or below.
    case rQ = "R_Q"
    /// Order up to max when the position falls below min.
    case minMax = "min_max"
}

/// The numbers of one (location, part) stock control. Meaning follows the location's kind:
/// base stock S; (s, S); (R, Q); min/max. A location-part with nothing stocked is `.none`.
public enum StockLevel: Hashable, Sendable {
    case none
    case baseStock(level: Int)
    case sS(reorderPoint: Int, orderUpTo: Int)
    case rQ(reorderPoint: Int, quantity: Int)
    case minMax(min: Int, max: Int)

    /// The most stock the control ever asks to hold (inventory position ceiling), units.
    public var targetPosition: Int {
        switch self {
        case .none: 0
        case .baseStock(let s): s
        case .sS(_, let s): s
        case .rQ(let r, let q): r + q
        case .minMax(_, let m): m
        }
    }
}

/// Where to look for a part when the serving location's shelf is empty.
public struct ExpediteStep: Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        /// From another stocking location of the same echelon that has stock.
        case lateral
        /// From a higher echelon or a supplier, by a premium mode.
        case emergency
    }

    public var kind: Kind
    /// Candidate source locations, nearest first at load.
    public var sources: [Int]
    /// Lateral: only sources within this distance of the site, km; nil = any.
    public var maxDistance: Double?
    /// The mode to ship by; nil = the fastest lane.
    public var mode: Int?
    /// Contract tiers this step applies to; empty = all.
    public var tiers: Set<Int>
    /// Only when the expected penalty avoided exceeds the extra cost.
    public var onlyWhenPenaltyExceedsCost: Bool
    /// The role that decides the expedite (its lane's cost), when the policy has decision rights.
    public var authority: DecisionAuthority?
}

/// The order in which waiting incidents get technicians.
public enum DispatchPriority: String, CaseIterable, Sendable {
    /// Lower contract tier number first, then longest waiting.
    case tierThenWait = "tier_then_wait"
    /// Longest waiting first.
    case fifo
}

/// Dispatch rule of a policy.
public struct DispatchRule: Sendable {
    public var priority: DispatchPriority
}

/// Replace a wear-out part at a planned visit (in an off-peak `window`) once its age passes a
/// threshold, or once the risk that it fails before the end of the next peak window exceeds a
/// probability, whichever comes first.
public struct PreventiveRule: Sendable {
    public var part: Int
    /// Age at which the part is due for a swap, hours; +∞: no age trigger.
    public var age: Double
    /// Local window in which planned visits happen (off-peak).
    public var window: WeeklySchedule
    /// The risk trigger; nil: age only.
    public var risk: SwapRisk?
    /// The role that decides the swap (the part's value, delivery and technician hours).
    public var authority: DecisionAuthority?

    public init(part: Int, age: Double, window: WeeklySchedule, risk: SwapRisk? = nil, authority: DecisionAuthority? = nil) {
        self.part = part
        self.age = age
        self.window = window
        self.risk = risk
        self.authority = authority
    }
}

/// Swap at a window when P(the part fails before the end of the next peak window | it has survived
/// to its age) exceeds `probability`, by its life distribution (divided by the replication's
/// failure-rate multiplier).
public struct SwapRisk: Sendable {
    public var probability: Double
    /// The peak window (local at the site); nil: the site's contract's highest-weighted availability
    /// window, or, for a contract without weighted windows, until the next swap window opens.
    public var peak: WeeklySchedule?

    public init(probability: Double, peak: WeeklySchedule?) {
        self.probability = probability
        self.peak = peak
    }
}

/// Critical-level rationing: at the stock points of `locations` × `parts`, the last `keep` units on
/// the shelf are kept for incidents of contracts of tier `upToTier` or more critical (a lower number);
/// an incident of a less critical tier that finds no more than `keep` units goes on to the
/// expediting steps, or backorders. Laterals from a rationed shelf obey the same rule; replenishment
/// orders from downstream locations and backorders already waiting do not.
///
/// Reserved stock (`reserved:`) is the same rule kept for one contract instead of a tier: `keep`
/// units added to the stock point's level and kept for `contract`'s incidents, which may also use the
/// shared units above them.
public struct Rationing: Sendable, Equatable {
    public var locations: Set<Int>
    /// Nil: every part.
    public var parts: Set<Int>?
    public var keep: Int
    public var upToTier: Int
    /// Reserved stock: the contract the units are kept for (then `upToTier` is not used).
    public var contract: Int?

    public init(locations: Set<Int>, parts: Set<Int>?, keep: Int, upToTier: Int, contract: Int? = nil) {
        self.locations = locations
        self.parts = parts
        self.keep = keep
        self.upToTier = upToTier
        self.contract = contract
    }
}

/// A remote intervention as a decision: before a part is sourced, an expert tries to resolve the
/// incident remotely. The attempt takes a drawn `duration` and costs `cost`; with probability
/// `success` it restores the unit (no part, no visit), else the incident goes on to sourcing and
/// dispatch when the attempt ends. Beside the equipment's fixed `remote_fix` share, which resolves
/// incidents at triage whatever the policy.
public struct RemoteIntervention: Sendable {
    /// Contract tiers it is tried for (empty: every tier) and equipment types (nil: every type).
    public var tiers: Set<Int>
    public var equipment: Set<Int>?
    public var success: Double
    /// Hours the attempt takes.
    public var duration: Distribution
    /// The expert's cost per attempt, scenario currency.
    public var cost: Double
    /// Only when the expected saving (success × the physical fix's cost: the part's value or repair,
    /// its delivery and the technician's hours) exceeds the attempt's cost.
    public var onlyWhenSavingExceedsCost: Bool
    /// The role that decides the attempt (its cost).
    public var authority: DecisionAuthority?

    public init(tiers: Set<Int>, equipment: Set<Int>?, success: Double, duration: Distribution, cost: Double, onlyWhenSavingExceedsCost: Bool) {
        self.tiers = tiers
        self.equipment = equipment
        self.success = success
        self.duration = duration
        self.cost = cost
        self.onlyWhenSavingExceedsCost = onlyWhenSavingExceedsCost
    }
}
