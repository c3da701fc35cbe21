import SparesRandom
import SparesSim
import SparesStatistics

/// What an experiment found, computed from its replication rows sorted by (policy, replication), so
/// that any thread count or shard layout gives the same bytes: statistics per policy and metric,
/// paired differences against the baseline (common random numbers), SLA risk per contract and period,
/// the sites and parts behind the exposure, and the cost-versus-service trade-off.
public struct ExperimentSummary: Sendable, Codable, Equatable {
    public var policies: [PolicySummary]
    /// Paired differences of every other policy against `policies[0]`.
    public var comparisons: [Comparison]
    /// Each policy with decision rights against its unlimited twin (`RightsCost`).
    public var rightsCosts: [RightsCost] = []

    public struct PolicySummary: Sendable, Codable, Equatable {
        public var policy: String
        public var replications: Int
        public var metrics: [MetricSummary]
        public var risk: [RiskSummary]
        /// Every site's mean exposure per replication, in scenario order (for the report's map).
        public var siteExposure: [Double]
        /// Sites and parts with the highest mean exposure (penalties for parts) per replication.
        public var topSites: [Contributor]
        public var topParts: [Contributor]
        /// Control-tower signals: the sites with the most repeat failures, expedites and response
        /// breaches (chronic delays) per replication.
        public var repeatFailureSites: [Contributor]
        public var expediteSites: [Contributor]
        public var delaySites: [Contributor]
        /// Response times per contract, summed over replications.
        public var responseTimes: [ResponseDistribution]
        /// Incident demands and fills per stock point (location, part), summed over replications.
        public var stockPoints: [StockPointSummary]
        /// Not dominated by another policy on (total cost lower, SLA attainment higher).
        public var efficient: Bool
        /// The portfolio (every contract together, `contract` "portfolio"): per portfolio period (the
        /// longest contract period kind) and over the whole horizon (`period` "horizon"), against the
        /// scenario's `risk_thresholds`.
        public var portfolioRisk: [RiskSummary]
        /// The worst 5% of replications by portfolio exposure (`sla.exposure`, all contracts over the
        /// horizon) and what drives them.
        public var portfolioTail: TailSummary
        /// The contract P&Ls (per contract over the horizon and per period, per tier, the portfolio)
        /// and the decision-rights roles.
        public var pnl: [PnLSummary] = []
        public var roles: [RoleSummary] = []

        public func metric(_ name: String) -> MetricSummary? { metrics.first { $0.metric == name } }
    }

    public struct Contributor: Sendable, Codable, Equatable {
        public var id: String
        /// Mean per replication, scenario currency.
        public var meanExposure: Double
        /// Share of replications in which it had any signal.
        public var frequency: Double
        /// Mean breaches per replication.
        public var meanBreaches: Double
        /// Sites only: mean repeat failures and expedites per replication.
        public var meanRepeatFailures: Double
        public var meanExpedites: Double
    }

    /// One stock point over all replications: totals, and per replication means with 95% intervals.
    public struct StockPointSummary: Sendable, Codable, Equatable {
        public var location: String
        public var part: String
        /// Incident demands (this point as a site's first serving location) and replenishment orders
        /// from downstream locations, summed over replications.
        public var demands: Int64
        public var orderDemands: Int64
        /// Filled from the shelf at once, over incident demands and orders together; parts on site
        /// within the SLA window, over incident demands (1 without any).
        public var fillRate: Double
        public var fillWithinTarget: Double
        /// Per replication: demands (incidents and orders), fill from the shelf, fill within the SLA
        /// window (over the replications with such demands), units issued to expedites, average on
        /// hand, on order and backorders (units).
        public var demandsPerReplication: Estimate
        public var fill: Estimate?
        public var fillWithinSLA: Estimate?
        public var expediteIssues: Estimate
        public var onHand: Estimate
        public var onOrder: Estimate
        public var backorders: Estimate
    }

