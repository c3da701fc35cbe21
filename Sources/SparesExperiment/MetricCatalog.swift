import SparesModel
import SparesSim

/// The scalar metrics an experiment summarises, in a fixed order for a scenario: the headline
/// totals, then per contract, then per contract and period (for SLA risk). Names are stable keys of
/// `results.json`, the CSV columns and the database (`docs/results-schema.md`).
public struct MetricCatalog: Sendable, Equatable, Codable {
    public struct Metric: Sendable, Equatable, Codable {
        /// Stable key, e.g. `cost.total` or `contract.PLATINUM-4H.2027-Q2.exposure`.
        public var name: String
        /// `EUR`-style currency, `share` (0 to 1), `hours`, `count`.
        public var unit: String
        /// Whether a higher value is better (false for costs, waits and breaches).
        public var higherIsBetter: Bool
    }

    public private(set) var metrics: [Metric]
    /// Contract ids, in scenario order.
    public private(set) var contracts: [String]
    /// Per contract: the response target in hours for 24x7 and business-hours clocks (nil for
    /// next-business-day clocks and contracts without one), for response-time charts.
    public private(set) var responseTargets: [Double?]
    /// Per contract, whether its response clock is business hours or next business day, so that its
    /// response histogram counts hours from the due time (`ContractPeriodResult.dueRelativeOrigin`); nil when
    /// every contract runs around the clock.
    public private(set) var responseFromDue: [Bool]?
    /// Locations that are some site's first serving location (their fill rates are metrics), and
    /// technician pools (their utilisation is).
    public private(set) var servingLocations: [String]
    /// Per contract: its SLA targets, for verdicts on whether a policy meets them.
    public private(set) var contractTargets: [ContractTargets]

    public struct ContractTargets: Sendable, Codable, Equatable {
        public var contract: String
        public var tier: Int
        /// Share of responses within target required per period.
        public var attainment: Double?
        /// Availability required per period (weighted when the contract weights windows).
        public var availability: Double?
        public var responseHours: Double?
    }
    public private(set) var pools: [String]
    /// Finite repair shops (their utilisation, queue and time in shop are metrics); nil without any
    /// (and in results written before repair shops).
    public private(set) var shops: [String]?
    /// The portfolio's periods (of the longest contract period kind): each with its exposure metric
    /// and the contract-period exposures it sums; and the scenario's portfolio thresholds.
    public private(set) var portfolioPeriods: [PortfolioPeriod]
    public private(set) var portfolioThresholds: [Double]

    public struct PortfolioPeriod: Sendable, Equatable, Codable {
        public var period: String
        public var exposure: Int
        public var members: [Int]
    }

    /// Each reported risk's metrics, in scenario order (`docs/results-schema.md`).
    public private(set) var risks: [RiskMetrics]

    /// Where a risk's numbers are: its draw (or occurrences), and for a surge or disruption the hours
    /// it was active in all and per contract period (by label).
    public struct RiskMetrics: Sendable, Equatable, Codable {
        public var id: String
        public var value: Int
        public var hours: Int?
        public var periodHours: [PeriodHours]

        public struct PeriodHours: Sendable, Equatable, Codable {
            public var period: String
            public var metric: Int
        }

        /// The metric of the hours active in `period` (nil: the whole measured span).
        public func hoursMetric(in period: String?) -> Int? {
            guard let period else { return hours }
            return periodHours.first { $0.period == period }?.metric
        }
    }
    /// For each contract, each of its periods: the indices of its exposure and breach metrics.
    public private(set) var periodMetrics: [PeriodMetrics]

    public struct PeriodMetrics: Sendable, Equatable, Codable {
        public var contract: String
        public var period: String
        public var exposure: Int
        public var breach: Int
        /// The period's response attainment and (window-weighted) availability over the contract's sites,
        /// against the contract's targets, for the probability of missing each.
        public var attainment: Int
        public var availability: Int
        public var attainmentTarget: Double?
        public var availabilityTarget: Double?
        public var riskThresholds: [Double]
    }

