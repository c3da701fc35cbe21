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
        /// The worst 5% of replications by portfolio exposure (`sla.exposure`, all contracts over the
        /// horizon) and what drives them.
        public var portfolioTail: TailSummary

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
    }

    /// How much more of an uncertain parameter the tail saw: its mean draw there and overall.
    public struct TailRisk: Sendable, Codable, Equatable {
        public var risk: String
        public var meanInTail: Double
        public var meanOverall: Double
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
        /// Sites by capped exposure and parts by penalties (before caps), highest in the tail first.
        public var sites: [TailContributor]
        public var parts: [TailContributor]
    }

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
                siteNames: [String], partNames: [String], locationNames: [String], top: Int = 10) {
        let rows = snapshot.rows, sites = snapshot.sites, parts = snapshot.parts
        let sorted = rows.sorted { ($0.policy, $0.replication) < ($1.policy, $1.replication) }
        var byPolicy = [[ValueRow]](repeating: [], count: policies.count)
        for row in sorted { byPolicy[row.policy].append(row) }

        var summaries: [PolicySummary] = []
        let riskMetrics = catalog.metrics.indices.filter { catalog.metrics[$0].name.hasPrefix("risk.") }
            .map { (index: $0, id: String(catalog.metrics[$0].name.dropFirst(5))) }
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
                    probabilityMissAttainment: nil, probabilityMissAvailability: nil,
                    meanExposure: exposure.reduce(0, +) / n,
                    exposureP50: Quantile.of(exposure, 0.5), exposureP90: Quantile.of(exposure, 0.9),
                    exceedance: period.riskThresholds.map { t in
                        Exceedance(threshold: t, probability: Double(exposure.filter { $0 > t }.count) / n)
                    },
                    valueAtRisk95: Quantile.of(exposure, 0.95), valueAtRisk99: Quantile.of(exposure, 0.99),
                    expectedShortfall95: Quantile.expectedShortfall(exposure, 0.95),
                    expectedShortfall99: Quantile.expectedShortfall(exposure, 0.99), tailRisks: [])
                    .with(miss: list, period: period, risks: riskMetrics)
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
                efficient: true,
                portfolioTail: Self.portfolioTail(list, p: p, snapshot: snapshot, catalog: catalog, risks: riskMetrics,
                                                  siteNames: siteNames, partNames: partNames, top: top)))
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

extension ExperimentSummary.RiskSummary {
    /// This summary with the probabilities of missing the period's targets and its tail's risk draws.
    func with(miss list: [ValueRow], period: MetricCatalog.PeriodMetrics, risks: [(index: Int, id: String)]) -> Self {
        var copy = self
        let n = Double(max(list.count, 1))
        if let target = period.attainmentTarget {
            copy.probabilityMissAttainment = Double(list.filter { $0.values[period.attainment] < target }.count) / n
        }
        if let target = period.availabilityTarget {
            copy.probabilityMissAvailability = Double(list.filter { $0.values[period.availability] < target }.count) / n
        }
        copy.tailRisks = ExperimentSummary.tailRisks(list, by: period.exposure, risks: risks)
        return copy
    }
}

extension ExperimentSummary {
    /// The rows of the worst 5% by metric `m`: highest values first, ties to the lower replication.
    static func tail(_ list: [ValueRow], by m: Int) -> ArraySlice<ValueRow> {
        let count = TailReservoir.tailCount(replications: list.count, level: tailLevel)
        return list.sorted { $0.values[m] != $1.values[m] ? $0.values[m] > $1.values[m] : $0.replication < $1.replication }.prefix(count)
    }

    /// Each risk metric's mean in the tail by `m` against its mean over `list`.
    static func tailRisks(_ list: [ValueRow], by m: Int, risks: [(index: Int, id: String)]) -> [TailRisk] {
        guard !risks.isEmpty, !list.isEmpty else { return [] }
        let worst = tail(list, by: m)
        return risks.map { r in
            TailRisk(risk: r.id, meanInTail: worst.reduce(0.0) { $0 + $1.values[r.index] } / Double(worst.count),
                     meanOverall: list.reduce(0.0) { $0 + $1.values[r.index] } / Double(list.count))
        }
    }

    /// The portfolio's tail: the worst 5% by `sla.exposure`, its risk draws, and the sites and parts
    /// whose exposure and penalties make it up (from the rows the accumulator kept).
    static func portfolioTail(_ list: [ValueRow], p: Int, snapshot: ExperimentAccumulator.Snapshot, catalog: MetricCatalog,
                              risks: [(index: Int, id: String)],
                              siteNames: [String], partNames: [String], top: Int) -> TailSummary {
        guard let m = catalog.index(of: "sla.exposure"), !list.isEmpty else {
            return TailSummary(metric: "sla.exposure", level: tailLevel, replications: 0, threshold: 0, expectedShortfall: 0, risks: [], sites: [], parts: [])
        }
        let worst = tail(list, by: m)
        var summary = TailSummary(
            metric: "sla.exposure", level: tailLevel, replications: worst.count, threshold: worst.last?.values[m] ?? 0,
            expectedShortfall: worst.reduce(0.0) { $0 + $1.values[m] } / Double(worst.count),
            risks: tailRisks(list, by: m, risks: risks),
            sites: [], parts: [])
        guard p < snapshot.tails.count else { return summary }
        let kept = snapshot.tails[p].top(worst.count)
        guard kept.count == worst.count else { return summary }
        func contributors(_ flat: KeyPath<TailReservoir.Entry, [Int64]>, stride: Int, totals: AttributionTotals, names: [String]) -> [TailContributor] {
            var cents: [Int: Int64] = [:]
            for entry in kept {
                let values = entry[keyPath: flat]
                var k = 0
                while k + stride - 1 < values.count { cents[Int(values[k]), default: 0] += values[k + 1]; k += stride }
            }
            let n = Double(kept.count), all = Double(list.count)
            return cents.filter { $0.value > 0 }.sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.prefix(top).map { index, total in
                TailContributor(id: names[index], meanInTail: Double(total) / 100 / n,
                                meanOverall: Double(totals.totals[index]?.cents ?? 0) / 100 / all)
            }
        }
        summary.sites = contributors(\.sites, stride: ReplicationRow.siteFields, totals: snapshot.sites[p], names: siteNames)
        summary.parts = contributors(\.parts, stride: ReplicationRow.partFields, totals: snapshot.parts[p], names: partNames)
        return summary
    }
}