    /// A mean over replications with its t-based 95% interval (lower = upper = mean with one).
    public struct Estimate: Sendable, Codable, Equatable {
        public var mean: Double
        public var lower: Double
        public var upper: Double
        public var replications: Int
    }

    /// How long responses took under one contract: counts in half-hour bins from 0 (the last bin holds
    /// everything from 47.5 h), and the target for a 24x7 clock. Under a business-hours or
    /// next-business-day clock, whose due time is no fixed number of hours after logging, the bins
    /// count hours from the due time from `originHours` (−24, `ContractPeriodResult.dueRelativeOrigin`: the first bin holds everything earlier,
    /// the last everything from 23.5 h late), and the due time is at 0.
    public struct ResponseDistribution: Sendable, Codable, Equatable {
        public var contract: String
        public var targetHours: Double?
        public var binHours: Double
        public var counts: [Int64]
        public var originHours: Double?

        public init(contract: String, targetHours: Double?, binHours: Double, counts: [Int64], originHours: Double? = nil) {
            self.contract = contract
            self.targetHours = targetHours
            self.binHours = binHours
            self.counts = counts
            self.originHours = originHours
        }
    }

    /// SLA risk of one contract in one period under one policy.
    public struct RiskSummary: Sendable, Codable, Equatable {
        public var contract: String
        public var period: String
        /// Share of replications with any response or restore breach or any site below target (for a
        /// contract of more than a few sites nearly always 1: see the two below).
        public var probabilityOfBreach: Double
        /// Share of replications in which the period's response attainment, and its window-weighted
        /// availability over the contract's sites, fall below the contract's target (nil without one).
        public var probabilityMissAttainment: Double?
        public var probabilityMissAvailability: Double?
        public var meanExposure: Double
        /// Exposure quantiles (VaR95 and VaR99 below are its 95th and 99th).
        public var exposureP50: Double
        public var exposureP90: Double
        /// Probability that exposure (penalties plus credits after caps) exceeds each threshold.
        public var exceedance: [Exceedance]
        public var valueAtRisk95: Double
        public var valueAtRisk99: Double
        public var expectedShortfall95: Double
        public var expectedShortfall99: Double
        /// Each uncertain parameter's mean draw in the worst 5% of this period's replications against
        /// its mean over all (empty without risks).
        public var tailRisks: [TailRisk]
        /// The sites (exposure after caps) and parts (penalties after caps) of this period with the
        /// highest mean in its worst 5%: the sites' contributions to the expected shortfall. Each
        /// replication keeps its period's `SLALedger.topEntities` largest of each, so an entity
        /// outside them in some tail replication counts 0 there (empty for the portfolio rows).
        public var tailSites: [TailShare] = []
        public var tailParts: [TailShare] = []
        /// The portfolio rows: each contract's mean exposure in the worst 5% (they add up to the
        /// expected shortfall); empty for a contract's own rows.
        public var tailContracts: [TailShare] = []
    }

    /// An entity's mean amount per tail replication.
    public struct TailShare: Sendable, Codable, Equatable {
        public var id: String
        public var meanInTail: Double
    }

    /// How much more of an uncertain parameter the tail saw: its mean draw there and overall (for a
    /// surge or disruption, its mean occurrences in the measured span); for a surge or disruption also
    /// the share of replications in which it was active during the period (during the measured span,
    /// for the portfolio): "air-freight outage in 62% of the tail, 8% overall".
    public struct TailRisk: Sendable, Codable, Equatable {
        public var risk: String
        public var meanInTail: Double
        public var meanOverall: Double
        public var activeInTail: Double?
        public var activeOverall: Double?

        /// How many times more the tail saw of it than all replications did: the ratio of the active
        /// shares for a surge or disruption, of the mean draws otherwise (nil when the overall is 0).
        public var lift: Double? {
            if let a = activeInTail, let b = activeOverall { return b > 0 ? a / b : nil }
            return meanOverall > 0 ? meanInTail / meanOverall : nil
        }
    }