    /// Where each P&L's numbers are (`ContractBooks`): per contract over the horizon and per period,
    /// per tier, and the portfolio; in that order.
    public private(set) var pnl: [PnLMetrics] = []

    public struct PnLMetrics: Sendable, Equatable, Codable {
        /// `contract`, `tier` or `portfolio`; the contract id or the tier number; the period label or
        /// `horizon`.
        public var scope: String
        public var id: String
        public var period: String
        public var revenue: Int
        public var costToServe: Int
        public var exposure: Int
        public var bonuses: Int
        public var gainshare: Int
        public var margin: Int
    }

    /// The roles of the scenario's policies' decision rights (by id, in order of first appearance),
    /// with their metrics; and which policy lifts which one's rights (`decision_rights: unlimited`).
    public private(set) var roles: [RoleMetrics] = []
    public private(set) var rightsPairs: [RightsPair] = []

    public struct RoleMetrics: Sendable, Equatable, Codable {
        public var role: String
        /// Decisions taken within its rights, escalated by it, approved by it, declined by it; its
        /// spend; its budget per period (0: none); its mean and largest spend over budget per period.
        public var decided: Int
        public var escalated: Int
        public var approved: Int
        public var declined: Int
        public var spend: Int
        public var budget: Int
        public var meanBudgetUse: Int
        public var peakBudgetUse: Int
    }

    public struct RightsPair: Sendable, Equatable, Codable {
        /// The policy with limits, and the one that extends it with `decision_rights: unlimited`.
        public var policy: String
        public var unlimited: String
    }

    /// The headline metrics `--precision` targets: total cost of service and SLA attainment.
    public static let headline = ["cost.total", "service.attainment"]

