/// Everything one replication measured, after the warm-up: a compact value (no trace), Codable so
/// that experiments can store and merge it. Money is in the scenario currency, times in hours.
public struct ReplicationResult: Sendable, Codable, Equatable {
    public var scenario: String
    public var policy: String
    public var seed: UInt64
    public var replication: UInt64
    /// Measured span (the horizon), hours, and events the kernel handled (warm-up included).
    public var measuredHours: Double
    public var events: Int
    public var incidents: IncidentTotals
    public var contracts: [ContractPeriodResult]
    public var stock: [StockPointResult]
    public var modes: [ModeResult]
    public var expedites: ExpediteTotals
    public var technicians: [TechnicianPoolResult]
    public var costs: CostBreakdown
    public var sites: [SiteSignals]
    /// Parts whose incidents were charged penalties, with the amounts before and after caps.
    public var parts: [PartSignals]
    /// Per part: where every unit is at the end; `balance` is zero when no part was created or lost.
    public var census: [PartCensus]
    /// The uncertain parameters' draws in this replication, in scenario order (nil without risks).
    public var risks: [RiskValue]?
    /// What each role of the policy's decision rights decided and spent (nil without decision rights).
    public var roles: [RoleResult]? = nil
    /// Each finite repair shop's load (nil without repair shops).
    public var shops: [RepairShopResult]? = nil
}

/// One finite repair shop over the measured span (`RepairShop`): utilisation of its servers' shift
/// hours, the mean number of units waiting (not in service) and the time in the shop (arrival to
/// repaired: waiting, service and any pause outside shifts) of the units that arrived in the span.
public struct RepairShopResult: Sendable, Codable, Equatable {
    public var shop: String
    public var arrivals: Int
    public var repaired: Int
    /// Busy server-hours over servers × shift hours.
    public var utilisation: Double
    public var busyHours: Double
    public var shiftHours: Double
    /// Time-average of units waiting for a server.
    public var meanQueue: Double
    /// Time in the shop, hours: mean, 90th percentile and maximum (0 when none was repaired).
    public var meanTurnaround: Double
    public var p90Turnaround: Double
    public var maxTurnaround: Double
}

/// One role's decisions in one replication (`DecisionRights`): counts per decision kind (expedite,
/// preventive, remote, in `DecisionKind` order) in the measured span, its spend there, and every
/// budget period's spend against its budget (the period's whole spend, warm-up part included).
public struct RoleResult: Sendable, Codable, Equatable {
    public var role: String
    /// Taken within its own rights; sent up to another role; approved after another role escalated
    /// them; declined (above its rights with nowhere to escalate, or above them when asked to approve).
    public var decided: [Int]
    public var escalated: [Int]
    public var approved: [Int]
    public var declined: [Int]
    public var spend: Double
    /// Budget per period (nil: none, or the policy's rights are unlimited) and its period kind.
    public var budget: Double?
    public var budgetPeriod: String
    public var periods: [BudgetPeriodSpend]
}

/// A budget period's spend against its budget: the role's own (`contract` nil), or its budget for
/// one contract's decisions.
public struct BudgetPeriodSpend: Sendable, Codable, Equatable {
    public var period: String
    public var contract: String?
    public var spend: Double
    public var budget: Double?
}

/// One uncertain parameter's multiplier as drawn in one replication.
public struct RiskValue: Sendable, Codable, Equatable {
    public var id: String
    /// The multiplier drawn; for a surge or disruption, its occurrences starting in the measured span.
    public var value: Double
    /// For a surge or disruption: measured hours covered by at least one occurrence, in all and per
    /// period of the contracts (`MeasurementPeriods.distinct`).
    public var hours: Double?
    public var periods: [PeriodHours]?

    public init(id: String, value: Double, hours: Double? = nil, periods: [PeriodHours]? = nil) {
        self.id = id
        self.value = value
        self.hours = hours
        self.periods = periods
    }
}

/// Hours of a period (`2027-Q3`) in which a surge or disruption was active.
public struct PeriodHours: Sendable, Codable, Equatable {
    public var period: String
    public var hours: Double
}