    /// An entity's share of the tail: its mean exposure (or penalties, for parts) per tail replication
    /// against its mean over all replications.
    public struct TailContributor: Sendable, Codable, Equatable {
        public var id: String
        public var meanInTail: Double
        public var meanOverall: Double
    }

    /// The worst replications by a metric and what drives them.
    public struct TailSummary: Sendable, Codable, Equatable {
        public var metric: String
        /// 0.95: the worst 5%.
        public var level: Double
        public var replications: Int
        /// The smallest value in the tail, and the tail's mean (expected shortfall).
        public var threshold: Double
        public var expectedShortfall: Double
        public var risks: [TailRisk]
        /// Contracts by exposure, highest in the tail first: their contributions to the expected
        /// shortfall (they add up to it).
        public var contracts: [TailContributor]
        /// Sites by capped exposure and parts by penalties after caps, highest in the tail first.
        public var sites: [TailContributor]
        public var parts: [TailContributor]
    }

    /// The names of the portfolio's risk rows: contract "portfolio", and period "horizon" for the
    /// whole measured span.
    public static let portfolio = "portfolio"
    public static let horizon = "horizon"

    /// The tail the risk figures attribute: the worst 5%.
    public static let tailLevel = 0.95

    public struct Exceedance: Sendable, Codable, Equatable {
        public var threshold: Double
        public var probability: Double
    }

    /// One policy against the baseline, metric by metric.
    public struct Comparison: Sendable, Codable, Equatable {
        public var policy: String
        public var baseline: String
        public var differences: [Difference]
    }

    /// Policy minus baseline, paired by replication: mean, 95% t-interval, and the verdict.
    public struct Difference: Sendable, Codable, Equatable {
        public var metric: String
        public var mean: Double
        public var lower: Double
        public var upper: Double
        /// `better`, `worse` (the interval excludes zero) or `same` (it does not).
        public var verdict: String
    }