    /// The catalogue of `scenario`; with `variants` (the same scenario as what-if variants change it),
    /// the locations any of them serves first have fill-rate metrics too.
    public init(_ scenario: Scenario, variants: [Scenario] = []) {
        let money = scenario.metadata.currency
        var list: [Metric] = []
        func add(_ name: String, _ unit: String, _ higher: Bool) { list.append(Metric(name: name, unit: unit, higherIsBetter: higher)) }
        for part in ["total", "holding", "transport", "expedite", "repair", "purchases", "technician", "remote", "penalties", "credits"] {
            add("cost.\(part)", money, false)
        }
        add("cost.bonuses", money, true)
        add("sla.exposure", money, false)
        add("service.attainment", "share", true)
        add("service.availability", "share", true)
        add("service.weighted_availability", "share", true)
        add("service.fill_rate", "share", true)
        add("service.fill_within_sla", "share", true)
        add("inventory.investment", money, false)
        add("expedites.lateral", "count", false)
        add("expedites.emergency", "count", false)
        add("expedites.backorders", "count", false)
        add("technicians.utilisation", "share", false)
        add("technicians.mean_wait", "hours", false)
        add("incidents.failures", "count", false)
        add("incidents.mean_part_on_site", "hours", false)
        add("incidents.mean_restore", "hours", false)
        for contract in scenario.contracts {
            let c = "contract.\(contract.id)"
            add("\(c).attainment", "share", true)
            add("\(c).availability", "share", true)
            add("\(c).weighted_availability", "share", true)
            add("\(c).penalties", money, false)
            add("\(c).credits", money, false)
            add("\(c).exposure", money, false)
        }
        var serving: [String] = []
        for each in [scenario] + variants {
            for site in each.sites {
                if let first = site.serving.first, !serving.contains(each.locations[first].id) { serving.append(each.locations[first].id) }
            }
        }
        serving.sort()
        for id in serving { add("location.\(id).fill_rate", "share", true) }
        for pool in scenario.technicianPools { add("pool.\(pool.id).utilisation", "share", false) }
        for shop in scenario.repairShops {
            add("shop.\(shop.id).utilisation", "share", false)
            add("shop.\(shop.id).queue", "count", false)
            add("shop.\(shop.id).turnaround", "hours", false)
            add("shop.\(shop.id).turnaround_p90", "hours", false)
        }
        var periods: [PeriodMetrics] = []
        let end = scenario.metadata.warmUp + scenario.metadata.horizon
        for contract in scenario.contracts {
            let labels = MeasurementPeriods(kind: contract.period, start: scenario.metadata.start, from: scenario.metadata.warmUp, to: end).labels
            for label in labels {
                let c = "contract.\(contract.id).\(label)"
                add("\(c).exposure", money, false)
                add("\(c).breach", "share", false)
                add("\(c).attainment", "share", true)
                add("\(c).weighted_availability", "share", true)
                periods.append(PeriodMetrics(
                    contract: contract.id, period: label, exposure: list.count - 4, breach: list.count - 3,
                    attainment: list.count - 2, availability: list.count - 1, attainmentTarget: contract.response?.attainmentTarget,
                    availabilityTarget: contract.availability?.target, riskThresholds: contract.riskThresholds))
            }
        }
        // Each uncertain parameter's draw, so that exposure can be read against it.
        // The portfolio: every contract's exposure per period of the longest contract period kind
        // (a monthly contract's months add up into the quarters of a quarterly one).
        var portfolio: [PortfolioPeriod] = []
        if let kind = scenario.contracts.map(\.period).max(by: { $0.months < $1.months }) {
            let spans = MeasurementPeriods(kind: kind, start: scenario.metadata.start, from: scenario.metadata.warmUp, to: end)
            var members = [[Int]](repeating: [], count: spans.count)
            var k = 0
            for contract in scenario.contracts {
                let own = MeasurementPeriods(kind: contract.period, start: scenario.metadata.start, from: scenario.metadata.warmUp, to: end)
                for j in 0..<own.count {
                    let p = (0..<spans.count).last { spans.boundaries[$0] <= own.boundaries[j] } ?? 0
                    members[p].append(periods[k].exposure)
                    k += 1
                }
            }
            for p in 0..<spans.count {
                add("portfolio.\(spans.labels[p]).exposure", money, false)
                portfolio.append(PortfolioPeriod(period: spans.labels[p], exposure: list.count - 1, members: members[p]))
            }
        }
        portfolioPeriods = portfolio
        portfolioThresholds = scenario.metadata.riskThresholds

        // Surges and disruptions: occurrences, and hours active in all and per period.
        var riskList: [RiskMetrics] = []
        let riskPeriods = MeasurementPeriods.distinct(scenario).map(\.label)
        for risk in scenario.risks where risk.kind.reportsValue {
            if risk.kind.isOccurrence {
                add("risk.\(risk.id)", "count", false)
                add("risk.\(risk.id).hours", "hours", false)
                var entry = RiskMetrics(id: risk.id, value: list.count - 2, hours: list.count - 1, periodHours: [])
                for label in riskPeriods {
                    add("risk.\(risk.id).\(label).hours", "hours", false)
                    entry.periodHours.append(.init(period: label, metric: list.count - 1))
                }
                riskList.append(entry)
            } else {
                add("risk.\(risk.id)", "multiplier", false)
                riskList.append(RiskMetrics(id: risk.id, value: list.count - 1, hours: nil, periodHours: []))
            }
        }
        risks = riskList

        // Contract P&L: per contract over the horizon and per period, per tier, the portfolio.
        var pnlList: [PnLMetrics] = []
        for contract in scenario.contracts {
            let c = "contract.\(contract.id)"
            let exposure = list.firstIndex { $0.name == "\(c).exposure" }
            Self.appendPnL(&list, &pnlList, scope: "contract", id: contract.id, period: ExperimentSummary.horizon, prefix: c, money: money, exposure: exposure)
            for period in periods where period.contract == contract.id {
                Self.appendPnL(&list, &pnlList, scope: "contract", id: contract.id, period: period.period, prefix: "\(c).\(period.period)", money: money,
                          exposure: period.exposure)
            }
        }
        for tier in Set(scenario.contracts.map(\.tier)).sorted() {
            Self.appendPnL(&list, &pnlList, scope: "tier", id: String(tier), period: ExperimentSummary.horizon, prefix: "tier.\(tier)", money: money, exposure: nil)
        }
        Self.appendPnL(&list, &pnlList, scope: ExperimentSummary.portfolio, id: ExperimentSummary.portfolio, period: ExperimentSummary.horizon,
                  prefix: "pnl", money: money, exposure: list.firstIndex { $0.name == "sla.exposure" })
        pnl = pnlList

        // Decision rights: every role of any policy, by id.
        var roleList: [RoleMetrics] = []
        var pairs: [RightsPair] = []
        for each in [scenario] + variants {
            for policy in each.policies {
                if let rights = policy.rights, rights.unlimited, let lifted = rights.liftedFrom,
                   !pairs.contains(where: { $0.unlimited == policy.id }) {
                    pairs.append(RightsPair(policy: lifted, unlimited: policy.id))
                }
                for role in policy.rights?.roles ?? [] where !roleList.contains(where: { $0.role == role.id }) {
                    let r = "role.\(role.id)"
                    for key in ["decided", "escalated", "approved", "declined"] { add("\(r).\(key)", "count", key != "declined") }
                    add("\(r).spend", money, false)
                    add("\(r).budget", money, true)
                    add("\(r).mean_budget_use", "share", false)
                    add("\(r).peak_budget_use", "share", false)
                    let n = list.count
                    roleList.append(RoleMetrics(role: role.id, decided: n - 8, escalated: n - 7, approved: n - 6, declined: n - 5,
                                                spend: n - 4, budget: n - 3, meanBudgetUse: n - 2, peakBudgetUse: n - 1))
                }
            }
        }
        roles = roleList
        rightsPairs = pairs
        metrics = list
        periodMetrics = periods
        contracts = scenario.contracts.map(\.id)
        responseTargets = scenario.contracts.map { contract in
            switch contract.response?.clock {
            case .continuous(let target), .businessHours(let target): target
            default: nil
            }
        }
        servingLocations = serving
        let fromDue = scenario.contracts.map { contract -> Bool in
            switch contract.response?.clock {
            case .businessHours, .nextBusinessDay: true
            default: false
            }
        }
        responseFromDue = fromDue.contains(true) ? fromDue : nil
        contractTargets = Self.targets(of: scenario)
        pools = scenario.technicianPools.map(\.id)
        shops = scenario.repairShops.isEmpty ? nil : scenario.repairShops.map(\.id)
    }