/// Incident counts and times over the measured span.
public struct IncidentTotals: Sendable, Codable, Equatable {
    public var failures: Int = 0
    public var remoteFixes: Int = 0
    public var noFaultFound: Int = 0
    public var preventiveSwaps: Int = 0
    /// Remote interventions tried (`RemoteIntervention`), and those that resolved the incident.
    public var remoteAttempts: Int = 0
    public var remoteResolved: Int = 0
    /// Incidents still open when the run ended.
    public var openAtEnd: Int = 0
    /// Mean hours from failure to part on site, and to restore (closed incidents that needed a part).
    public var meanPartOnSite: Double = 0
    public var meanRestore: Double = 0
    public var partOnSiteCount: Int = 0
    public var restoreCount: Int = 0
}

/// One contract in one measurement period.
public struct ContractPeriodResult: Sendable, Codable, Equatable {
    public var contract: String
    public var period: String
    /// Share of the calendar period inside the measured span (fees, credits, bonuses and caps are
    /// pro-rated by it).
    public var coverage: Double
    public var sites: Int
    public var incidents: Int = 0
    /// Incidents with a response measurement, and those within target.
    public var responses: Int = 0
    public var responsesMet: Int = 0
    public var restores: Int = 0
    public var restoresMet: Int = 0
    /// responsesMet / responses (1 when there were none).
    public var attainment: Double = 1
    public var attainmentTarget: Double?
    public var unitHours: Double = 0
    public var downtimeHours: Double = 0
    /// Unit-hours and downtime weighted by the contract's windows (weighted availability = 1 − ratio).
    public var weightedUnitHours: Double = 0
    public var weightedDowntimeHours: Double = 0
    public var availability: Double = 1
    public var weightedAvailability: Double = 1
    public var penalties: Double = 0
    public var credits: Double = 0
    public var bonuses: Double = 0
    /// Penalties plus credits after the per-site cap.
    public var exposure: Double = 0
    /// Sites whose (weighted) availability fell below the target.
    public var sitesBelowTarget: Int = 0
    /// Hours from logging to the response event, in half-hour bins from 0 (the last bin holds
    /// everything from 47.5 h on): the response-time distribution reports draw against the target.
    /// Under a business-hours or next-business-day clock, hours from the due time instead, from
    /// `dueRelativeOrigin` on.
    public var responseHistogram: [Int] = []
    /// Under a business-hours or next-business-day clock the due time is not a fixed number of hours
    /// after logging (a Friday-evening failure under next business day is due Tuesday), so the
    /// histogram counts hours from the due time instead, in `dueRelativeBins` half-hour bins from 96 h
    /// early (the first bin holds everything earlier) to 48 h late (the last, everything later).
    public static let dueRelativeOrigin = -96.0
    public static let dueRelativeBins = 288
    /// Half-hour bins of a 24x7 clock's histogram, from 0 to 48 h (the last holds everything later).
    public static let elapsedBins = 96
    /// The sites with the largest exposure after caps in this period, and the parts with the largest
    /// penalties after caps, at most `SLALedger.topEntities` each, largest first: what makes up
    /// the period's tail.
    public var topSites: [EntityAmount] = []
    public var topParts: [EntityAmount] = []
    /// The period's P&L (`ContractBooks`): fee revenue (fee × sites × coverage), the cost to serve
    /// attributed to the contract by line and in all, gain-share, and
    /// margin = revenue − cost to serve − exposure + bonuses + gain-share.
    public var revenue: Double = 0
    public var serveCost = ServeCost()
    public var costToServe: Double = 0
    public var gainshare: Double = 0
    public var margin: Double = 0
}

/// An entity's money in a period: a site's exposure, a part's penalties.
public struct EntityAmount: Sendable, Codable, Equatable {
    public var id: String
    public var amount: Double
}