    /// Summarises an accumulator's rows (any order: they are sorted by policy and replication first)
    /// with its totals per policy.
    public init(_ snapshot: ExperimentAccumulator.Snapshot, policies: [String], catalog: MetricCatalog,
                siteNames: [String], partNames: [String], locationNames: [String],
                targets: [[MetricCatalog.ContractTargets]?] = [], top: Int = 10) {
        let rows = snapshot.rows, sites = snapshot.sites, parts = snapshot.parts
        let sorted = rows.sorted { ($0.policy, $0.replication) < ($1.policy, $1.replication) }
        var byPolicy = [[ValueRow]](repeating: [], count: policies.count)
        for row in sorted { byPolicy[row.policy].append(row) }

        var summaries: [PolicySummary] = []
        let riskMetrics = catalog.risks
        for (p, name) in policies.enumerated() {
            let list = byPolicy[p]
            let metrics = catalog.metrics.indices.map { m in
                MetricSummary(metric: catalog.metrics[m].name, values: list.map { $0.values[m] })
            }
            let own = p < targets.count ? targets[p] : nil
            let risk = catalog.periodMetrics.enumerated().map { k, catalogued -> RiskSummary in
                // A variant that changes a contract's targets is measured against its own.
                var period = catalogued
                if let t = own?.first(where: { $0.contract == period.contract }) {
                    period.attainmentTarget = t.attainment
                    period.availabilityTarget = t.availability
                }
                var r = RiskSummary(list, contract: period.contract, period: period.period, exposure: period.exposure,
                                    breach: { $0.values[period.breach] > 0 }, thresholds: period.riskThresholds)
                    .with(miss: list, period: period, risks: riskMetrics)
                if p < snapshot.periodTails.count, k < snapshot.periodTails[p].count {
                    let kept = snapshot.periodTails[p][k].top(TailReservoir.tailCount(replications: list.count, level: Self.tailLevel))
                    r.tailSites = Self.shares(kept, \.sites, names: siteNames, top: top)
                    r.tailParts = Self.shares(kept, \.parts, names: partNames, top: top)
                }
                return r
            }
            // The portfolio per period and over the horizon, against the scenario's thresholds.
            let breachOf = Dictionary(uniqueKeysWithValues: catalog.periodMetrics.map { ($0.exposure, $0.breach) })
            let contractOf = Dictionary(uniqueKeysWithValues: catalog.periodMetrics.map { ($0.exposure, $0.contract) })
            let portfolioTail = Self.portfolioTail(list, p: p, snapshot: snapshot, catalog: catalog, risks: riskMetrics,
                                                   siteNames: siteNames, partNames: partNames, top: top)
            var portfolio = catalog.portfolioPeriods.map { period -> RiskSummary in
                var r = RiskSummary(list, contract: Self.portfolio, period: period.period, exposure: period.exposure,
                                    breach: { row in period.members.contains { row.values[breachOf[$0] ?? $0] > 0 } },
                                    thresholds: catalog.portfolioThresholds)
                r.tailRisks = Self.tailRisks(list, by: period.exposure, risks: riskMetrics, period: period.period)
                let worst = Self.tail(list, by: period.exposure)
                var byContract: [(id: String, metrics: [Int])] = []
                for m in period.members {
                    let id = contractOf[m] ?? "?"
                    if let k = byContract.firstIndex(where: { $0.id == id }) { byContract[k].metrics.append(m) } else { byContract.append((id, [m])) }
                }
                r.tailContracts = byContract.map { c in
                    TailShare(id: c.id, meanInTail: worst.reduce(0.0) { sum, row in sum + c.metrics.reduce(0.0) { $0 + row.values[$1] } } / Double(max(worst.count, 1)))
                }.sorted { $0.meanInTail > $1.meanInTail }
                return r
            }
            if let m = catalog.index(of: "sla.exposure") {
                var r = RiskSummary(list, contract: Self.portfolio, period: Self.horizon, exposure: m,
                                    breach: { row in catalog.periodMetrics.contains { row.values[$0.breach] > 0 } },
                                    thresholds: catalog.portfolioThresholds)
                // The horizon's tail is the portfolio tail: the same replications, the same contract shares.
                r.tailRisks = portfolioTail.risks
                r.tailContracts = portfolioTail.contracts.map { TailShare(id: $0.id, meanInTail: $0.meanInTail) }
                portfolio.append(r)
            }
            summaries.append(PolicySummary(
                policy: name, replications: list.count, metrics: metrics, risk: risk,
                siteExposure: siteNames.indices.map { Double(sites[p].totals[$0]?.cents ?? 0) / 100 / Double(max(list.count, 1)) },
                topSites: Self.contributors(sites[p], names: siteNames, replications: list.count, top: top) { $0.cents },
                topParts: Self.contributors(parts[p], names: partNames, replications: list.count, top: top) { $0.cents },
                repeatFailureSites: Self.contributors(sites[p], names: siteNames, replications: list.count, top: top) { $0.repeatFailures },
                expediteSites: Self.contributors(sites[p], names: siteNames, replications: list.count, top: top) { $0.expedites },
                delaySites: Self.contributors(sites[p], names: siteNames, replications: list.count, top: top) { $0.breaches },
                responseTimes: catalog.contracts.indices.map { c in
                    ResponseDistribution(contract: catalog.contracts[c],
                                         targetHours: catalog.responseFromDue?[c] == true ? nil : catalog.responseTargets[c], binHours: 0.5,
                                         counts: p < snapshot.responses.count ? snapshot.responses[p].bins[c] : [],
                                         originHours: catalog.responseFromDue?[c] == true ? ContractPeriodResult.dueRelativeOrigin : nil)
                },
                stockPoints: (p < snapshot.stock.count ? snapshot.stock[p].points : [:]).sorted { $0.key < $1.key }.map { index, total in
                    func estimate(_ q: StockTotals.Quantity) -> Estimate? {
                        Self.estimate(total.moments[q.rawValue], replications: q.zeroWhenAbsent ? list.count : nil, scale: q.scale)
                    }
                    let all = total.demands + total.orderDemands
                    return StockPointSummary(
                        location: locationNames[index / max(partNames.count, 1)], part: partNames[index % max(partNames.count, 1)],
                        demands: total.demands, orderDemands: total.orderDemands,
                        fillRate: all > 0 ? Double(total.shelfFills + total.orderShelfFills) / Double(all) : 1,
                        fillWithinTarget: total.demands > 0 ? Double(total.withinTarget) / Double(total.demands) : 1,
                        demandsPerReplication: estimate(.demands)!, fill: estimate(.fill), fillWithinSLA: estimate(.fillWithinSLA),
                        expediteIssues: estimate(.expedites)!, onHand: estimate(.onHand)!, onOrder: estimate(.onOrder)!,
                        backorders: estimate(.backorders)!)
                },
                efficient: true,
                portfolioRisk: portfolio,
                portfolioTail: portfolioTail,
                pnl: Self.pnl(list, catalog: catalog),
                roles: Self.roles(list, catalog: catalog)))
        }
        // Efficient frontier on (mean total cost, mean attainment).
        let cost = catalog.index(of: "cost.total")!
        let attainment = catalog.index(of: "service.attainment")!
        for i in summaries.indices {
            let ci = summaries[i].metrics[cost].mean, ai = summaries[i].metrics[attainment].mean
            summaries[i].efficient = !summaries.indices.contains { j in
                let cj = summaries[j].metrics[cost].mean, aj = summaries[j].metrics[attainment].mean
                return j != i && cj <= ci && aj >= ai && (cj < ci || aj > ai)
            }
        }
        self.policies = summaries

        var comparisons: [Comparison] = []
        if policies.count > 1 {
            let base = Dictionary(uniqueKeysWithValues: byPolicy[0].map { ($0.replication, $0.values) })
            for p in 1..<policies.count {
                let paired = byPolicy[p].compactMap { row in base[row.replication].map { (row.values, $0) } }
                let differences = catalog.metrics.indices.map { m in
                    Self.difference(paired.map { $0.0[m] - $0.1[m] }, metric: catalog.metrics[m].name, higherIsBetter: catalog.metrics[m].higherIsBetter)
                }
                comparisons.append(Comparison(policy: policies[p], baseline: policies[0], differences: differences))
            }
        }
        self.comparisons = comparisons
        rightsCosts = Self.rightsCosts(byPolicy, names: policies, catalog: catalog)
    }