    /// Each contract's SLA targets in `scenario`.
    public static func targets(of scenario: Scenario) -> [ContractTargets] {
        scenario.contracts.map { contract in
            let hours: Double? = switch contract.response?.clock {
            case .continuous(let target), .businessHours(let target): target
            default: nil
            }
            return ContractTargets(contract: contract.id, tier: contract.tier, attainment: contract.response?.attainmentTarget,
                                   availability: contract.availability?.target, responseHours: hours)
        }
    }

    public func index(of name: String) -> Int? { metrics.firstIndex { $0.name == name } }

    /// Adds one P&L's metrics under `prefix` (its exposure and bonuses too, where no metric has them).
    static func appendPnL(_ list: inout [Metric], _ pnl: inout [PnLMetrics], scope: String, id: String, period: String, prefix: String,
                          money: String, exposure: Int?) {
        func add(_ key: String, _ higher: Bool) -> Int {
            list.append(Metric(name: "\(prefix).\(key)", unit: money, higherIsBetter: higher))
            return list.count - 1
        }
        let revenue = add("revenue", true)
        let cost = add("cost_to_serve", false)
        let e = exposure ?? add("exposure", false)
        let b = add("bonuses", true)
        let g = add("gainshare", true)
        let m = add("margin", true)
        pnl.append(PnLMetrics(scope: scope, id: id, period: period, revenue: revenue, costToServe: cost, exposure: e, bonuses: b,
                              gainshare: g, margin: m))
    }