/// One part at one location.
public struct StockPointResult: Sendable, Codable, Equatable {
    public var location: String
    public var part: String
    /// Stock the policy asks for (order-up-to level), units.
    public var target: Int
    public var demands: Int
    /// Share of incident demands filled from this shelf at once, and within the SLA window.
    public var fillRate: Double
    public var fillWithinTarget: Double
    public var orderDemands: Int
    public var orderFillRate: Double
    public var expediteIssues: Int
    public var backordered: Int
    public var averageBackorders: Double
    public var meanBackorderWait: Double
    public var averageOnHand: Double
    public var averageOnOrder: Double
    /// Average on hand times unit cost: the inventory investment, scenario currency.
    public var averageOnHandValue: Double
    public var holdingCost: Double
    /// Inventory position (on hand + on order − backorders) at the end: equal to the level for base
    /// stock, within the control's band otherwise; anything else means units were booked wrongly.
    public var endPosition: Int
}

public struct ModeResult: Sendable, Codable, Equatable {
    public var mode: String
    public var shipments: Int = 0
    public var cost: Double = 0
}

public struct ExpediteTotals: Sendable, Codable, Equatable {
    public var laterals: Int = 0
    public var lateralCost: Double = 0
    public var emergencies: Int = 0
    public var emergencyCost: Double = 0
    /// Expedites a step allowed but skipped because the penalty they would avoid was below their cost.
    public var declinedByCost: Int = 0
    public var backorders: Int = 0
    /// Shelves passed over because they were at a critical level kept for more critical tiers.
    public var rationed: Int = 0
}

public struct TechnicianPoolResult: Sendable, Codable, Equatable {
    public var pool: String
    public var jobs: Int = 0
    /// Hours technicians were on jobs (travel, waiting on site, repair) and on shift.
    public var busyHours: Double = 0
    public var shiftHours: Double = 0
    public var utilisation: Double = 0
    /// Hours from request to dispatch.
    public var meanWait: Double = 0
    public var maxWait: Double = 0
    public var waited: Int = 0
}

/// Total cost of service over the measured span.
public struct CostBreakdown: Sendable, Codable, Equatable {
    public var holding: Double = 0
    /// Regular shipments: deliveries from serving shelves, replenishment, returns.
    public var transport: Double = 0
    /// Lateral and emergency shipments.
    public var expedite: Double = 0
    public var repair: Double = 0
    /// New parts bought (replenishment and condemnation replacements).
    public var purchases: Double = 0
    public var technician: Double = 0
    /// Remote interventions: the experts' cost of every attempt.
    public var remote: Double = 0
    public var penalties: Double = 0
    public var credits: Double = 0
    public var bonuses: Double = 0
    /// Everything above, with bonuses subtracted and penalties/credits after caps.
    public var total: Double = 0
}

/// What an account team follows up per site.
public struct SiteSignals: Sendable, Codable, Equatable {
    public var site: String
    public var incidents: Int = 0
    /// Failures of a unit within 30 days of its previous restore.
    public var repeatFailures: Int = 0
    public var expedites: Int = 0
    public var responseBreaches: Int = 0
    public var downtimeHours: Double = 0
    /// Penalties plus credits after caps, all periods.
    public var exposure: Double = 0
}

/// SLA penalties charged for one part's incidents.
public struct PartSignals: Sendable, Codable, Equatable {
    public var part: String
    /// Response and restore breaches of its incidents.
    public var breaches: Int
    /// Penalties of those breaches, before per-site caps, and after them (in each site and period the
    /// share of its capped exposure: penalties and credits scaled alike by what the cap left).
    public var penalties: Double
    public var penaltiesAfterCaps: Double
}

/// Where the units of one part are at the end of a replication.
public struct PartCensus: Sendable, Codable, Equatable {
    public var part: String
    /// Units that entered: initial stock, installed instances, purchases received.
    public var created: Int
    /// Consumed consumables and condemned repairables.
    public var scrapped: Int
    public var onHand: Int
    public var inTransit: Int
    public var atSite: Int
    public var installed: Int
    public var inRepair: Int
    /// For a sub-module: units fitted into modules under repair less units taken out of them since
    /// the start (−1 for each module waiting for one); nil for a part that is no sub-module.
    public var inModules: Int? = nil

    /// created − scrapped − (every place a unit can be): zero when nothing was created or lost.
    public var balance: Int { created - scrapped - onHand - inTransit - atSite - installed - inRepair - (inModules ?? 0) }
}
