import SparesStatistics

/// What an experiment found, computed from its replication rows sorted by (policy, replication), so
/// that any thread count or shard layout gives the same bytes: statistics per policy and metric,
/// paired differences against the baseline (common random numbers), SLA risk per contract and period,
/// the sites and parts behind the exposure, and the cost-versus-service trade-off.
public struct ExperimentSummary: Sendable, Codable, Equatable {
    public var policies: [PolicySummary]
    /// Paired differences of every other policy against `policies[0]`.
    public var comparisons: [Comparison]

    public struct PolicySummary: Sendable, Codable, Equatable {
        public var policy: String
        public var replications: Int
        public var metrics: [MetricSummary]
        public var risk: [RiskSummary]
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

    /// Fill from one stock point over all replications.
    public struct StockPointSummary: Sendable, Codable, Equatable {
        public var location: String
        public var part: String
        public var demands: Int64
        /// Filled from the shelf at once, and parts on site within the SLA window, as shares of demands.
        public var fillRate: Double
        public var fillWithinTarget: Double
    }

    /// How long responses took under one contract: counts in half-hour bins from 0 (the last bin holds
    /// everything from 47.5 h), and the target for 24x7 and business-hours clocks.
    public struct ResponseDistribution: Sendable, Codable, Equatable {
        public var contract: String
        public var targetHours: Double?
        public var binHours: Double
        public var counts: [Int64]
    }

    /// SLA risk of one contract in one period under one policy.
    public struct RiskSummary: Sendable, Codable, Equatable {
        public var contract: String
        public var period: String
        /// Share of replications with any response or restore breach or any site below target.
        public var probabilityOfBreach: Double
        public var meanExposure: Double
        /// Probability that exposure (penalties plus credits after caps) exceeds each threshold.
        public var exceedance: [Exceedance]
        public var valueAtRisk95: Double
        public var valueAtRisk99: Double
        public var expectedShortfall95: Double
        public var expectedShortfall99: Double
    }

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
                siteNames: [String], partNames: [String], locationNames: [String], top: Int = 10) {
        let rows = snapshot.rows, sites = snapshot.sites, parts = snapshot.parts
        let sorted = rows.sorted { ($0.policy, $0.replication) < ($1.policy, $1.replication) }
        var byPolicy = [[ValueRow]](repeating: [], count: policies.count)
        for row in sorted { byPolicy[row.policy].append(row) }

        var summaries: [PolicySummary] = []
        for (p, name) in policies.enumerated() {
            let list = byPolicy[p]
            let metrics = catalog.metrics.indices.map { m in
                MetricSummary(metric: catalog.metrics[m].name, values: list.map { $0.values[m] })
            }
            let risk = catalog.periodMetrics.map { period -> RiskSummary in
                let exposure = list.map { $0.values[period.exposure] }.sorted()
                let breaches = list.reduce(0.0) { $0 + $1.values[period.breach] }
                let n = Double(max(list.count, 1))
                return RiskSummary(
                    contract: period.contract, period: period.period, probabilityOfBreach: breaches / n,
                    meanExposure: exposure.reduce(0, +) / n,
                    exceedance: period.riskThresholds.map { t in
                        Exceedance(threshold: t, probability: Double(exposure.filter { $0 > t }.count) / n)
                    },
                    valueAtRisk95: Quantile.of(exposure, 0.95), valueAtRisk99: Quantile.of(exposure, 0.99),
                    expectedShortfall95: Quantile.expectedShortfall(exposure, 0.95),
                    expectedShortfall99: Quantile.expectedShortfall(exposure, 0.99))
            }
            summaries.append(PolicySummary(
                policy: name, replications: list.count, metrics: metrics, risk: risk,
                topSites: Self.contributors(sites[p], names: siteNames, replications: list.count, top: top) { $0.cents },
                topParts: Self.contributors(parts[p], names: partNames, replications: list.count, top: top) { $0.cents },
                repeatFailureSites: Self.contributors(sites[p], names: siteNames, replications: list.count, top: top) { $0.repeatFailures },
                expediteSites: Self.contributors(sites[p], names: siteNames, replications: list.count, top: top) { $0.expedites },
                delaySites: Self.contributors(sites[p], names: siteNames, replications: list.count, top: top) { $0.breaches },
                responseTimes: catalog.contracts.indices.map { c in
                    ResponseDistribution(contract: catalog.contracts[c], targetHours: catalog.responseTargets[c], binHours: 0.5,
                                         counts: p < snapshot.responses.count ? snapshot.responses[p].bins[c] : [])
                },
                stockPoints: (p < snapshot.stock.count ? snapshot.stock[p].points : [:]).sorted { $0.key < $1.key }.map { index, total in
                    StockPointSummary(
                        location: locationNames[index / max(partNames.count, 1)], part: partNames[index % max(partNames.count, 1)],
                        demands: total.demands, fillRate: Double(total.shelfFills) / Double(max(total.demands, 1)),
                        fillWithinTarget: Double(total.withinTarget) / Double(max(total.demands, 1)))
                },
                efficient: true))
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
                let differences = catalog.metrics.indices.map { m -> Difference in
                    let d = RunningStatistics(paired.map { $0.0[m] - $0.1[m] })
                    let ci = d.confidenceInterval(level: 0.95)
                    let lower = d.count > 1 ? ci.lower : d.mean
                    let upper = d.count > 1 ? ci.upper : d.mean
                    var verdict = "same"
                    if d.count > 1 && (lower > 0 || upper < 0) {
                        verdict = (d.mean > 0) == catalog.metrics[m].higherIsBetter ? "better" : "worse"
                    }
                    return Difference(metric: catalog.metrics[m].name, mean: d.mean, lower: lower, upper: upper, verdict: verdict)
                }
                comparisons.append(Comparison(policy: policies[p], baseline: policies[0], differences: differences))
            }
        }
        self.comparisons = comparisons
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