    /// Per contract, the half-hour bins of its response histogram.
    public var responseBins: [Int] { contracts.indices.map(responseBins) }

    /// Half-hour bins of contract `c`'s response histogram (`ContractPeriodResult`).
    public func responseBins(_ c: Int) -> Int {
        responseFromDue?[c] == true ? ContractPeriodResult.dueRelativeBins : ContractPeriodResult.elapsedBins
    }

    /// The metric values of one replication, in catalogue order.
    public func values(_ r: ReplicationResult) -> [Double] {
        var v: [Double] = []
        v.reserveCapacity(metrics.count)
        let c = r.costs
        v += [c.total, c.holding, c.transport, c.expedite, c.repair, c.purchases, c.technician, c.remote, c.penalties, c.credits, c.bonuses]
        v.append(r.contracts.reduce(0.0) { $0 + $1.exposure })
        v.append(Self.attainment(r.contracts))
        v.append(Self.availability(r.contracts))
        v.append(Self.weightedAvailability(r.contracts))
        v.append(Self.fill(r.stock, \.fillRate))
        v.append(Self.fill(r.stock, \.fillWithinTarget))
        v.append(r.stock.reduce(0.0) { $0 + $1.averageOnHandValue })
        v.append(Double(r.expedites.laterals))
        v.append(Double(r.expedites.emergencies))
        v.append(Double(r.expedites.backorders))
        let busy = r.technicians.reduce(0.0) { $0 + $1.busyHours }
        let shift = r.technicians.reduce(0.0) { $0 + $1.shiftHours }
        let jobs = r.technicians.reduce(0) { $0 + $1.jobs }
        v.append(shift > 0 ? busy / shift : 0)
        v.append(jobs > 0 ? r.technicians.reduce(0.0) { $0 + $1.meanWait * Double($1.jobs) } / Double(jobs) : 0)
        v.append(Double(r.incidents.failures))
        v.append(r.incidents.meanPartOnSite)
        v.append(r.incidents.meanRestore)
        for id in contracts {
            let rows = r.contracts.filter { $0.contract == id }
            v.append(Self.attainment(rows))
            v.append(Self.availability(rows))
            v.append(Self.weightedAvailability(rows))
            v.append(rows.reduce(0.0) { $0 + $1.penalties })
            v.append(rows.reduce(0.0) { $0 + $1.credits })
            v.append(rows.reduce(0.0) { $0 + $1.exposure })
        }
        for id in servingLocations {
            v.append(Self.fill(r.stock.filter { $0.location == id }, \.fillRate))
        }
        for id in pools {
            v.append(r.technicians.first { $0.pool == id }?.utilisation ?? 0)
        }
        for id in shops ?? [] {
            let shop = r.shops?.first { $0.shop == id }
            v += [shop?.utilisation ?? 0, shop?.meanQueue ?? 0, shop?.meanTurnaround ?? 0, shop?.p90Turnaround ?? 0]
        }
        for row in r.contracts {
            v.append(row.exposure)
            v.append(row.responsesMet < row.responses || row.restoresMet < row.restores || row.sitesBelowTarget > 0 ? 1 : 0)
            v.append(row.attainment)
            v.append(row.weightedAvailability)
        }
        for period in portfolioPeriods { v.append(period.members.reduce(0.0) { $0 + v[$1] }) }
        for risk in r.risks ?? [] {
            v.append(risk.value)
            if let hours = risk.hours { v.append(hours) }
            for period in risk.periods ?? [] { v.append(period.hours) }
        }
        appendPnLValues(r, to: &v)
        appendRoleValues(r, to: &v)
        precondition(v.count == metrics.count, "the replication's contracts and periods differ from the catalogue's")
        return v
    }