    /// The mean of paired differences with its 95% t-interval, and the verdict by the metric's direction.
    static func difference(_ values: [Double], metric: String, higherIsBetter: Bool) -> Difference {
        let d = RunningStatistics(values)
        let ci = d.confidenceInterval(level: 0.95)
        let lower = d.count > 1 ? ci.lower : d.mean
        let upper = d.count > 1 ? ci.upper : d.mean
        var verdict = "same"
        if d.count > 1 && (lower > 0 || upper < 0) { verdict = (d.mean > 0) == higherIsBetter ? "better" : "worse" }
        return Difference(metric: metric, mean: d.mean, lower: lower, upper: upper, verdict: verdict)
    }

    /// The `top` entities by `key` of their exact totals (highest first, ties by index), with means per
    /// replication; entities whose key is zero are left out.
    static func contributors(_ totals: AttributionTotals, names: [String], replications: Int, top: Int,
                             by key: (AttributionTotals.Total) -> Int64) -> [Contributor] {
        let n = Double(max(replications, 1))
        return totals.totals.filter { key($0.value) > 0 }.sorted { (key($0.value), -$0.key) > (key($1.value), -$1.key) }.prefix(top)
            .map { index, total in
                Contributor(id: names[index], meanExposure: Double(total.cents) / 100 / n, frequency: Double(total.replications) / n,
                            meanBreaches: Double(total.breaches) / n, meanRepeatFailures: Double(total.repeatFailures) / n,
                            meanExpedites: Double(total.expedites) / n)
            }
    }
}
