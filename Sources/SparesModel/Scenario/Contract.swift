/// An outcome SLA contract: what the customer is promised, and what a miss costs.
public struct Contract: Sendable {
    public var id: String
    public var name: String
    /// 1 is the most critical tier; dispatch and expediting rules select by tier.
    public var tier: Int
    /// Fee per site per measurement period, scenario currency; credits are shares of it.
    public var fee: Double
    public var period: MeasurementPeriod
    /// Local business hours, for business-hours and next-business-day clocks.
    public var businessHours: WeeklySchedule
    /// Local dates that are not business days.
    public var holidays: Set<CivilDate>
    public var response: ResponseTerms?
    public var restore: RestoreTerms?
    public var availability: AvailabilityTerms?
    /// Most that penalties and credits together can cost per site and period, scenario currency; nil = none.
    public var cap: Double?
    /// Exposure thresholds (per contract and period, scenario currency) whose exceedance probability
    /// reports show, e.g. 250,000.
    public var riskThresholds: [Double]
    /// Gain-share terms: the provider's share of the cost to serve saved against a baseline; nil: none.
    public var gainshare: Gainshare? = nil
}

/// Gain-share (as in target-cost outcome contracts): the customer funds a baseline cost to serve
/// (`baseline` per site per period, pro-rated by coverage) and pays the provider `share` of what the
/// period's attributed cost to serve falls below it; with `painshare`, the provider also bears `share`
/// of an overrun. The result is the P&L's gain-share line, positive when the provider earns it.
public struct Gainshare: Sendable, Equatable {
    public var baseline: Double
    public var share: Double
    public var painshare: Bool

    public init(baseline: Double, share: Double, painshare: Bool) {
        self.baseline = baseline
        self.share = share
        self.painshare = painshare
    }

    /// The gain-share line for a period whose baseline is `baseline` and cost to serve `cost`.
    public func amount(baseline: Double, cost: Double) -> Double {
        let saved = baseline - cost
        return saved > 0 || painshare ? share * saved : 0
    }
}

/// The span over which availability and attainment are measured and credited.
public enum MeasurementPeriod: String, CaseIterable, Sendable {
    case month, quarter, year

    /// Months per period.
    public var months: Int {
        switch self {
        case .month: 1
        case .quarter: 3
        case .year: 12
        }
    }
}

/// How an SLA clock counts time from the moment an incident is logged.
public enum SLAClock: Hashable, Sendable {
    /// Elapsed hours, around the clock.
    case continuous(target: Double)
    /// Hours counted only inside the contract's business hours (and not on holidays).
    case businessHours(target: Double)
    /// Due by `due` (local hours) on the next business day; incidents logged after `cutoff` on a business
    /// day, or outside business days, count from the following business day.
    case nextBusinessDay(cutoff: Double, due: Double)
}

/// What the response target measures.
public enum ResponseMeasure: String, CaseIterable, Sendable {
    /// The part is at the site.
    case partsOnSite = "parts_on_site"
    /// A technician is at the site.
    case technicianOnSite = "technician_on_site"
}

/// The response or parts-on-site target.
public struct ResponseTerms: Sendable {
    public var measure: ResponseMeasure
    public var clock: SLAClock
    /// Share of incidents that must meet the target per period, if the contract has one.
    public var attainmentTarget: Double?
    /// Money per incident that misses the target.
    public var penaltyPerBreach: Double
    /// Money per hour (by the clock) beyond the target.
    public var penaltyPerLateHour: Double
}

/// The restore (fix) target.
public struct RestoreTerms: Sendable {
    public var clock: SLAClock
    public var penaltyPerBreach: Double
    public var penaltyPerLateHour: Double
}

/// Availability target, weighting, credits and bonus.
public struct AvailabilityTerms: Sendable {
    /// Availability promised per period (e.g. 0.9995).
    public var target: Double
    /// Downtime weights by local window; time outside every window has weight `defaultWeight`.
    public var weights: [WeightedWindow]
    public var defaultWeight: Double
    /// Credit tiers, highest threshold first: availability below `below` earns `share` of the fee.
    public var credits: [CreditTier]
    /// Bonus paid when availability is at or above `above`.
    public var bonus: Bonus?
}

/// A local time window whose downtime counts `weight` times.
public struct WeightedWindow: Sendable {
    public var window: WeeklySchedule
    public var weight: Double

    public init(window: WeeklySchedule, weight: Double) {
        self.window = window
        self.weight = weight
    }
}

/// Availability below `below` earns the customer `share` of the period fee.
public struct CreditTier: Sendable, Hashable {
    public var below: Double
    public var share: Double
}

/// Availability at or above `above` earns the provider `share` of the period fee.
public struct Bonus: Sendable, Hashable {
    public var above: Double
    public var share: Double
}