    /// The P&L metrics of one replication, in `pnl` order.
    func appendPnLValues(_ r: ReplicationResult, to v: inout [Double]) {
        let tierOf = Dictionary(contractTargets.map { ($0.contract, $0.tier) }, uniquingKeysWith: { a, _ in a })
        for entry in pnl {
            let rows: [ContractPeriodResult] = switch entry.scope {
            case "contract": r.contracts.filter { $0.contract == entry.id && (entry.period == ExperimentSummary.horizon || $0.period == entry.period) }
            case "tier": r.contracts.filter { tierOf[$0.contract].map(String.init) == entry.id }
            default: r.contracts
            }
            func sum(_ key: KeyPath<ContractPeriodResult, Double>) -> Double { rows.reduce(0.0) { $0 + $1[keyPath: key] } }
            v.append(sum(\.revenue))
            v.append(sum(\.costToServe))
            if entry.exposure == entry.costToServe + 1 { v.append(sum(\.exposure)) }
            v.append(sum(\.bonuses))
            v.append(sum(\.gainshare))
            v.append(sum(\.margin))
        }
    }

    /// The decision-rights metrics of one replication, in `roles` order (zeros for a role the
    /// replication's policy does not have).
    func appendRoleValues(_ r: ReplicationResult, to v: inout [Double]) {
        for role in roles {
            guard let result = r.roles?.first(where: { $0.role == role.role }) else {
                v += [Double](repeating: 0, count: 8)
                continue
            }
            v.append(Double(result.decided.reduce(0, +)))
            v.append(Double(result.escalated.reduce(0, +)))
            v.append(Double(result.approved.reduce(0, +)))
            v.append(Double(result.declined.reduce(0, +)))
            v.append(result.spend)
            v.append(result.budget ?? 0)
            let uses = result.periods.compactMap { p -> Double? in
                guard p.contract == nil, let budget = p.budget, budget > 0 else { return nil }
                return p.spend / budget
            }
            v.append(uses.isEmpty ? 0 : uses.reduce(0, +) / Double(uses.count))
            v.append(uses.max() ?? 0)
        }
    }

    /// Share of responses within target over contract-period rows (1 when there were none).
    static func attainment(_ rows: [ContractPeriodResult]) -> Double {
        let responses = rows.reduce(0) { $0 + $1.responses }
        let met = rows.reduce(0) { $0 + $1.responsesMet }
        return responses > 0 ? Double(met) / Double(responses) : 1
    }

    /// 1 − downtime / unit-hours over contract-period rows.
    static func availability(_ rows: [ContractPeriodResult]) -> Double {
        let unitHours = rows.reduce(0.0) { $0 + $1.unitHours }
        let down = rows.reduce(0.0) { $0 + $1.downtimeHours }
        return unitHours > 0 ? 1 - down / unitHours : 1
    }

    /// A stock-point share (fill from shelf, within SLA) weighted by incident demands (1 without demand).
    static func fill(_ points: [StockPointResult], _ share: KeyPath<StockPointResult, Double>) -> Double {
        let demands = points.reduce(0) { $0 + $1.demands }
        return demands > 0 ? points.reduce(0.0) { $0 + $1[keyPath: share] * Double($1.demands) } / Double(demands) : 1
    }

    /// Window-weighted availability over contract-period rows: 1 − weighted downtime / weighted unit-hours.
    static func weightedAvailability(_ rows: [ContractPeriodResult]) -> Double {
        let hours = rows.reduce(0.0) { $0 + $1.weightedUnitHours }
        guard hours > 0 else { return 1 }
        return 1 - rows.reduce(0.0) { $0 + $1.weightedDowntimeHours } / hours
    }
}
